import { readFileSync, existsSync } from 'node:fs';
import { Catalogue } from './index.js';
import { bundledCataloguePath, specsPath } from './paths.js';
import type { CatalogueData } from './types.js';

/**
 * Load the catalogue for a run. The bundled catalogue is read from the pre-validated JSON
 * that `npm run build` writes, so start-up neither parses YAML nor compiles schemas (those
 * modules are only imported when a user's file or a source checkout needs them).
 */
export async function loadBundledData(): Promise<CatalogueData> {
  const bundle = bundledCataloguePath();
  if (existsSync(bundle)) return JSON.parse(readFileSync(bundle, 'utf8')) as CatalogueData;
  // A source checkout without a build: read and check the YAML directly (slower, same result).
  const { buildBundle } = await import('./bundle.js');
  const { firstIssueAsError } = await import('./read-sources.js');
  const { data, issues } = buildBundle(specsPath());
  if (issues.length > 0) throw firstIssueAsError(issues, 'bundled catalogue');
  return data;
}

/** Later entries replace earlier ones with the same MSC number, flag or version. */
export function overlayData(base: CatalogueData, overlay: CatalogueData): CatalogueData {
  const mscs = new Map(base.mscs.map((entry) => [entry.msc, entry]));
  for (const entry of overlay.mscs) mscs.set(entry.msc, entry);
  const features = new Map(base.vendorFeatures.map((feature) => [feature.flag, feature]));
  for (const feature of overlay.vendorFeatures) features.set(feature.flag, feature);
  const versions = new Map(base.specVersions.map((version) => [version.version, version]));
  for (const version of overlay.specVersions) versions.set(version.version, version);
  return {
    meta: { ...base.meta, ...overlay.meta },
    mscs: [...mscs.values()],
    vendorFeatures: [...features.values()],
    specVersions: [...versions.values()],
  };
}

export async function loadCatalogue(options: { overlayFile?: string } = {}): Promise<Catalogue> {
  const base = await loadBundledData();
  if (!options.overlayFile) return new Catalogue(base);
  const { readOverlay } = await import('./overlay.js');
  return new Catalogue(readOverlay(options.overlayFile, base));
}
