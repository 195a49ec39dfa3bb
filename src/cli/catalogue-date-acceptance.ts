import { existsSync, readFileSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { specsPath } from '../catalogue/paths.js';
import { InputError } from '../util/errors.js';
import { forTerminal } from '../util/sanitize.js';
import type { CliIo } from './output.js';

// Statuses that a merged proposal can have; any other status beside a merge is for a person to check.
const MERGED_STATUSES = new Set(['accepted', 'released', 'superseded']);

/**
 * `msc-audit catalogue date-acceptance`: date the acceptance of catalogued MSCs from the git
 * history of matrix-org/matrix-spec-proposals (src/catalogue/acceptance-dates.ts). Lists what it
 * would add and where the catalogue disagrees; `--write` adds the missing dates to the YAML files.
 */
export function addDateAcceptanceCommand(catalogue: Command, io: CliIo, setExit: (code: number) => void): void {
  catalogue
    .command('date-acceptance')
    .description('date the acceptance of catalogued MSCs from the git history of matrix-org/matrix-spec-proposals (the first-parent commit that merged each proposal); --write adds the missing dates to specs/mscs/')
    .requiredOption('--proposals-git <dir>', 'a matrix-org/matrix-spec-proposals git repository (a bare mirror will do)')
    .addOption(new Option('--branch <name>', 'its default branch').default('main'))
    .addOption(new Option('--specs <dir>', 'the catalogue sources to read and update (default: the bundled specs/)'))
    .addOption(new Option('--write', 'add transitions.accepted to the entries that have no acceptance date'))
    .action(async (raw: Record<string, unknown>) => {
      const specs = raw['specs'] !== undefined ? String(raw['specs']) : specsPath();
      if (!existsSync(specs) || !statSync(specs).isDirectory()) throw new InputError(`--specs ${forTerminal(specs)} is not a directory: give the specs/ directory of an msc-audit checkout`);
      const gitDir = String(raw['proposalsGit']);
      const { mergeSource, proposalMerge, readProposalCommits } = await import('../catalogue/acceptance-dates.js');
      let history;
      try {
        history = readProposalCommits(gitDir, String(raw['branch']));
      } catch (error) {
        const message = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr).split('\n')[0] ?? '' : String(error);
        throw new InputError(/not a git repository|cannot change to|No such file/i.test(message) ? `${forTerminal(gitDir)} is not a git repository: give a matrix-org/matrix-spec-proposals clone or mirror` : `git log failed in ${forTerminal(gitDir)}: ${forTerminal(message, 200)}`);
      }
      const { readSpecsDirectory } = await import('../catalogue/read-sources.js');
      const { data, issues } = readSpecsDirectory(specs);
      if (issues.length > 0) throw new InputError(`the catalogue in ${forTerminal(specs)} has problems: run msc-audit catalogue lint --specs ${forTerminal(specs)} first`);
      const { parseDocument } = await import('yaml');
      const { writeFileAtomic } = await import('../util/atomic-write.js');
      let disagreements = 0;
      let written = 0;
      for (const entry of data.mscs) {
        const merge = proposalMerge(history, entry.msc);
        if (!merge) continue;
        const source = mergeSource(merge);
        const known = entry.transitions?.accepted;
        if (known) {
          if (known.date !== merge.date) {
            disagreements += 1;
            io.stdout(`differs: MSC${entry.msc} accepted ${known.date} in the catalogue, but its proposal was merged on ${merge.date} (${source})\n`);
          }
          continue;
        }
        if (!MERGED_STATUSES.has(entry.status)) {
          disagreements += 1;
          io.stdout(`status: MSC${entry.msc} is ${entry.status} in the catalogue, but its proposal was merged on ${merge.date} (${source})\n`);
          continue;
        }
        io.stdout(`add: MSC${entry.msc} accepted ${merge.date} (${source})\n`);
        if (raw['write'] === true && entry.origin) {
          const text = readFileSync(entry.origin.file, 'utf8');
          const document = parseDocument(text);
          document.setIn(['transitions', 'accepted'], document.createNode({ date: merge.date, source }));
          // Keep the file's own way of writing sequences, so that the diff shows only the new date.
          await writeFileAtomic(entry.origin.file, document.toString({ lineWidth: 0, indentSeq: !/^- /m.test(text) }));
          written += 1;
        }
      }
      io.stderr(`${raw['write'] === true ? `wrote ${written} acceptance date(s)` : 'nothing written (use --write)'}; ${disagreements} disagreement(s) for a person to check\n`);
      setExit(disagreements === 0 ? 0 : 1);
    });
}
