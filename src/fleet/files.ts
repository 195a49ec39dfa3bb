import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { makeDirectory } from '../util/make-directory.js';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { RunMetadata } from './metadata.js';
import type { Shard } from './shard.js';

/**
 * The out-dir of a fleet run:
 *   index.json                    run metadata and one line per server (written last, atomically)
 *   servers/KEY.snapshot.json     what was seen (same schema as `probe -o`)
 *   servers/KEY.report.json       the judgement (same schema as `audit --format json`)
 *   servers/KEY.result.json       the server's line of the index; its presence means "finished"
 */
export const INDEX_FILE = 'index.json';
export const SERVERS_DIR = 'servers';
export const FLEET_INDEX_VERSION = 1;

export type ServerStatus = 'audited' | 'unreachable' | 'not-auditable' | 'failed';

export interface ServerResult {
  server: string;
  id: string;
  key: string;
  status: ServerStatus;
  /** Why it could not be audited (status other than audited). */
  reason?: string;
  /** Relative to the out-dir. */
  report?: string;
  snapshot?: string;
  /** Findings not waived and not in a baseline, by severity: what --fail-on is applied to. */
  findings?: { error: number; warning: number; info: number };
  software?: { name?: string; version?: string };
  durationMs: number;
  finishedAt: string;
}

export interface FleetIndex {
  schemaVersion: typeof FLEET_INDEX_VERSION;
  kind: 'msc-audit-fleet';
  run: RunMetadata;
  /** The share of the list this directory holds; several after a merge, none for a whole list. */
  shards: Shard[];
  /** False while a run is under way or after it was interrupted: rerun `fleet` to resume. */
  complete: boolean;
  startedAt: string;
  finishedAt?: string;
  counts: Record<ServerStatus, number> & { total: number };
  servers: ServerResult[];
}

export const resultFile = (key: string): string => path.join(SERVERS_DIR, `${key}.result.json`);
export const reportFile = (key: string): string => path.join(SERVERS_DIR, `${key}.report.json`);
export const snapshotFile = (key: string): string => path.join(SERVERS_DIR, `${key}.snapshot.json`);

export function ensureOutDir(outDir: string): void {
  try {
    makeDirectory(path.join(outDir, SERVERS_DIR));
  } catch (error) {
    throw new InputError(`cannot create --out-dir ${outDir} (${(error as NodeJS.ErrnoException).code ?? 'error'}): choose a writable directory`);
  }
}

export async function writeJson(outDir: string, relative: string, value: unknown): Promise<void> {
  await writeFileAtomic(path.join(outDir, relative), `${JSON.stringify(value, null, 2)}\n`);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The index of a directory, or undefined when it has none; exit 2 when it is not one of ours. */
export function readIndex(dir: string): FleetIndex | undefined {
  const file = path.join(dir, INDEX_FILE);
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = readJson(file);
  } catch (error) {
    throw new InputError(`${file} is not readable JSON (${error instanceof Error ? error.message : 'error'}): is this a fleet out-dir?`);
  }
  const index = value as Partial<FleetIndex> | null;
  if (index?.kind !== 'msc-audit-fleet' || index.schemaVersion !== FLEET_INDEX_VERSION || !Array.isArray(index.servers) || typeof index.run !== 'object') {
    throw new InputError(`${file} is not an msc-audit fleet index (version ${FLEET_INDEX_VERSION}): give a directory written by msc-audit fleet or merge`);
  }
  return index as FleetIndex;
}

/** Results already on disk (finished servers), by key; unreadable ones count as not finished. */
export function readResults(outDir: string): Map<string, ServerResult> {
  const results = new Map<string, ServerResult>();
  const dir = path.join(outDir, SERVERS_DIR);
  if (!existsSync(dir)) return results;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.result.json') || name.startsWith('.')) continue;
    try {
      const result = readJson(path.join(dir, name)) as ServerResult;
      if (typeof result.key === 'string' && typeof result.status === 'string') results.set(result.key, result);
    } catch {
      // A file we cannot read is not a finished server: it is audited again.
    }
  }
  return results;
}

export function countStatuses(results: readonly ServerResult[]): FleetIndex['counts'] {
  const counts = { total: results.length, audited: 0, unreachable: 0, 'not-auditable': 0, failed: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}
