import { appendFile } from 'node:fs/promises';
import { colourLevel, renderHuman, summaryLine } from '../report/human.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderGithub } from '../report/github.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Report } from '../report/model.js';
import type { Format, OutputSettings } from './options.js';
import { InputError } from '../util/errors.js';
import { checkOutputs, isStdout, writeOutput, type PlannedOutput, type ReadInput } from './output-paths.js';
import { escapeJsonText } from '../util/sanitize.js';
import type { CliIo } from './io.js';

export type { CliIo } from './io.js';

function render(format: Format, reports: readonly Report[], settings: OutputSettings, colour: 0 | 1, quiet: boolean): string {
  switch (format) {
    case 'human':
      return quiet ? `${reports.map((report) => summaryLine(report)).join('\n')}\n` : reports.map((report) => renderHuman(report, { colour, verbose: settings.verbose })).join('\n');
    case 'json':
      // One target: the report itself; several: all of them, each in the same schema
      // (specs/schema/reports.schema.json).
      return reports.length === 1 ? renderJson(reports[0]!) : `${escapeJsonText(JSON.stringify({ schemaVersion: 1, reports }, null, 2))}
`;
    case 'junit':
      return renderJunit(reports);
    case 'github':
      return renderGithub(reports);
    case 'markdown':
      return renderMarkdown(reports);
  }
}

const EXTENSION: Record<Format, string> = { human: 'txt', json: 'json', junit: 'xml', github: 'txt', markdown: 'md' };

/** The report outputs of a command (--format on stdout or -o, each --report), as planned outputs. */
export function reportOutputs(settings: OutputSettings): PlannedOutput[] {
  return [
    { option: settings.output !== undefined ? '-o' : `the --format ${settings.format} report`, file: settings.output ?? '-', suggest: `msc-audit.${EXTENSION[settings.format]}` },
    ...settings.reports.map((report) => ({ option: `--report ${report.format}`, file: report.file, suggest: `msc-audit.${EXTENSION[report.format]}` })),
  ];
}

/** Check the report outputs (and any further ones) before the command does any work. */
export function checkReportOutputs(settings: OutputSettings, inputs: readonly ReadInput[] = [], more: readonly PlannedOutput[] = []): void {
  checkOutputs([...reportOutputs(settings), ...more], inputs);
}

/**
 * Write the reports: the --format one to stdout or --output, each --report FORMAT=FILE to its
 * file. Stdout first, so a file that cannot be written at the end never costs the report shown.
 * --quiet shapes the terminal only: a file always gets the whole report.
 */
export async function emitReports(reports: readonly Report[], settings: OutputSettings, io: CliIo): Promise<void> {
  const toStdout = settings.output === undefined || isStdout(settings.output);
  const stdoutColour = toStdout ? colourLevel(io.stdoutStream, settings.color, io.env) : settings.color ? 1 : 0;
  const main = render(settings.format, reports, settings, stdoutColour, toStdout && settings.quiet);
  if (toStdout) io.stdout(main);
  else if (settings.quiet) io.stdout(`${reports.map((report) => summaryLine(report)).join('\n')}\n`);
  for (const extra of settings.reports) await writeOutput(extra.file, render(extra.format, reports, settings, 0, false), io);
  if (!toStdout) await writeOutput(settings.output!, main, io);
  const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
  if (settings.format === 'github' && summaryFile) {
    // The step summary is appended to, by the protocol GitHub defines for it.
    try {
      await appendFile(summaryFile, renderMarkdown(reports));
    } catch (error) {
      throw new InputError(`cannot append to GITHUB_STEP_SUMMARY ${summaryFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
}
