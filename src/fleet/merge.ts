import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { countStatuses, ensureOutDir, FLEET_INDEX_VERSION, INDEX_FILE, readIndex, resultFile, writeJson, type FleetIndex, type ServerResult } from './files.js';
import { judgementDifferences } from './metadata.js';

/** Copy one file of a shard into the merged directory, atomically. */
async function copyInto(fromDir: string, toDir: string, relative: string): Promise<void> {
  let contents: string;
  try {
    contents = readFileSync(path.join(fromDir, relative), 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path.join(fromDir, relative)} (${(error as NodeJS.ErrnoException).code ?? 'error'}): the shard's out-dir is incomplete; rerun its fleet job`);
  }
  await writeFileAtomic(path.join(toDir, relative), contents);
}

/**
 * Combine the out-dirs of shards of one list into one out-dir, as if one run had audited
 * them all. Refuses shards judged differently (catalogue, policy, as-of date), shards of
 * another list, unfinished ones, and any server present twice.
 */
export async function mergeRuns(dirs: readonly string[], outDir: string, warn: (text: string) => void): Promise<FleetIndex> {
  if (dirs.length === 0) throw new InputError('merge needs at least one fleet out-dir');
  const target = path.resolve(outDir);
  const indexes: Array<{ dir: string; index: FleetIndex }> = [];
  for (const dir of dirs) {
    if (path.resolve(dir) === target) throw new InputError(`--out-dir ${outDir} is also an input: merge into a new directory`);
    const index = readIndex(dir);
    if (!index) throw new InputError(`${dir} has no ${INDEX_FILE}: give out-dirs written by msc-audit fleet`);
    if (!index.complete) throw new InputError(`${dir} holds an unfinished run: rerun its fleet command to resume it, then merge`);
    indexes.push({ dir, index });
  }
  const first = indexes[0]!;
  for (const { dir, index } of indexes.slice(1)) {
    const differences = judgementDifferences(first.index.run, index.run);
    if (differences.length > 0) throw new InputError(`${dir} was judged with a different ${differences.join(', ')} than ${first.dir}: rerun the shards with the same catalogue, --policy and --as-of`);
    if (index.run.list.checksum !== first.index.run.list.checksum) {
      throw new InputError(`${dir} audited another server list than ${first.dir}: merge shards of one list (give different runs to msc-audit matrix instead)`);
    }
  }
  const owners = new Map<string, string>();
  const servers: ServerResult[] = [];
  for (const { dir, index } of indexes) {
    for (const result of index.servers) {
      const other = owners.get(result.key);
      if (other !== undefined) throw new InputError(`${result.server} is in both ${other} and ${dir}: give each shard once`);
      owners.set(result.key, dir);
      servers.push(result);
    }
  }
  const shards = indexes.flatMap(({ index }) => index.shards).sort((a, b) => a.count - b.count || a.index - b.index);
  const count = shards[0]?.count;
  if (count !== undefined) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shards.some((shard) => shard.index === i && shard.count === count));
    if (missing.length > 0) warn(`msc-audit: warning: shards ${missing.map((i) => `${i}/${count}`).join(', ')} are missing from this merge\n`);
  }

  ensureOutDir(outDir);
  for (const { dir, index } of indexes) {
    for (const result of index.servers) {
      for (const file of [result.snapshot, result.report]) if (file !== undefined) await copyInto(dir, outDir, file);
      await writeJson(outDir, resultFile(result.key), result);
    }
  }
  servers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const merged: FleetIndex = {
    schemaVersion: FLEET_INDEX_VERSION,
    kind: 'msc-audit-fleet',
    run: first.index.run,
    shards,
    complete: true,
    startedAt: indexes.map(({ index }) => index.startedAt).sort()[0]!,
    finishedAt: indexes.map(({ index }) => index.finishedAt ?? index.startedAt).sort().at(-1)!,
    counts: countStatuses(servers),
    servers,
  };
  await writeJson(outDir, INDEX_FILE, merged);
  return merged;
}
