import path from 'node:path';
import { readSpecsDirectory, type LintIssue } from './read-sources.js';
import { lintCatalogue } from './lint.js';
import { lintSpecHistory } from './lint-spec-history.js';
import { packagePath } from './paths.js';
import type { CatalogueData } from './types.js';

/** Read and check the YAML catalogue in a specs directory; return it with file paths relative to the package. */
export function buildBundle(specsDirectory: string): { data: CatalogueData; issues: LintIssue[] } {
  const sources = readSpecsDirectory(specsDirectory);
  const issues = [...sources.issues, ...lintCatalogue(sources.data, sources.locate), ...lintSpecHistory(sources.data, sources.locate, path.join(specsDirectory, 'spec-endpoints.yaml'))];
  const relative = (file: string): string => path.relative(packagePath(), file).split(path.sep).join('/');
  const data: CatalogueData = {
    ...sources.data,
    mscs: sources.data.mscs.map((entry) => ({ ...entry, origin: entry.origin ? { file: relative(entry.origin.file) } : undefined })),
    vendorFeatures: sources.data.vendorFeatures.map((feature) => ({ ...feature, origin: feature.origin ? { file: relative(feature.origin.file) } : undefined })),
  };
  return { data, issues: issues.map((issue) => ({ ...issue, file: relative(issue.file) })) };
}
