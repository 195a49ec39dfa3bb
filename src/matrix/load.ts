import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Catalogue } from '../catalogue/index.js';
import type { AuditSettings } from '../config/types.js';
import type { Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { readIndex } from '../fleet/files.js';
import type { MatrixInput } from './build.js';

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): ${what}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not JSON (${error instanceof Error ? error.message : 'parse error'}): ${what}`);
  }
}

function isReport(value: unknown): value is Report {
  const report = value as Partial<Report> | null;
  return report?.schemaVersion === 1 && Array.isArray(report.findings) && Array.isArray(report.features) && typeof report.target === 'object';
}

function fromDirectory(dir: string): MatrixInput[] {
  const index = readIndex(dir);
  if (!index) throw new InputError(`${dir} has no index.json: give a fleet out-dir, a JSON report or a snapshot`);
  if (!index.complete) throw new InputError(`${dir} holds an unfinished fleet run: rerun its fleet command to resume it`);
  return index.servers.map((result) => {
    const base = { server: result.id, status: result.status, ...(result.reason !== undefined ? { reason: result.reason } : {}) };
    if (result.status !== 'audited' || !result.report) return base;
    const report = readJsonFile(path.join(dir, result.report), 'the out-dir is incomplete; rerun fleet with --force');
    if (!isReport(report)) throw new InputError(`${path.join(dir, result.report)} is not an msc-audit JSON report`);
    // The snapshot only adds curl lines: a matrix is still built without it.
    let snapshot: Snapshot | undefined;
    if (result.snapshot) {
      try {
        snapshot = JSON.parse(readFileSync(path.join(dir, result.snapshot), 'utf8')) as Snapshot;
      } catch {
        snapshot = undefined;
      }
    }
    return { ...base, report, ...(snapshot ? { snapshot } : {}) };
  });
}

/**
 * The servers of `matrix`'s inputs: fleet out-dirs, JSON reports (single or multi-target) and
 * snapshots (judged here with `settings`, offline). All must be judged with one policy and
 * as-of date; a server given twice is an error.
 */
export async function loadMatrixInputs(paths: readonly string[], catalogue: Catalogue, settings: AuditSettings): Promise<MatrixInput[]> {
  const inputs: Array<MatrixInput & { from: string }> = [];
  for (const given of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(given).isDirectory();
    } catch (error) {
      throw new InputError(`cannot read ${given} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): give fleet out-dirs, JSON reports or snapshots`);
    }
    if (isDirectory) {
      inputs.push(...fromDirectory(given).map((input) => ({ ...input, from: given })));
      continue;
    }
    const value = readJsonFile(given, 'give fleet out-dirs, JSON reports or snapshots');
    const multi = (value as { reports?: unknown } | null)?.reports;
    if (Array.isArray(multi) || isReport(value)) {
      for (const report of Array.isArray(multi) ? multi : [value]) {
        if (!isReport(report)) throw new InputError(`${given} holds something that is not an msc-audit JSON report`);
        inputs.push({ server: report.target.input, status: 'audited', report, from: given });
      }
    } else if (typeof (value as { snapshotVersion?: unknown } | null)?.snapshotVersion === 'number') {
      const { parseSnapshot } = await import('../snapshot/io.js');
      const { judge } = await import('../cli/run-audit.js');
      const snapshot = parseSnapshot(value, given);
      const { report } = judge(snapshot, catalogue, settings);
      inputs.push({ server: snapshot.target.input, status: 'audited', report, snapshot, from: given });
    } else {
      throw new InputError(`${given} is neither a fleet out-dir, an msc-audit JSON report nor a snapshot`);
    }
  }
  const judged = inputs.filter((input) => input.report);
  const first = judged[0];
  for (const input of judged) {
    if (input.report!.policy !== first!.report!.policy || input.report!.asOf !== first!.report!.asOf) {
      throw new InputError(
        `${input.from} was judged with policy ${input.report!.policy} as of ${input.report!.asOf}, ${first!.from} with ${first!.report!.policy} as of ${first!.report!.asOf}: one matrix needs one judgement`,
      );
    }
  }
  const owners = new Map<string, string>();
  for (const input of inputs) {
    const other = owners.get(input.server);
    if (other !== undefined) throw new InputError(`${input.server} is in both ${other} and ${input.from}: give each server once`);
    owners.set(input.server, input.from);
  }
  return inputs.map(({ from: _from, ...input }) => input);
}
