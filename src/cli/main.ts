import { Command, CommanderError, Help } from 'commander';
import { COMMANDS } from './commands.js';
import { processIo, type CliIo } from './io.js';
import { EXIT_INTERNAL, EXIT_USAGE, internalErrorLine, isExpectedError } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import { stripControl } from '../util/sanitize.js';
import { elideLongRuns } from '../util/elide.js';

/**
 * Run msc-audit with `argv` (without node and script) and return the exit code:
 * 0 clean, 1 findings at or above --fail-on, 2 usage/input error, 3 server not auditable.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('msc-audit')
    .description('Audit a Matrix homeserver: which MSCs it runs, and whether it follows the MSC lifecycle')
    .version(toolVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // One line, prefixed, and pointing at --help.
      outputError: (text, write) => write(`msc-audit: ${elideLongRuns(stripControl(text.replace(/^error: /, '').trim()))} (see msc-audit --help)\n`),
    });
  // Only the command being run is loaded; the others stay one-line stubs for the help list
  // and for "did you mean" suggestions.
  const wanted = argv[0] === 'help' ? argv[1] : argv.find((arg) => !arg.startsWith('-'));
  const plainHelp = new Help();
  const synopses = new Map<Command, string>();
  for (const entry of COMMANDS) {
    const command = entry.name === wanted ? (await entry.load())(io, setExit) : new Command(entry.name);
    program.addCommand(command.description(entry.description));
    synopses.set(command, entry.synopsis);
  }
  program.configureHelp({
    subcommandTerm: (command) => {
      const synopsis = synopses.get(command);
      return synopsis === undefined ? plainHelp.subcommandTerm(command) : `${command.name()}${synopsis ? ` ${synopsis}` : ''}`;
    },
  });
  // Sub-commands inherit the program's error handling and output.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput());
    for (const sub of command.commands) sub.exitOverride().configureOutput(program.configureOutput());
  }

  const outcome = await parse(program, argv, io, () => exitCode);
  // A reader that left early (`msc-audit ... | head`) is not an error: the exit code stays the
  // one the work earned. Any other failure to write stdout (a full disk) is one line, exit 2.
  const failure = await io.finishStdout?.();
  if (outcome.error !== undefined) io.stderr(outcome.error);
  if (failure === undefined || failure.code === 'EPIPE') return outcome.code;
  io.stderr(`msc-audit: cannot write to standard output (${failure.code ?? failure.message}): check where it is redirected, and the free space there\n`);
  return Math.max(outcome.code, EXIT_USAGE);
}

/** Run the parsed command: the exit code it earned, or the one its error calls for and its line. */
async function parse(program: Command, argv: string[], io: CliIo, earned: () => number): Promise<{ code: number; error?: string }> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { code: earned() };
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return { code: 0 };
      return { code: EXIT_USAGE };
    }
    if (isExpectedError(error)) return { code: error.exitCode, error: `msc-audit: ${elideLongRuns(stripControl(error.message))}\n` };
    return { code: EXIT_INTERNAL, error: internalErrorLine(error, io.env) };
  }
}
