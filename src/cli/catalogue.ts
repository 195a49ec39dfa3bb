import { Command, Option } from 'commander';
import { buildBundle } from '../catalogue/bundle.js';
import { loadBundledData } from '../catalogue/load.js';
import { readCatalogueDocument } from '../catalogue/read-sources.js';
import { lintCatalogue } from '../catalogue/lint.js';
import { overlayData } from '../catalogue/load.js';
import { specsPath } from '../catalogue/paths.js';
import type { CliIo } from './output.js';
import type { LintIssue } from '../catalogue/read-sources.js';

function lintFile(file: string): LintIssue[] {
  const base = loadBundledData();
  const sources = readCatalogueDocument(file);
  if (sources.issues.length > 0) return sources.issues;
  const merged = overlayData(base, sources.data);
  return lintCatalogue(sources.data, sources.locate, { known: merged });
}

export function catalogueCommand(io: CliIo, setExit: (code: number) => void): Command {
  const catalogue = new Command('catalogue').description('inspect and maintain the MSC catalogue');
  catalogue
    .command('lint')
    .description('validate the bundled catalogue sources (specs/), or a catalogue file given with --catalogue')
    .addOption(new Option('--catalogue <file>', 'lint this catalogue file (as layered over the bundled one)'))
    .addOption(new Option('--specs <dir>', 'lint a specs directory (default: the bundled one)'))
    .action((raw: Record<string, unknown>) => {
      const issues = raw['catalogue'] !== undefined ? lintFile(String(raw['catalogue'])) : buildBundle(raw['specs'] !== undefined ? String(raw['specs']) : specsPath()).issues;
      for (const issue of issues) io.stdout(`${issue.file}:${issue.line}: ${issue.message}\n`);
      io.stderr(issues.length === 0 ? 'catalogue lint: no problems\n' : `catalogue lint: ${issues.length} problem(s)\n`);
      setExit(issues.length === 0 ? 0 : 1);
    });
  return catalogue;
}
