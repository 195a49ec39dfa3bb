import { existsSync, statSync } from 'node:fs';
import { readCatalogueDocument, firstIssueAsError, type LintIssue } from './read-sources.js';
import { InputError } from '../util/errors.js';
import { forTerminal } from '../util/sanitize.js';
import { lintCatalogue } from './lint.js';
import { overlayData } from './load.js';
import type { CatalogueData } from './types.js';

/** Problems of a user's catalogue file, judged as layered over `base`. */
export function lintOverlayFile(file: string, base: CatalogueData): { issues: LintIssue[]; merged?: CatalogueData } {
  const sources = readCatalogueDocument(file);
  if (sources.issues.length > 0) return { issues: sources.issues };
  const merged = overlayData(base, sources.data);
  // Lint the file's own entries in the context of the merged catalogue (so released_in and
  // supersedes may refer to bundled data); report only problems located in the file.
  const own = lintCatalogue(sources.data, sources.locate, { known: merged });
  const conflicts = lintCatalogue(merged, sources.locate).filter((issue) => issue.file === file && issue.message.includes('already claimed'));
  const issues = [...own, ...conflicts.filter((c) => !own.some((i) => i.line === c.line && i.message === c.message))];
  return { issues, merged };
}

/** Read, validate and lint a user's catalogue file; one clear error if anything is wrong. */
export function readOverlay(file: string, base: CatalogueData): CatalogueData {
  // A path that is not a file is a wrong path, not an invalid catalogue (same words as catalogue lint).
  if (!existsSync(file) || statSync(file).isDirectory()) throw new InputError(`cannot read the catalogue file ${forTerminal(file)} (${existsSync(file) ? 'a directory' : 'no such file'}): check the path`);
  const { issues, merged } = lintOverlayFile(file, base);
  if (issues.length > 0 || !merged) throw firstIssueAsError(issues, 'catalogue file');
  return merged;
}
