import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { InputError } from '../util/errors.js';
import { requireIsoDate } from '../util/dates.js';
import { forTerminal } from '../util/sanitize.js';
import { isLoopbackHost } from '../discovery/target.js';
import { DEFAULT_PROBE_OPTIONS } from '../probe/options.js';
import type { CliIo } from './output.js';

const DEFAULT_API = 'https://api.github.com';

/** GITHUB_API_URL (as GitHub Actions sets it), checked: a clear error rather than a confusing request. */
function apiUrl(env: NodeJS.ProcessEnv, insecure: boolean): URL {
  const value = env['GITHUB_API_URL'] || DEFAULT_API;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`GITHUB_API_URL "${forTerminal(value, 100)}" is not a URL: use e.g. https://api.github.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`GITHUB_API_URL must be an http(s) URL, got ${forTerminal(url.protocol, 20)}`);
  if (url.username || url.password) throw new InputError('GITHUB_API_URL must not carry credentials: use GITHUB_TOKEN or --token-file');
  if (url.protocol === 'http:' && !insecure && !isLoopbackHost(url.hostname)) throw new InputError(`GITHUB_API_URL uses plain http:// to ${forTerminal(url.hostname, 100)}: use https, or pass --insecure`);
  return url;
}

/** The GitHub token, from --token-file or GITHUB_TOKEN; never printed. */
function githubToken(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): string | undefined {
  if (raw['tokenFile'] !== undefined) {
    const file = String(raw['tokenFile']);
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new InputError(`cannot read the token file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): check the path`);
    }
    if (!token) throw new InputError(`the token file ${file} is empty: put a GitHub token in it`);
    return token;
  }
  const token = env['GITHUB_TOKEN']?.trim();
  return token ? token : undefined;
}

function whole(value: unknown, name: string, min: number, max: number): number {
  const text = String(value);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) throw new InputError(`${name} must be a whole number from ${min} to ${max}, got "${forTerminal(text, 40)}"`);
  return number;
}

function cacheDirOrFail(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, cacheDirectory: (explicit: string | undefined, env: NodeJS.ProcessEnv) => string | undefined): string {
  const directory = cacheDirectory(raw['cacheDir'] !== undefined ? String(raw['cacheDir']) : undefined, env);
  if (directory === undefined) throw new InputError('no cache directory: neither XDG_CACHE_HOME nor HOME is set; pass --cache-dir DIR');
  return directory;
}

