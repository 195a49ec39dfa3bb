import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from './errors.js';

/**
 * Write a file so that readers never see half of it: write a temporary file in the
 * same directory (same filesystem, so rename is atomic), then rename it over the target.
 */
export async function writeFileAtomic(target: string, contents: string): Promise<void> {
  const directory = path.dirname(path.resolve(target));
  const temporary = path.join(directory, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temporary, contents, { mode: 0o644 });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    const code = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : undefined;
    throw new InputError(`cannot write ${target} (${code ?? String(error)}): ${writeAdvice(code)}`);
  }
}

/** What to do about a failed write, by its error code: the advice for a full disk is not the advice for a missing directory. */
export function writeAdvice(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk (or your quota) is full: free some space or write elsewhere';
    case 'EROFS':
      return 'the file system is read-only: write elsewhere';
    case 'EACCES':
    case 'EPERM':
      return 'no permission to write there: choose a directory you can write to';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'the directory does not exist: create it first or choose another path';
    case 'EISDIR':
      return 'that is a directory: give a file name';
    default:
      return 'check that the directory exists and is writable, and that the disk has space';
  }
}
