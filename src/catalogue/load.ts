import { readFileSync, existsSync } from 'node:fs';
import { Catalogue } from './index.js';
import { bundledCataloguePath, specsPath } from './paths.js';
import { readCatalogueDocument, readSpecsDirectory, firstIssueAsError } from './read-sources.js';
import { lintCatalogue } from './lint.js';
import type { CatalogueData } from './types.js';

/**
 * Load the catalogue for a run. The bundled catalogue is read from the pre-validated JSON
 * that `npm run build` writes, so start-up does not parse and validate hundreds of YAML
 * files. A user's file (--catalogue) is validated and linted on every load: it is input.
 */
export function loadBundledData(): CatalogueData {
  const bundle = bundledCataloguePath();
  if (existsSync(bundle)) return JSON.parse(readFileSync(bundle, 'utf8')) as CatalogueData;
  // A source checkout without a build: read and check the YAML directly (slower, same result).
  const sources = readSpecsDirectory(specsPath());
  const issues = [...sources.issues, ...lintCatalogue(sources.data, sources.locate)];
  if (issues.length > 0) throw firstIssueAsError(issues, 'bundled catalogue');
  return sources.data;
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

/** Read, validate and lint a user's catalogue file against the bundled one. */
export function readOverlay(file: string, base: CatalogueData): CatalogueData {
  const sources = readCatalogueDocument(file);
  if (sources.issues.length > 0) throw firstIssueAsError(sources.issues, 'catalogue file');
  const merged = overlayData(base, sources.data);
  // Lint the overlay's own entries in the context of the merged catalogue (so released_in and
  // supersedes may refer to bundled data), but only report problems located in the overlay.
  const issues = lintCatalogue(sources.data, sources.locate, { known: merged }).filter((issue) => issue.file === file);
  const conflicts = lintCatalogue(merged, sources.locate).filter((issue) => issue.file === file && issue.message.includes('already claimed'));
  const all = [...issues, ...conflicts.filter((c) => !issues.some((i) => i.line === c.line && i.message === c.message))];
  if (all.length > 0) throw firstIssueAsError(all, 'catalogue file');
  return merged;
}

export function loadCatalogue(options: { overlayFile?: string } = {}): Catalogue {
  const base = loadBundledData();
  return new Catalogue(options.overlayFile ? readOverlay(options.overlayFile, base) : base);
}
