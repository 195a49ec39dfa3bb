import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve, TLS, TRUST_TEST_CA } from '../helpers/servers.js';
import { misbehaving } from '../fixtures/profiles.js';
import { sampleGitHubData, startGitHubApi, type GitHubFixtureBehaviour, type RunningGitHubApi } from '../fixtures/github-api.js';
import { nextLink } from '../../src/catalogue/refresh/github-client.js';
import { labelDates } from '../../src/catalogue/refresh/github-data.js';
import { cacheDirectory } from '../../src/catalogue/refresh/cache-dir.js';

const apis: RunningGitHubApi[] = [];
afterAll(async () => {
  await Promise.all(apis.splice(0).map((api) => api.close()));
});

async function githubApi(behaviour: GitHubFixtureBehaviour = {}, tls = false): Promise<RunningGitHubApi> {
  const api = await startGitHubApi(sampleGitHubData(), { behaviour, ...(tls ? { tls: TLS } : {}) });
  apis.push(api);
  return api;
}

const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 'msc-audit-refresh-'));
const overlayOf = (dir: string): string => path.join(dir, 'catalogue-overlay.json');
/** An overlay's facts, without the fields that say when and how it was read. */
const facts = (dir: string): unknown => {
  const { refreshedAt: _at, lastRun: _run, ...rest } = JSON.parse(readFileSync(overlayOf(dir), 'utf8')) as Record<string, unknown>;
  return rest;
};

function refresh(api: RunningGitHubApi, dir: string, extra: string[] = [], env: Record<string, string> = {}) {
  return cli(['catalogue', 'refresh', '--cache-dir', dir, '--retries', '1', '--timeout', '3000', ...extra], { GITHUB_API_URL: api.url, ...env });
}

