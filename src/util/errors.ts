import { forTerminal, stripControl } from './sanitize.js';

/**
 * Errors that end a command with a one-line message and a documented exit code.
 * Anything else that escapes is a bug and is reported as such.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNAUDITABLE = 3;
/** A bug in msc-audit (EX_SOFTWARE in sysexits.h). */
export const EXIT_INTERNAL = 70;

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

/** Not auditable because nothing answered (refused, reset, timeout, DNS, TLS): fleet runs record it as unreachable. */
export class UnreachableError extends UnauditableError {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

export function isExpectedError(error: unknown): error is InputError | UnauditableError {
  return error instanceof InputError || error instanceof UnauditableError;
}

/**
 * The line printed for an error that is a bug: its message only, because a stack trace helps
 * the maintainers, not the user; MSC_AUDIT_DEBUG=1 prints the stack for a bug report.
 */
export function internalErrorLine(error: unknown, env: NodeJS.ProcessEnv): string {
  const debug = env['MSC_AUDIT_DEBUG'] !== undefined && env['MSC_AUDIT_DEBUG'] !== '' && env['MSC_AUDIT_DEBUG'] !== '0';
  const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  const text = debug ? stripControl(detail, true) : forTerminal(detail, 500);
  return `msc-audit: internal error (please report it${debug ? '' : '; MSC_AUDIT_DEBUG=1 shows where it happened'}): ${text}\n`;
}