/** `catalogue refresh` and `catalogue status`. */
export function addRefreshCommands(catalogue: Command, io: CliIo, setExit: (code: number) => void): void {
  const cacheDirOption = (): Option => new Option('--cache-dir <dir>', 'where refreshed data is kept (default: $XDG_CACHE_HOME/msc-audit, else ~/.cache/msc-audit)');

  catalogue
    .command('refresh')
    .description("read MSC states and spec releases from GitHub's REST API into an overlay beside the bundled catalogue (GITHUB_TOKEN if set)")
    .addOption(new Option('--since <date>', 'read only proposals changed on or after this date, YYYY-MM-DD'))
    .addOption(cacheDirOption())
    .addOption(new Option('--token-file <file>', 'read a GitHub token from this file (or set GITHUB_TOKEN); anonymous otherwise'))
    .addOption(new Option('--timeout <ms>', 'per-request timeout in milliseconds').default(String(DEFAULT_PROBE_OPTIONS.timeoutMs)))
    .addOption(new Option('--retries <n>', 'retries after a 5xx, a network error or a short rate-limit wait').default(String(DEFAULT_PROBE_OPTIONS.retries)))
    .addOption(new Option('--insecure', 'allow a plain http:// GITHUB_API_URL to a non-loopback host, and a token over http://'))
    .action(async (raw: Record<string, unknown>) => {
      const since = raw['since'] !== undefined ? requireIsoDate(String(raw['since']), '--since') : undefined;
      const timeoutMs = whole(raw['timeout'], '--timeout', 100, 600_000);
      const retries = whole(raw['retries'], '--retries', 0, 10);
      const insecure = raw['insecure'] === true;
      const api = apiUrl(io.env, insecure);
      const token = githubToken(raw, io.env);
      if (token !== undefined && api.protocol === 'http:' && !insecure) throw new InputError('a GitHub token is never sent over plain http://: use an https GITHUB_API_URL, or pass --insecure');
      const { cacheDirectory, overlayPath } = await import('../catalogue/refresh/cache-dir.js');
      const directory = cacheDirOrFail(raw, io.env, cacheDirectory);
      const { makeDirectory } = await import('../util/make-directory.js');
      try {
        makeDirectory(directory);
      } catch (error) {
        throw new InputError(`cannot create the cache directory ${directory} (${(error as NodeJS.ErrnoException).code ?? 'error'}): pass --cache-dir DIR`);
      }
      const { runRefresh } = await import('../catalogue/refresh/run.js');
      // Progress only where a person watches: a terminal on stderr, never in logs or pipes.
      const tty = io.env === process.env && process.stderr.isTTY === true;
      const progress = tty ? (text: string) => process.stderr.write(`\r\u001b[K${forTerminal(text, 100)}`) : undefined;
      const result = await runRefresh({
        api,
        ...(token !== undefined ? { token } : {}),
        cacheDir: directory,
        overlayFile: overlayPath(directory),
        ...(since !== undefined ? { since } : {}),
        timeoutMs,
        retries,
        ...(progress ? { progress } : {}),
      }).finally(() => {
        if (tty) process.stderr.write('\r\u001b[K');
      });
      const { overlay, changed } = result;
      const run = overlay.lastRun;
      io.stdout(
        [
          `refreshed from ${forTerminal(overlay.source.api)} at ${overlay.refreshedAt}${token ? ' (with a token)' : ' (anonymous)'}`,
          `  ${overlay.proposals.length} proposals${since !== undefined ? ` (read: changed since ${since})` : ''}, ${run.eventLists} label histories read, ${overlay.releases.length} spec releases, ${overlay.tags.length} tags`,
          `  ${run.requests} requests, ${run.conditional} conditional, ${run.notModified} not modified`,
          changed.length === 0 ? '  changes since the previous refresh: none' : `  changes since the previous refresh (${changed.length}):`,
          ...changed.map((line) => `    ${forTerminal(line, 300)}`),
          `  overlay: ${result.file}`,
          '',
        ].join('\n'),
      );
      setExit(0);
    });

  catalogue
    .command('status')
    .description('the bundled catalogue date, the last refresh from GitHub and what it changed')
    .addOption(cacheDirOption())
    .addOption(new Option('--format <format>', 'text or json').default('text').choices(['text', 'json']))
    .action(async (raw: Record<string, unknown>) => {
      const { loadBundledData } = await import('../catalogue/load.js');
      const { cacheDirectory, overlayPath } = await import('../catalogue/refresh/cache-dir.js');
      const { readOverlayFile } = await import('../catalogue/refresh/overlay-file.js');
      const { applyRefresh } = await import('../catalogue/refresh/apply.js');
      const bundled = await loadBundledData();
      const directory = cacheDirectory(raw['cacheDir'] !== undefined ? String(raw['cacheDir']) : undefined, io.env);
      const file = directory !== undefined ? overlayPath(directory) : undefined;
      const overlay = file !== undefined ? readOverlayFile(file) : undefined;
      const refresh = overlay && file ? applyRefresh(bundled, overlay, file).refresh : undefined;
      if (raw['format'] === 'json') {
        const body = {
          bundled: { entries: bundled.mscs.length, ...(bundled.meta.checked_against_spec ? { checkedAgainstSpec: bundled.meta.checked_against_spec } : {}) },
          cacheDir: directory ?? null,
          refresh:
            overlay && refresh
              ? {
                  file,
                  refreshedAt: overlay.refreshedAt,
                  api: overlay.source.api,
                  ...(overlay.since ? { since: overlay.since } : {}),
                  proposals: overlay.proposals.length,
                  uncatalogued: refresh.uncatalogued,
                  changes: refresh.changes,
                  lastRun: overlay.lastRun,
                }
              : null,
        };
        io.stdout(`${JSON.stringify(body, null, 2)}\n`);
        setExit(0);
        return;
      }
      const lines = [`bundled catalogue   ${bundled.mscs.length} MSCs, checked against the spec on ${bundled.meta.checked_against_spec ?? '(unknown)'}`];
      if (directory === undefined) lines.push('refreshed           never: no cache directory (XDG_CACHE_HOME and HOME are unset; pass --cache-dir)');
      else if (!overlay || !refresh) lines.push(`refreshed           never (run msc-audit catalogue refresh; it writes ${file})`);
      else {
        lines.push(
          `refreshed           ${overlay.refreshedAt} from ${forTerminal(overlay.source.api)}${overlay.since ? ` (proposals changed since ${overlay.since})` : ''}`,
          `overlay             ${file}`,
          `GitHub facts        ${overlay.proposals.length} proposals (${refresh.uncatalogued.length} not yet catalogued), ${overlay.releases.length} spec releases`,
          `last refresh        ${overlay.lastRun.requests} requests, ${overlay.lastRun.notModified} not modified; ${overlay.lastRun.changed.length === 0 ? 'changed nothing' : `changed ${overlay.lastRun.changed.length} fact(s)`}`,
          refresh.changes.length === 0 ? 'changes over the bundled catalogue: none' : `changes over the bundled catalogue (${refresh.changes.length}):`,
          ...refresh.changes.map((change) => `  ${forTerminal(change, 300)}`),
        );
        if (refresh.uncatalogued.length > 0) {
          lines.push('known to GitHub, not yet catalogued:');
          for (const msc of refresh.uncatalogued) {
            const facts = refresh.lifecycle[msc]!;
            lines.push(`  MSC${String(msc).padEnd(6)} ${facts.status.padEnd(9)} ${forTerminal(facts.title, 120)}`);
          }
        }
      }
      io.stdout(`${lines.join('\n')}\n`);
      setExit(0);
    });
}
