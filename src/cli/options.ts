import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { InputError } from '../util/errors.js';
import { requireIsoDate } from '../util/dates.js';
import type { CliOverrides } from '../config/resolve.js';
import { POLICY_IDS } from '../rules/policy.js';
import { DEFAULT_PROBE_OPTIONS, type ProbeOptions } from '../probe/options.js';

/** Option definitions shared by several commands, and their validation into typed values. */
export const FORMATS = ['human', 'json', 'junit', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

// No defaults here: a value is taken from the command line only when given there, so the
// config file and its presets can supply it otherwise (see src/config/resolve.ts).
export function judgementOptions(): Option[] {
  return [
    new Option('--config <file>', 'configuration file (default: .msc-audit.yaml in the working directory, if present)'),
    new Option('--no-config', 'ignore .msc-audit.yaml'),
    new Option('--policy <policy>', 'lifecycle policy: spec (stable names once FCP completed; default) or msc2324 (only once released)'),
    new Option('--as-of <date>', 'judge as of this date, YYYY-MM-DD (default: today)'),
    new Option('--fail-on <severity>', 'exit 1 when a finding is at or above: error (default), warning, info or none'),
    new Option('--catalogue <file>', 'a YAML catalogue file layered over the bundled catalogue'),
    new Option('--baseline <file>', 'a previous JSON report: its findings are known and do not fail the build'),
    ...refreshUseOptions(),
  ];
}

/** Whether to use the catalogue refreshed from GitHub (msc-audit catalogue refresh), and where it is. */
export function refreshUseOptions(): Option[] {
  return [
    new Option('--offline-catalogue', 'use the bundled catalogue only, ignoring a refresh from GitHub (reproducible CI)'),
    new Option('--cache-dir <dir>', 'where catalogue refresh keeps its data (default: $XDG_CACHE_HOME/msc-audit or ~/.cache/msc-audit)'),
  ];
}

export function outputOptions(): Option[] {
  return [
    new Option('--format <format>', `report format on stdout: ${FORMATS.join(', ')}`).default('human'),
    new Option('-o, --output <file>', 'write the --format report to a file (atomically) instead of stdout'),
    new Option('--report <format=file>', 'also write a report in another format to a file; repeatable, e.g. --report junit=msc-audit.xml').argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    new Option('--color', 'force colours in the human report'),
    new Option('--no-color', 'no colours (NO_COLOR is respected too)'),
    new Option('--quiet', 'print only the summary line (human format)'),
    new Option('--verbose', 'trace every probe to stderr (secrets redacted) and show all evidence'),
  ];
}

export function probeOptions(): Option[] {
  return [
    new Option('--insecure', 'allow plain http:// to hosts other than loopback, and tokens over http'),
    new Option('--timeout <ms>', 'bound on each whole request (connect, headers and body), in milliseconds').default(String(DEFAULT_PROBE_OPTIONS.timeoutMs)),
    new Option('--deadline <seconds>', 'bound on the whole run: probes not done after this many seconds are inconclusive').default(String(DEFAULT_PROBE_OPTIONS.deadlineMs / 1000)),
    new Option('--concurrency <n>', 'requests in flight at once').default(String(DEFAULT_PROBE_OPTIONS.concurrency)),
    new Option('--retries <n>', 'retries of ambiguous answers: 429, 5xx, a reset, a timeout, JSON cut short, a 2xx HTML page (never after no such host, a certificate problem or a refused connection)').default(String(DEFAULT_PROBE_OPTIONS.retries)),
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

export interface OutputSettings {
  format: Format;
  output?: string;
  reports: Array<{ format: Format; file: string }>;
  color?: boolean;
  quiet: boolean;
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

/** Judgement values given on the command line, validated (undefined when not given). */
export function cliOverrides(raw: Record<string, unknown>): CliOverrides {
  return {
    ...(raw['policy'] !== undefined ? { policy: oneOf(String(raw['policy']), POLICY_IDS, '--policy') } : {}),
    ...(raw['asOf'] !== undefined ? { asOf: requireIsoDate(String(raw['asOf']), '--as-of') } : {}),
    ...(raw['failOn'] !== undefined ? { failOn: oneOf(String(raw['failOn']), FAIL_ON, '--fail-on') } : {}),
    ...(raw['catalogue'] !== undefined ? { catalogueFile: String(raw['catalogue']) } : {}),
    ...(raw['baseline'] !== undefined ? { baselineFile: String(raw['baseline']) } : {}),
    ...(raw['offlineCatalogue'] === true ? { offlineCatalogue: true } : {}),
    ...(raw['cacheDir'] !== undefined ? { cacheDir: String(raw['cacheDir']) } : {}),
    ...(raw['insecure'] === true ? { insecure: true } : {}),
  };
}

export function outputSettings(raw: Record<string, unknown>): OutputSettings {
  // With both --color and --no-color declared (in that order), commander leaves the value
  // undefined unless one is given, so NO_COLOR and TTY detection decide by default.
  const explicit = typeof raw['color'] === 'boolean' ? raw['color'] : undefined;
  const reports = ((raw['report'] as string[] | undefined) ?? []).map((value) => {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    if (!match) throw new InputError(`--report takes FORMAT=FILE (e.g. junit=report.xml), got "${value}"`);
    return { format: oneOf(match[1]!, FORMATS, '--report format'), file: match[2]! };
  });
  return {
    format: oneOf(String(raw['format'] ?? 'human'), FORMATS, '--format'),
    ...(raw['output'] !== undefined ? { output: String(raw['output']) } : {}),
    reports,
    ...(explicit !== undefined ? { color: explicit } : {}),
    quiet: raw['quiet'] === true,
    verbose: raw['verbose'] === true,
  };
}

export function probeSettings(raw: Record<string, unknown>, insecure: boolean): ProbeOptions {
  return {
    ...DEFAULT_PROBE_OPTIONS,
    insecure,
    timeoutMs: integer(String(raw['timeout']), '--timeout', 100, 600_000),
    deadlineMs: integer(String(raw['deadline']), '--deadline', 1, 3600) * 1000,
    concurrency: integer(String(raw['concurrency']), '--concurrency', 1, 64),
    retries: integer(String(raw['retries']), '--retries', 0, 10),
  };
}
