import type { Catalogue } from '../catalogue/index.js';
import type { AuditSettings } from '../config/types.js';
import type { ProbeOptions } from '../probe/options.js';
import { Semaphore } from '../probe/gate.js';
import { mapConcurrent } from '../probe/pool.js';
import type { Report } from '../report/model.js';
import { InputError, UnauditableError, UnreachableError } from '../util/errors.js';
import { stripControl } from '../util/sanitize.js';
import { countStatuses, ensureOutDir, FLEET_INDEX_VERSION, INDEX_FILE, readIndex, readResults, reportFile, resultFile, snapshotFile, writeJson, type FleetIndex, type ServerResult } from './files.js';
import type { FleetServer } from './list.js';
import { judgementDifferences, sameShard, type RunMetadata } from './metadata.js';
import type { Shard } from './shard.js';
import type { Snapshot } from '../snapshot/types.js';

/** The one-server pass the fleet calls: the same function `audit` calls (src/cli/run-audit.ts). */
export type AuditPass = (input: { settings: AuditSettings; catalogue: Catalogue; probe: ProbeOptions }) => Promise<{ snapshot: Snapshot; report: Report }>;

export interface FleetRunInput {
  /** This run's share of the list. */
  servers: readonly FleetServer[];
  settingsFor(server: FleetServer): AuditSettings;
  catalogue: Catalogue;
  /** Per-server probe options (their `concurrency` is the per-server bound). */
  probe: ProbeOptions;
  audit: AuditPass;
  outDir: string;
  /** Servers audited at once. */
  jobs: number;
  /** Requests in flight at once over all servers. */
  maxRequests: number;
  force: boolean;
  run: RunMetadata;
  shard?: Shard;
  /** Called once per server, resumed ones included, as each finishes. */
  onResult?(result: ServerResult, resumed: boolean): void;
}

function activeCounts(report: Report): ServerResult['findings'] {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of report.findings) if (!finding.waived && finding.baseline !== 'known') counts[finding.severity] += 1;
  return counts;
}

/** Why a server could not be audited, in one line, from what its audit threw. */
function failure(error: unknown): Pick<ServerResult, 'status' | 'reason'> {
  const message = stripControl(error instanceof Error ? error.message : String(error));
  if (error instanceof UnreachableError) return { status: 'unreachable', reason: message };
  if (error instanceof UnauditableError || error instanceof InputError) return { status: 'not-auditable', reason: message };
  return { status: 'failed', reason: `internal error (please report it): ${message}` };
}

/**
 * A watchdog over one audit: the audit's own deadline stops its probes, but whatever
 * happens inside it, the fleet moves on once the deadline and a grace period have passed.
 */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnreachableError(`no answer within the deadline (${Math.round(ms / 1000)} s)`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function auditOne(server: FleetServer, input: FleetRunInput, probe: ProbeOptions): Promise<ServerResult> {
  const started = performance.now();
  const base = { server: server.input, id: server.id, key: server.key };
  let result: ServerResult;
  try {
    const { snapshot, report } = await withinDeadline(input.audit({ settings: input.settingsFor(server), catalogue: input.catalogue, probe }), probe.deadlineMs + 2 * probe.timeoutMs + 1000);
    // Snapshot and report first, the result last: a result on disk means a finished server.
    await writeJson(input.outDir, snapshotFile(server.key), snapshot);
    await writeJson(input.outDir, reportFile(server.key), report);
    result = {
      ...base,
      status: 'audited',
      report: reportFile(server.key),
      snapshot: snapshotFile(server.key),
      findings: activeCounts(report),
      ...(report.server.software ? { software: report.server.software } : {}),
      durationMs: Math.round(performance.now() - started),
      finishedAt: new Date().toISOString(),
    };
  } catch (error) {
    // An unwritable out-dir is the user's to fix, not this server's failure.
    if (error instanceof InputError && /^cannot write /.test(error.message)) throw error;
    result = { ...base, ...failure(error), durationMs: Math.round(performance.now() - started), finishedAt: new Date().toISOString() };
  }
  await writeJson(input.outDir, resultFile(server.key), result);
  return result;
}

function indexOf(input: FleetRunInput, startedAt: string, results: ServerResult[], complete: boolean): FleetIndex {
  const servers = [...results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    schemaVersion: FLEET_INDEX_VERSION,
    kind: 'msc-audit-fleet',
    run: input.run,
    shards: input.shard ? [input.shard] : [],
    complete,
    startedAt,
    ...(complete ? { finishedAt: new Date().toISOString() } : {}),
    counts: countStatuses(servers),
    servers,
  };
}

/**
 * Audit every server of the share, `jobs` at a time, each an independent value: one that
 * fails is recorded with its reason and never stops the others. Finished servers of an
 * earlier run into the same out-dir are kept unless `force`.
 */
export async function runFleet(input: FleetRunInput): Promise<FleetIndex> {
  const previous = readIndex(input.outDir);
  if (previous && !input.force) {
    const differences = judgementDifferences(previous.run, input.run);
    if (previous.run.list.checksum !== input.run.list.checksum) differences.push('server list');
    if (!sameShard(previous.shards[0], input.shard) || previous.shards.length > 1) differences.push('shard');
    if (differences.length > 0) {
      throw new InputError(`${input.outDir} holds a run with a different ${differences.join(', ')}: use another --out-dir, or --force to audit everything again`);
    }
  }
  ensureOutDir(input.outDir);
  const startedAt = !input.force && previous ? previous.startedAt : new Date().toISOString();
  const finished = input.force ? new Map<string, ServerResult>() : readResults(input.outDir);
  const results: ServerResult[] = [];
  const todo: FleetServer[] = [];
  for (const server of input.servers) {
    const done = finished.get(server.key);
    if (done && done.id === server.id) {
      results.push(done);
      input.onResult?.(done, true);
    } else {
      todo.push(server);
    }
  }
  await writeJson(input.outDir, INDEX_FILE, indexOf(input, startedAt, results, false));
  const gate = new Semaphore(input.maxRequests);
  let started = 0;
  await mapConcurrent(todo, input.jobs, async (server) => {
    // Each audit gets its own lane of the global gate: the earlier an audit started, the sooner its requests go.
    const probe: ProbeOptions = { ...input.probe, gate: gate.lane(started++) };
    const result = await auditOne(server, input, probe);
    results.push(result);
    input.onResult?.(result, false);
  });
  const index = indexOf(input, startedAt, results, true);
  await writeJson(input.outDir, INDEX_FILE, index);
  return index;
}
