import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { InputError } from '../util/errors.js';
import { requireIsoDate, today } from '../util/dates.js';
import { POLICY_IDS, type PolicyId } from '../rules/policy.js';
import type { Severity } from '../rules/types.js';
import { DEFAULT_PROBE_OPTIONS, type ProbeOptions } from '../probe/options.js';

/** Option definitions shared by several commands, and their validation into typed values. */
export const FORMATS = ['human', 'json'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

export function judgementOptions(): Option[] {
  return [
    new Option('--policy <policy>', 'lifecycle policy: spec (stable names once FCP completed) or msc2324 (only once released)').default('spec'),
    new Option('--as-of <date>', 'judge as of this date, YYYY-MM-DD (default: today)'),
    new Option('--fail-on <severity>', 'exit 1 when a finding is at or above: error, warning, info or none').default('error'),
    new Option('--catalogue <file>', 'a YAML catalogue file layered over the bundled catalogue'),
  ];
}

export function outputOptions(): Option[] {
  return [
    new Option('--format <format>', 'report format: human or json').default('human'),
    new Option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout'),
    new Option('--color', 'force colours in the human report'),
    new Option('--no-color', 'no colours (NO_COLOR is respected too)'),
    new Option('--verbose', 'show all evidence of each finding'),
  ];
}

export function probeOptions(): Option[] {
  return [
    new Option('--insecure', 'allow plain http:// to hosts other than loopback'),
    new Option('--timeout <ms>', 'per-request timeout in milliseconds').default(String(DEFAULT_PROBE_OPTIONS.timeoutMs)),
    new Option('--deadline <seconds>', 'give up on probes not done after this many seconds').default(String(DEFAULT_PROBE_OPTIONS.deadlineMs / 1000)),
    new Option('--concurrency <n>', 'requests in flight at once').default(String(DEFAULT_PROBE_OPTIONS.concurrency)),
    new Option('--retries <n>', 'retries after 429, 5xx or a network error').default(String(DEFAULT_PROBE_OPTIONS.retries)),
    new Option('--token-file <file>', 'read an access token from this file (or set MATRIX_ACCESS_TOKEN)'),
    new Option('--token <token>', 'an access token on the command line (lands in shell history: prefer --token-file)'),
  ];
}

/**
 * The access token, from --token-file, --token or MATRIX_ACCESS_TOKEN (in that order).
 * The value never reaches output: only GET requests to the audited origin carry it.
 */
export function accessToken(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, warn: (text: string) => void): string | undefined {
  let token: string | undefined;
  if (raw['tokenFile'] !== undefined) {
    const file = String(raw['tokenFile']);
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new InputError(`cannot read the token file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): check the path`);
    }
    if (!token) throw new InputError(`the token file ${file} is empty: put the access token in it`);
  } else if (raw['token'] !== undefined) {
    warn('msc-audit: warning: --token puts the access token in your shell history and process list; prefer --token-file or MATRIX_ACCESS_TOKEN\n');
    token = String(raw['token']).trim();
  } else if (env['MATRIX_ACCESS_TOKEN']) {
    token = env['MATRIX_ACCESS_TOKEN'].trim();
  }
  if (token !== undefined && token.length === 0) throw new InputError('the access token is empty');
  return token;
}

export interface JudgementSettings {
  policy: PolicyId;
  asOf: string;
  failOn: Severity | 'none';
  catalogueFile?: string;
}

export interface OutputSettings {
  format: Format;
  output?: string;
  color?: boolean;
  verbose: boolean;
}

function integer(value: string, name: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new InputError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return number;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function judgementSettings(raw: Record<string, unknown>): JudgementSettings {
  return {
    policy: oneOf(String(raw['policy'] ?? 'spec'), POLICY_IDS, '--policy'),
    asOf: raw['asOf'] !== undefined ? requireIsoDate(String(raw['asOf']), '--as-of') : today(),
    failOn: oneOf(String(raw['failOn'] ?? 'error'), FAIL_ON, '--fail-on'),
    ...(raw['catalogue'] !== undefined ? { catalogueFile: String(raw['catalogue']) } : {}),
  };
}

export function outputSettings(raw: Record<string, unknown>): OutputSettings {
  // With both --color and --no-color declared (in that order), commander leaves the value
  // undefined unless one is given, so NO_COLOR and TTY detection decide by default.
  const explicit = typeof raw['color'] === 'boolean' ? raw['color'] : undefined;
  return {
    format: oneOf(String(raw['format'] ?? 'human'), FORMATS, '--format'),
    ...(raw['output'] !== undefined ? { output: String(raw['output']) } : {}),
    ...(explicit !== undefined ? { color: explicit } : {}),
    verbose: raw['verbose'] === true,
  };
}

export function probeSettings(raw: Record<string, unknown>): ProbeOptions {
  return {
    ...DEFAULT_PROBE_OPTIONS,
    insecure: raw['insecure'] === true,
    timeoutMs: integer(String(raw['timeout']), '--timeout', 100, 600_000),
    deadlineMs: integer(String(raw['deadline']), '--deadline', 1, 3600) * 1000,
    concurrency: integer(String(raw['concurrency']), '--concurrency', 1, 64),
    retries: integer(String(raw['retries']), '--retries', 0, 10),
  };
}
