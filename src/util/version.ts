import { readFileSync } from 'node:fs';
import { packagePath } from '../catalogue/paths.js';

let cached: string | undefined;

/** This tool's version, from package.json. */
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
