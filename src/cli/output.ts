import { writeFileAtomic } from '../util/atomic-write.js';
import { colourLevel, renderHuman } from '../report/human.js';
import { renderJson } from '../report/json.js';
import type { Report } from '../report/model.js';
import type { OutputSettings } from './options.js';

/** Render a report in the chosen format and send it to stdout or, atomically, to a file. */
export async function emitReport(report: Report, settings: OutputSettings, io: CliIo): Promise<void> {
  const toFile = settings.output !== undefined;
  const text =
    settings.format === 'json'
      ? renderJson(report)
      : renderHuman(report, { colour: toFile ? (settings.color ? 1 : 0) : colourLevel(io.stdoutStream, settings.color, io.env), verbose: settings.verbose });
  if (settings.output !== undefined) await writeFileAtomic(settings.output, text);
  else io.stdout(text);
}

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
