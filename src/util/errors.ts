/**
 * Errors that end a command with a one-line message and a documented exit code.
 * Anything else that escapes is a bug and is reported as such.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNAUDITABLE = 3;

/** Bad arguments, URLs, config, catalogue or snapshot files: exit 2. */
export class InputError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The server could not be audited (unreachable, discovery failed, /versions inconclusive): exit 3. */
export class UnauditableError extends Error {
  readonly exitCode = EXIT_UNAUDITABLE;
  constructor(message: string) {
    super(message);
    this.name = 'UnauditableError';
  }
}

export function isExpectedError(error: unknown): error is InputError | UnauditableError {
  return error instanceof InputError || error instanceof UnauditableError;
}
