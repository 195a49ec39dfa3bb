import { Command, Option } from 'commander';
import { specsPath } from '../catalogue/paths.js';
import type { CliIo } from './output.js';

export function catalogueCommand(io: CliIo, setExit: (code: number) => void): Command {
  const catalogue = new Command('catalogue').description('inspect and maintain the MSC catalogue');
  catalogue
    .command('lint')
    .description('validate the bundled catalogue sources (specs/), or a catalogue file given with --catalogue')
    .addOption(new Option('--catalogue <file>', 'lint this catalogue file (as layered over the bundled one)'))
    .addOption(new Option('--specs <dir>', 'lint a specs directory (default: the bundled one)'))
    .action(async (raw: Record<string, unknown>) => {
      let issues;
      if (raw['catalogue'] !== undefined) {
        const { lintOverlayFile } = await import('../catalogue/overlay.js');
        const { loadBundledData } = await import('../catalogue/load.js');
        issues = lintOverlayFile(String(raw['catalogue']), await loadBundledData()).issues;
      } else {
        const { buildBundle } = await import('../catalogue/bundle.js');
        issues = buildBundle(raw['specs'] !== undefined ? String(raw['specs']) : specsPath()).issues;
      }
      for (const issue of issues) io.stdout(`${issue.file}:${issue.line}: ${issue.message}\n`);
      io.stderr(issues.length === 0 ? 'catalogue lint: no problems\n' : `catalogue lint: ${issues.length} problem(s)\n`);
      setExit(issues.length === 0 ? 0 : 1);
    });
  return catalogue;
}
