import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { specsPath } from '../catalogue/paths.js';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { escapeJsonText } from '../util/sanitize.js';
import { JSON_LIMITS, jsonShape } from '../util/bounded-json.js';
import { SNAPSHOT_VERSION, type Snapshot } from './types.js';

let validator: ValidateFunction | undefined;

function validateSnapshot(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    validator = ajv.compile(JSON.parse(readFileSync(specsPath('schema', 'snapshot.schema.json'), 'utf8')) as object);
  }
  return validator;
}

/** Check that parsed JSON is a snapshot this version can read; one clear error otherwise. */
export function parseSnapshot(value: unknown, file: string): Snapshot {
  // msc-audit writes server JSON cut to JSON_LIMITS.maxDepth, a few levels down in the snapshot;
  // anything much deeper was not written by it, and would overflow the stack of what follows.
  if (jsonShape(value).depth > JSON_LIMITS.maxDepth + 8) {
    throw new InputError(`${file} is nested deeper than any msc-audit snapshot (more than ${JSON_LIMITS.maxDepth + 8} levels): give a file written by msc-audit probe`);
  }
  const version = (value as { snapshotVersion?: unknown } | null)?.snapshotVersion;
  if (value !== null && typeof value === 'object' && typeof version === 'number' && version !== SNAPSHOT_VERSION) {
    throw new InputError(`${file} is a snapshot of version ${version}; this msc-audit reads version ${SNAPSHOT_VERSION}: re-run msc-audit probe`);
  }
  if (value !== null && typeof value === 'object' && 'schemaVersion' in value && 'findings' in value && !('snapshotVersion' in value)) {
    throw new InputError(`${file} is a JSON report, not a snapshot: give a file written by msc-audit probe (or audit --save-snapshot)`);
  }
  const validate = validateSnapshot();
  if (!validate(value)) {
    const error = validate.errors?.[0];
    const where = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    throw new InputError(`${file} is not a valid msc-audit snapshot: ${where} ${error?.message ?? 'is invalid'}; give a file written by msc-audit probe`);
  }
  const snapshot = value as Snapshot;
  const ids = new Set(snapshot.probes.map((probe) => probe.id));
  if (!ids.has(snapshot.documents.versions)) throw new InputError(`${file} is not a valid msc-audit snapshot: documents.versions names a probe that is not in it`);
  return snapshot;
}

export function readSnapshotFile(file: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read snapshot ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): check the path`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not JSON (${error instanceof Error ? error.message : 'parse error'}): give a snapshot written by msc-audit probe`);
  }
  return parseSnapshot(parsed, file);
}

export function snapshotJson(snapshot: Snapshot): string {
  return `${escapeJsonText(JSON.stringify(snapshot, null, 2))}
`;
}

export async function writeSnapshotFile(file: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(file, snapshotJson(snapshot));
}
