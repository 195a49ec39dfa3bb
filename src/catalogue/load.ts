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

/**
 * Merge two lists keyed by `key`: an overlay item replaces the base items with its key (in the
 * first one's place), other overlay items are appended, and every other base item stays, even
 * base items that share a key (the spec lists some endpoints twice, once per module).
 */
function mergeByKey<T>(base: readonly T[] | undefined, overlay: readonly T[] | undefined, key: (item: T) => string | undefined): T[] {
  const replacements = new Map<string, T>();
  for (const item of overlay ?? []) {
    const name = key(item);
    if (name !== undefined) replacements.set(name, item);
  }
  const placed = new Set<string>();
  const merged: T[] = [];
  for (const item of base ?? []) {
    const name = key(item);
    const replacement = name === undefined ? undefined : replacements.get(name);
    if (replacement === undefined) merged.push(item);
    else if (!placed.has(name!)) {
      placed.add(name!);
      merged.push(replacement);
    }
  }
  for (const item of overlay ?? []) {
    const name = key(item);
    if (name === undefined) merged.push(item);
    else if (!placed.has(name) && replacements.get(name) === item) {
      placed.add(name);
      merged.push(item);
    }
  }
  return merged;
}

/**
 * Layer a user's catalogue over a base one. An overlay adds and replaces (later entries win for
 * the same MSC number, flag, version, spec endpoint or spec name); it never removes: the base's
 * spec endpoints and spec names stay, or the rules that rest on them would silently change.
 */
export function overlayData(base: CatalogueData, overlay: CatalogueData): CatalogueData {
  return {
    meta: { ...base.meta, ...overlay.meta },
    mscs: mergeByKey(base.mscs, overlay.mscs, (entry) => String(entry.msc)),
    vendorFeatures: mergeByKey(base.vendorFeatures, overlay.vendorFeatures, (feature) => feature.flag),
    specVersions: mergeByKey(base.specVersions, overlay.specVersions, (version) => version.version),
    specEndpoints: mergeByKey(base.specEndpoints, overlay.specEndpoints, (endpoint) => `${endpoint.method} ${endpoint.path}`),
    specNames: mergeByKey(base.specNames, overlay.specNames, (name) => `${name.kind} ${name.name}`),
  };
}

/**
 * The catalogue for a run: the bundled data, a user's catalogue file over it, then the facts of a
 * refresh from GitHub (`refreshFile`, when the caller found one and may use it).
 */
export async function loadCatalogue(options: { overlayFile?: string; refreshFile?: string } = {}): Promise<Catalogue> {
  let data = await loadBundledData();
  if (options.overlayFile) data = (await import('./overlay.js')).readOverlay(options.overlayFile, data);
  if (options.refreshFile) data = (await import('./refresh/load.js')).withRefresh(data, options.refreshFile);
  return new Catalogue(data);
}
