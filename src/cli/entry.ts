import { runCli } from './main.js';
import { EXIT_INTERNAL, internalErrorLine } from '../util/errors.js';

/**
 * The process around runCli, started by bin/msc-audit.js. An error that escapes every command
 * (a bug, or a socket error emitted after its command ended) ends the run with one line and
 * exit 70 instead of Node's stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  const fail = (error: unknown): void => {
    process.stderr.write(internalErrorLine(error, process.env));
    process.exit(EXIT_INTERNAL);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.exitCode = await runCli(argv);
}
