import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { writeAdvice, writeFileAtomic } from '../util/atomic-write.js';
import type { CliIo } from './output.js';
import { forTerminal } from '../util/sanitize.js';

/**
 * Every path a command will write, checked before any work starts (before the first probe), so a
 * typo costs a second, not a full audit; and the one way they are written. `-` means stdout where
 * the output allows it. (No renderers here: probe, diff and scaffold load only this.)
 */
export interface PlannedOutput {
  /** How the user named it, for messages: "-o", "--report junit", "--save-snapshot". */
  option: string;
  /** The path as given, or "-" for stdout. */
  file: string;
  /** May this output go to stdout? */
  stdout?: boolean;
  /** A file name to suggest when the path given is a directory. */
  suggest?: string;
}

export interface ReadInput {
  /** What the command reads from it: "the snapshot", "--baseline". */
  what: string;
  file: string;
}

export const STDOUT = '-';
export const isStdout = (file: string | undefined): boolean => file === STDOUT;

/** An existing file that is not a regular file: a device or a pipe, written in place. */
export function isSpecialFile(file: string): boolean {
  const existing = statOrUndefined(file);
  return existing !== undefined && !existing.isFile() && !existing.isDirectory();
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The same file however it is spelled: resolved, with symlinks followed where the file exists. */
function identity(file: string): string {
  const absolute = path.resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
    } catch {
      return absolute;
    }
  }
}

function checkWritable(output: PlannedOutput): void {
  const shown = forTerminal(output.file);
  const existing = statOrUndefined(output.file);
  if (existing?.isDirectory()) {
    throw new InputError(`${output.option} ${shown} is a directory: give a file name inside it, e.g. ${forTerminal(path.join(output.file, output.suggest ?? 'msc-audit-output'))}`);
  }
  if (existing && !existing.isFile()) {
    // A device or a pipe (/dev/null, >(...)) is written in place: it only has to accept writing.
    try {
      accessSync(output.file, constants.W_OK);
      return;
    } catch (error) {
      throw new InputError(`${output.option} ${shown}: cannot write to it (${(error as NodeJS.ErrnoException).code ?? 'not writable'})`);
    }
  }
  const directory = path.dirname(path.resolve(output.file));
  const parent = statOrUndefined(directory);
  if (!parent) throw new InputError(`${output.option} ${shown}: the directory ${forTerminal(directory)} does not exist; create it first or give another path`);
  if (!parent.isDirectory()) throw new InputError(`${output.option} ${shown}: ${forTerminal(directory)} is not a directory`);
  try {
    accessSync(directory, constants.W_OK);
  } catch (error) {
    throw new InputError(`${output.option} ${shown}: cannot write in the directory ${forTerminal(directory)} (${(error as NodeJS.ErrnoException).code ?? 'not writable'}); give a writable place`);
  }
}

/**
 * Throw a one-line InputError for the first output that cannot be written, writes over an input
 * of the same command, or writes where another output also writes.
 */
export function checkOutputs(outputs: readonly PlannedOutput[], inputs: readonly ReadInput[] = []): void {
  const taken = new Map<string, PlannedOutput>();
  const inputsByIdentity = new Map(inputs.filter((input) => !isStdout(input.file)).map((input) => [identity(input.file), input]));
  for (const output of outputs) {
    let key: string;
    if (isStdout(output.file)) {
      if (output.stdout === false) throw new InputError(`${output.option} cannot be - (stdout) here: give a file name`);
      key = 'stdout';
    } else {
      checkWritable(output);
      key = identity(output.file);
      const input = inputsByIdentity.get(key);
      if (input) throw new InputError(`${output.option} ${forTerminal(output.file)} is also ${input.what} this command reads: write to another file, or it would be overwritten`);
    }
    const other = taken.get(key);
    if (other) {
      throw new InputError(
        key === 'stdout'
          ? `${other.option} and ${output.option} both write to stdout: send one of them to a file`
          : `${other.option} and ${output.option} both write to ${forTerminal(output.file)}: give each output its own file`,
      );
    }
    taken.set(key, output);
  }
}

/** Write text to stdout for "-", in place to a device or pipe (/dev/null, >(...)), else atomically. */
export async function writeOutput(file: string, text: string, io: CliIo): Promise<void> {
  if (isStdout(file)) return io.stdout(text);
  if (isSpecialFile(file)) {
    try {
      await writeFile(file, text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(`cannot write ${file} (${code ?? 'error'}): ${writeAdvice(code)}`);
    }
    return;
  }
  await writeFileAtomic(file, text);
}