describe('GitHub client pieces', () => {
  it('follows rel="next" in a Link header, whatever the order of its relations', () => {
    expect(nextLink('<https://api.github.invalid/x?page=2>; rel="next", <https://api.github.invalid/x?page=5>; rel="last"')).toBe('https://api.github.invalid/x?page=2');
    expect(nextLink('<https://a.invalid/?page=1>; rel="prev", <https://a.invalid/?page=3>; rel="next"')).toBe('https://a.invalid/?page=3');
    expect(nextLink('<https://a.invalid/?page=4>; rel="last"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });

  it('dates a label by its last addition, and forgets labels removed since', () => {
    const events = [
      { event: 'labeled' as const, label: 'final-comment-period', created_at: '2026-01-01T10:00:00Z' },
      { event: 'unlabeled' as const, label: 'final-comment-period', created_at: '2026-01-03T10:00:00Z' },
      { event: 'labeled' as const, label: 'final-comment-period', created_at: '2026-02-01T23:59:00Z' },
      { event: 'labeled' as const, label: 'disposition-merge', created_at: '2026-01-01T10:00:00Z' },
    ];
    expect(labelDates(events, ['final-comment-period', 'proposal', '__proto__'], ['final-comment-period', 'disposition-merge', '__proto__'])).toEqual({ 'final-comment-period': '2026-02-01' });
  });

  it('finds the cache directory from --cache-dir, XDG_CACHE_HOME or HOME, and none without them', () => {
    expect(cacheDirectory('/tmp/x', {})).toBe('/tmp/x');
    expect(cacheDirectory(undefined, { XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe(path.join('/c', 'msc-audit'));
    expect(cacheDirectory(undefined, { XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe(path.join('/h', '.cache', 'msc-audit'));
    expect(cacheDirectory(undefined, {})).toBeUndefined();
  });
});

describe('catalogue refresh against a loopback GitHub API', () => {
  // Node's recursive mkdir never returns there (it loops on ENOENT): the directory is made a level at a time.
  it.skipIf(!existsSync('/proc/self'))('a --cache-dir where no directory can be made (under /proc): one line, exit 2, before any request', async () => {
    const result = await cli(['catalogue', 'refresh', '--cache-dir', '/proc/msc-audit-no/such'], { GITHUB_API_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^msc-audit: cannot create the cache directory \/proc\/msc-audit-no\/such \(ENOENT\)[^\n]*\n$/);
  });

  it('reads every page, writes an overlay beside the catalogue, and status shows its date and changes', async () => {
    const api = await githubApi();
    const dir = tempDir();
    const first = await refresh(api, dir);
    expect(first.code, first.stderr).toBe(0);
    // Pagination: the proposals list (2 per page) was read to its last page through Link headers.
    const issuePages = api.requests.filter((request) => request.path.includes('/matrix-spec-proposals/issues?'));
    expect(issuePages.map((request) => new URL(request.path, api.url).searchParams.get('page') ?? '1')).toEqual(['1', '2', '3', '4']);
    // Label dates are read (every page of each event list) only for catalogued MSCs with FCP labels
    // whose state matters today; a released one (MSC3440) only with a token (60 requests an hour without).
    expect([...new Set(api.requests.filter((request) => request.path.includes('/events')).map((request) => request.path.split('/')[5]))]).toEqual(['4143', '4186', '4306']);
    expect(api.requests.some((request) => request.path.includes('/4143/events?per_page=100&page=3'))).toBe(true);
    expect(first.stdout).toMatch(/MSC4143: open → accepted \(FCP finished 2026-09-06, disposition merge\)/);

    const status = await cli(['catalogue', 'status', '--cache-dir', dir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/bundled catalogue\s+\d+ MSCs, checked against the spec on 2026-07-21/);
    expect(status.stdout).toMatch(/refreshed\s+\d{4}-\d{2}-\d{2}T[\d:]+Z from http:\/\/127\.0\.0\.1/);
    expect(status.stdout).toContain('MSC4143: open → accepted (FCP finished 2026-09-06, disposition merge)');
    expect(status.stdout).toContain('MSC4306: open → fcp (FCP started 2026-11-02)');
    expect(status.stdout).toContain('MSC4186: FCP finished 2026-06-20 (disposition merge)');
    expect(status.stdout).toContain('spec v1.20: new, released 2026-10-14');
    expect(status.stdout).toMatch(/known to GitHub, not yet catalogued:\n\s+MSC9001\s+open\s+An invented proposal/);
    expect(status.stdout).not.toContain('9002');
    // Released and closed MSCs keep their curated status and only gain dates; a pre-release tag is
    // not a spec version.
    expect(status.stdout).toContain('MSC2836: closed 2022-05-01');
    expect(status.stdout).not.toMatch(/MSC1756|MSC2836: closed →|v1\.21/);

    // A second refresh asks only conditionally, gets 304s, and changes nothing.
    const before = api.requests.length;
    const second = await refresh(api, dir);
    expect(second.code, second.stderr).toBe(0);
    const again = api.requests.slice(before);
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((request) => request.conditional && request.status === 304)).toBe(true);
    expect(again.some((request) => request.path.includes('/events'))).toBe(false);
    expect(second.stdout).toContain('changes since the previous refresh: none');
    expect(second.stdout).toMatch(/(\d+) requests, \1 conditional, \1 not modified/);
    const overlayAfterSecond = facts(dir);

    // --since reads only what changed, and keeps the rest.
    api.data.proposals.find((proposal) => proposal.number === 4306)!.labels.push({ name: 'spec-pr-missing', added: '2026-11-25T08:00:00Z' });
    api.data.proposals.find((proposal) => proposal.number === 4306)!.updated_at = '2026-11-25T08:00:00Z';
    const third = await refresh(api, dir, ['--since', '2026-11-20']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('MSC4306: open → accepted');
    const overlay = JSON.parse(readFileSync(overlayOf(dir), 'utf8')) as { proposals: Array<{ number: number }>; since?: string };
    expect(overlay.proposals.map((proposal) => proposal.number)).toEqual([1756, 2836, 3440, 4143, 4186, 4306, 9001]);
    expect(overlay.since).toBeUndefined();
    expect(overlayAfterSecond).not.toEqual(facts(dir));
  });

  it('stops cleanly at the rate limit, and an interrupted refresh leaves the previous overlay intact', async () => {
    const api = await githubApi();
    const dir = tempDir();
    expect((await refresh(api, dir)).code).toBe(0);
    const previous = readFileSync(overlayOf(dir), 'utf8');

    // Something changed on GitHub, but the limit runs out two requests in.
    api.data.proposals.find((proposal) => proposal.number === 9001)!.title = 'Renamed';
    api.data.proposals.find((proposal) => proposal.number === 9001)!.updated_at = '2026-11-30T00:00:00Z';
    api.behaviour.rateLimit = 0;
    const limited = await refresh(api, dir);
    expect(limited.code).toBe(3);
    expect(limited.stderr).toMatch(/^msc-audit: GitHub's API rate limit is reached \(it resets in about \d+ min\): stopped after \d+ requests; the previous overlay is unchanged.*set GITHUB_TOKEN or --token-file/);
    expect(limited.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(overlayOf(dir), 'utf8')).toBe(previous);

    // A server error that persists through the retries: same outcome, nothing half-written.
    api.behaviour.rateLimit = undefined;
    api.behaviour.failures = [{ path: '/repos/matrix-org/matrix-spec/releases', status: 502, times: 5 }];
    const failed = await refresh(api, dir);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/releases\?per_page=100 answered 502/);
    expect(readFileSync(overlayOf(dir), 'utf8')).toBe(previous);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // A secondary rate limit with a short retry-after is waited out; a long one stops the refresh.
    const secondary = { path: '/repos/matrix-org/matrix-spec/tags', status: 403, body: { message: 'You have exceeded a secondary rate limit.' } };
    api.behaviour.failures = [{ ...secondary, times: 1, headers: { 'retry-after': '3600' } }];
    const long = await refresh(api, dir);
    expect(long.code).toBe(3);
    expect(long.stderr).toMatch(/rate limit is reached \(it resets in about 60 min\)/);
    expect(readFileSync(overlayOf(dir), 'utf8')).toBe(previous);
    api.behaviour.failures = [{ ...secondary, times: 1, headers: { 'retry-after': '1' } }];
    const waited = await refresh(api, dir);
    expect(waited.code, waited.stderr).toBe(0);
    expect(api.requests.filter((request) => request.status === 403 && request.path.includes('/tags'))).toHaveLength(2);

    // A single 5xx is retried and the refresh completes.
    api.behaviour.failures = [{ path: '/repos/matrix-org/matrix-spec/tags', status: 503, times: 1 }];
    const recovered = await refresh(api, dir);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(readFileSync(overlayOf(dir), 'utf8')).toContain('Renamed');
  });

  it('sends GITHUB_TOKEN or --token-file over https and never prints or stores it', async () => {
    const secret = 'ghp_fixtureSECRET0123456789';
    const api = await githubApi({ requireToken: secret }, true);
    const dir = tempDir();
    const ok = await refresh(api, dir, [], { GITHUB_TOKEN: secret, ...TRUST_TEST_CA });
    expect(ok.code, ok.stderr).toBe(0);
    expect(api.requests.every((request) => request.authorized)).toBe(true);
    expect(api.requests.some((request) => request.path.includes('/issues/3440/events'))).toBe(true);
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, `${secret}\n`);
    const fromFile = await refresh(api, dir, ['--token-file', tokenFile], TRUST_TEST_CA);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const wrong = await refresh(api, dir, [], { GITHUB_TOKEN: `${secret}x`, ...TRUST_TEST_CA });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/answered 401 \("Bad credentials"\): the GitHub token was rejected/);
    const stored = readdirSync(path.join(dir, 'http')).map((name) => readFileSync(path.join(dir, 'http', name), 'utf8')).join('') + readFileSync(overlayOf(dir), 'utf8');
    for (const text of [ok.stdout, ok.stderr, fromFile.stdout, fromFile.stderr, wrong.stdout, wrong.stderr, stored]) expect(text).not.toContain(secret.slice(4));
    // Never over plain http.
    const plain = await githubApi();
    const refused = await refresh(plain, dir, [], { GITHUB_TOKEN: secret });
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toContain(secret);
  });
});

describe('commands use the refreshed catalogue, and say so', () => {
  it('premature-stable-endpoint disappears once GitHub records FCP finished with disposition merge, and comes back offline', async () => {
    const api = await githubApi();
    const dir = tempDir();
    const server = await serve(misbehaving);
    const snap = path.join(dir, 'misbehaving.snapshot.json');
    const rules = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ rule: string; msc?: number; caveat?: string }> }).findings;
    const of4143 = (stdout: string) => rules(stdout).filter((finding) => finding.msc === 4143).map((finding) => finding.rule).sort();

    expect((await refresh(api, dir)).code).toBe(0);
    const after = await cli(['audit', server.url, '--format', 'json', '--as-of', '2026-11-22', '--retries', '1', '--timeout', '1500', '--cache-dir', dir, '--save-snapshot', snap]);
    const report = JSON.parse(after.stdout) as { catalogue: { refreshed?: { date: string } } };
    expect(report.catalogue.refreshed?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(of4143(after.stdout)).toEqual(['flag-without-endpoint']);

    // The same snapshot judged offline (check uses the refresh the same way audit does).
    const check = (extra: string[], env: Record<string, string> = {}) => cli(['check', snap, '--as-of', '2026-11-22', ...extra], env);
    const offline = await check(['--format', 'json', '--cache-dir', dir, '--offline-catalogue']);
    expect((JSON.parse(offline.stdout) as { catalogue: { refreshed?: unknown } }).catalogue.refreshed).toBeUndefined();
    expect(of4143(offline.stdout)).toEqual(['flag-without-endpoint', 'premature-stable-endpoint', 'premature-stable-flag']);
    expect(rules(offline.stdout).find((finding) => finding.rule === 'premature-stable-endpoint')?.caveat).toMatch(/last checked against the spec on 2026-07-21/);

    // Through XDG_CACHE_HOME, and switched off by the config file.
    const xdg = tempDir();
    expect((await refresh(api, path.join(xdg, 'msc-audit'))).code).toBe(0);
    const viaXdg = await check(['--no-config'], { XDG_CACHE_HOME: xdg });
    expect(viaXdg.stdout).toMatch(/catalogue bundled, with facts refreshed from GitHub on \d{4}-\d{2}-\d{2}/);
    expect(viaXdg.stdout).not.toContain('premature-stable-endpoint');
    const config = path.join(xdg, 'msc-audit.yaml');
    writeFileSync(config, 'catalogue:\n  refresh: false\n');
    const viaConfig = await check(['--config', config], { XDG_CACHE_HOME: xdg });
    expect(viaConfig.stdout).toContain('premature-stable-endpoint');
    expect(viaConfig.stdout).not.toContain('refreshed from GitHub');

    // Under policy spec, an MSC still in FCP is cited with its FCP start date, and the caveat about
    // an unchecked catalogue is gone for MSCs the refresh covered.
    const explained = await cli(['explain', 'MSC4306', '--cache-dir', dir]);
    expect(explained.stdout).toMatch(/^catalogue: bundled, with facts refreshed from GitHub on/);
    expect(explained.stdout).toMatch(/status\s+fcp/);
    expect(explained.stdout).toMatch(/on GitHub\s+fcp; FCP started 2026-11-02/);
  });

  it('explain says what an MSC only GitHub knows is; catalogue list says it uses the refresh', async () => {
    const api = await githubApi();
    const dir = tempDir();
    expect((await refresh(api, dir)).code).toBe(0);
    const explained = await cli(['explain', 'MSC9001', '--cache-dir', dir]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('MSC9001: An invented proposal the catalogue does not know');
    expect(explained.stdout).toContain('known to GitHub, not yet catalogued');
    expect((await cli(['explain', 'MSC9001', '--cache-dir', dir, '--offline-catalogue'])).code).toBe(2);
    const json = JSON.parse((await cli(['explain', '9001', '--cache-dir', dir, '--format', 'json'])).stdout) as { uncatalogued: Array<{ msc: number; status: string }> };
    expect(json.uncatalogued[0]).toMatchObject({ msc: 9001, status: 'open' });

    const list = await cli(['catalogue', 'list', '--status', 'fcp', '--cache-dir', dir]);
    expect(list.stderr).toMatch(/^catalogue: bundled, with facts refreshed from GitHub on/);
    expect(list.stdout).toMatch(/MSC4306\s+fcp/);
    expect((await cli(['catalogue', 'list', '--status', 'fcp', '--cache-dir', dir, '--offline-catalogue'])).stdout).not.toContain('MSC4306');
  });

  it('without HOME, XDG_CACHE_HOME or --cache-dir there is no cache: commands run on the bundled data, refresh asks for a directory', async () => {
    const status = await cli(['catalogue', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('refreshed           never: no cache directory');
    const refused = await cli(['catalogue', 'refresh'], { GITHUB_API_URL: 'http://127.0.0.1:9' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('msc-audit: no cache directory: neither XDG_CACHE_HOME nor HOME is set; pass --cache-dir DIR\n');
    expect((await cli(['catalogue', 'refresh', '--cache-dir', tempDir(), '--since', '2026-02-30'])).code).toBe(2);
    expect((await cli(['catalogue', 'refresh', '--cache-dir', tempDir()], { GITHUB_API_URL: 'ftp://x' })).code).toBe(2);
  });
});
