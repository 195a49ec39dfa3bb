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
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw new InputError(`cannot write ${target} (${reason}): check that the directory exists and is writable`);
  }
}
