import { appendFile } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write.js';
import { colourLevel, renderHuman, summaryLine } from '../report/human.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderGithub } from '../report/github.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Report } from '../report/model.js';
import type { Format, OutputSettings } from './options.js';
import { InputError } from '../util/errors.js';

/** Where a command writes: injectable so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutStream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutStream: process.stdout,
  env: process.env,
};

function render(format: Format, reports: readonly Report[], settings: OutputSettings, colour: 0 | 1): string {
  switch (format) {
    case 'human':
      return settings.quiet ? `${reports.map((report) => summaryLine(report)).join('\n')}\n` : reports.map((report) => renderHuman(report, { colour, verbose: settings.verbose })).join('\n');
    case 'json':
      // One target: the report itself; several: all of them, each in the same schema.
      return reports.length === 1 ? renderJson(reports[0]!) : `${JSON.stringify({ schemaVersion: 1, reports }, null, 2)}\n`;
    case 'junit':
      return renderJunit(reports);
    case 'github':
      return renderGithub(reports);
    case 'markdown':
      return renderMarkdown(reports);
  }
}

/** Write the reports: the --format one to stdout or --output, each --report FORMAT=FILE to its file. */
export async function emitReports(reports: readonly Report[], settings: OutputSettings, io: CliIo): Promise<void> {
  const stdoutColour = settings.output !== undefined ? (settings.color ? 1 : 0) : colourLevel(io.stdoutStream, settings.color, io.env);
  const main = render(settings.format, reports, settings, stdoutColour);
  for (const extra of settings.reports) await writeFileAtomic(extra.file, render(extra.format, reports, { ...settings, quiet: false }, 0));
  if (settings.output !== undefined) await writeFileAtomic(settings.output, main);
  else io.stdout(main);
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
