import type { Catalogue } from '../catalogue/index.js';
import { loadCatalogue } from '../catalogue/load.js';
import type { AuditSettings } from '../config/types.js';

/**
 * The catalogue a command judges with: bundled, the user's file over it, and the refresh from
 * GitHub when one is present and not switched off (--offline-catalogue, catalogue.refresh: false).
 * In its own module so that commands that only look things up (explain, the API) need not load
 * the rule engine that run-audit.ts brings (which re-exports it for the other commands).
 */
export async function catalogueFor(settings: Pick<AuditSettings, 'catalogueFile' | 'offlineCatalogue' | 'cacheDir'>, env: NodeJS.ProcessEnv = process.env): Promise<Catalogue> {
  const { refreshFileFor } = await import('../catalogue/refresh/load.js');
  const refreshFile = refreshFileFor({ ...(settings.offlineCatalogue ? { offline: true } : {}), ...(settings.cacheDir !== undefined ? { cacheDir: settings.cacheDir } : {}) }, env);
  return loadCatalogue({ ...(settings.catalogueFile ? { overlayFile: settings.catalogueFile } : {}), ...(refreshFile ? { refreshFile } : {}) });
}
