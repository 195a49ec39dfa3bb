import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';

export const CONFIG_FILE_NAME = '.msc-audit.yaml';

/** The config to use: --config FILE, else .msc-audit.yaml in the working directory, else none. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new InputError(`config file ${explicit} does not exist: check --config`);
    return explicit;
  }
  const candidate = path.join(cwd, CONFIG_FILE_NAME);
  return existsSync(candidate) ? candidate : undefined;
}
