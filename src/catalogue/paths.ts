import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this module both in src/ (tests) and dist/ (runtime). */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function specsPath(...segments: string[]): string {
  return path.join(packageRoot, 'specs', ...segments);
}

export function bundledCataloguePath(): string {
  return path.join(packageRoot, 'dist', 'catalogue.json');
}

export function packagePath(...segments: string[]): string {
  return path.join(packageRoot, ...segments);
}
