import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { InputError } from '../util/errors.js';
import { escapeJsonText } from '../util/sanitize.js';
import type { Report } from '../report/model.js';
import { catalogueFor, judge, loadSettings } from './run-audit.js';
import type { CliIo } from './output.js';
import { checkOutputs, writeOutput } from './output-paths.js';

/** A JSON report as is, or a snapshot judged with the current settings (as of the day it was taken). */
async function asReport(file: string, raw: Record<string, unknown>): Promise<Report> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'unreadable')}): give a snapshot or a JSON report`);
  }
  const value = parsed as { schemaVersion?: unknown; snapshotVersion?: unknown; findings?: unknown; features?: unknown };
  if (value.schemaVersion === 1 && Array.isArray(value.findings) && Array.isArray(value.features)) return parsed as Report;
  if (value.snapshotVersion !== undefined) {
    const { parseSnapshot } = await import('../snapshot/io.js');
    const snapshot = parseSnapshot(parsed, file);
    const [settings] = await loadSettings({ ...raw, asOf: raw['asOf'] ?? snapshot.finishedAt.slice(0, 10) }, snapshot.target.input);
    return judge(snapshot, await catalogueFor(settings!), settings!).report;
  }
  throw new InputError(`${file} is neither an msc-audit snapshot nor a JSON report (with one target)`);
}

export function diffCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('diff')
    .argument('<old>', 'the earlier snapshot or JSON report')
    .argument('<new>', 'the later snapshot or JSON report')
    .addOption(new Option('--format <format>', 'human, json or markdown').default('human').choices(['human', 'json', 'markdown']))
    .addOption(new Option('-o, --output <file>', 'write the diff to a file (atomically; - for stdout)'))
    .addOption(new Option('--fail-on-regression', 'exit 1 when a feature was lost or a new finding appeared'))
    .addOption(new Option('--config <file>', 'configuration for judging snapshots'))
    .addOption(new Option('--no-config', 'ignore .msc-audit.yaml'))
    .addOption(new Option('--policy <policy>', 'policy for judging snapshots'))
    .addOption(new Option('--as-of <date>', 'judge snapshots as of this date (default: the day each was taken)'))
    .action(async (oldFile: string, newFile: string, raw: Record<string, unknown>) => {
      if (raw['output'] !== undefined) {
        checkOutputs([{ option: '-o', file: String(raw['output']), stdout: true, suggest: 'msc-audit-diff.txt' }], [{ what: 'the <old> file', file: oldFile }, { what: 'the <new> file', file: newFile }]);
      }
      const { diffReports } = await import('../ci/diff.js');
      const diff = diffReports(await asReport(oldFile, raw), await asReport(newFile, raw));
      const { renderDiffHuman, renderDiffMarkdown } = await import('../report/diff.js');
      const text = raw['format'] === 'json' ? `${escapeJsonText(JSON.stringify(diff, null, 2))}
` : raw['format'] === 'markdown' ? renderDiffMarkdown(diff) : renderDiffHuman(diff);
      await writeOutput(raw['output'] !== undefined ? String(raw['output']) : '-', text, io);
      setExit(raw['failOnRegression'] === true && diff.regression ? 1 : 0);
    });
}
