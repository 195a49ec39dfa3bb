import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's `mkdirSync(dir, { recursive: true })` never returns
 * where the file system refuses to create a directory under a parent that exists (it loops on
 * ENOENT under /proc, for one), and a user's --out-dir or --cache-dir may point anywhere: here
 * such a path fails with the file system's own error code, which the caller turns into one line.
 */
export function makeDirectory(directory: string): void {
  const missing: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    let exists = false;
    try {
      exists = statSync(current).isDirectory();
      if (!exists) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (exists) break;
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Made meanwhile by another process (two fleet shards sharing a parent): fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
