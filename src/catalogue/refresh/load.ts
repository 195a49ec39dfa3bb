import { existsSync } from 'node:fs';
import type { CatalogueData } from '../types.js';
import { applyRefresh } from './apply.js';
import { cacheDirectory, overlayPath } from './cache-dir.js';
import { readOverlayFile } from './overlay-file.js';

/** The catalogue data with the refresh overlay applied (unchanged when the file is absent). */
export function withRefresh(data: CatalogueData, file: string): CatalogueData {
  const overlay = readOverlayFile(file);
  return overlay ? applyRefresh(data, overlay, file) : data;
}

/**
 * The refresh overlay a command should use, if any: none with --offline-catalogue or
 * `catalogue: {refresh: false}`, none without a cache directory, none when no refresh ran.
 */
export function refreshFileFor(options: { offline?: boolean; cacheDir?: string }, env: NodeJS.ProcessEnv): string | undefined {
  if (options.offline) return undefined;
  const directory = cacheDirectory(options.cacheDir, env);
  if (directory === undefined) return undefined;
  const file = overlayPath(directory);
  return existsSync(file) ? file : undefined;
}
