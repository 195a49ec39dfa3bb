import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSpecHistory } from '../../src/catalogue/spec-history.js';
import type { SpecEndpoint } from '../../src/catalogue/types.js';
import { cli } from '../helpers/cli.js';

/**
 * A miniature matrix-spec history, built as a git repository in the test: legacy matrix-doc
 * trees (api/<api>/*.yaml, swagger 2 with %CLIENT_MAJOR_VERSION%) tagged like the real ones,
 * then v1.x trees (data/api/, swagger 2 and OpenAPI 3), then an unreleased commit on HEAD.
 */
const swagger = (basePath: string, paths: string): string => `swagger: '2.0'\nbasePath: ${basePath}\npaths:\n${paths}`;
const openapi = (basePath: string, paths: string): string => `openapi: 3.1.0\nservers:\n  - url: "{protocol}://{hostname}{basePath}"\n    variables:\n      basePath:\n        default: ${basePath}\npaths:\n${paths}`;
const WHOAMI = '  "/account/whoami":\n    get:\n      security:\n        - accessToken: []\n';
const WHOAMI_V1 = '  "/account/whoami":\n    get:\n      x-addedInMatrixVersion: "1.1"\n      security:\n        - accessToken: []\n';
const PRESENCE_LIST = '  "/presence/list/{userId}":\n    get:\n      summary: x\n';
const TOKENREFRESH = '  "/tokenrefresh":\n    post:\n      summary: x\n';
const SEND = '  "/send/{txnId}":\n    put:\n      summary: x\n';
const AUTH_METADATA = '  "/auth_metadata":\n    get:\n      x-addedInMatrixVersion: "1.2"\n      responses:\n        "404":\n          description: With `M_UNRECOGNIZED`, not supported.\n';

function commitTree(repo: string, files: Record<string, string>, tag?: string): void {
  for (const entry of ['api', 'data', 'specification', 'content']) rmSync(path.join(repo, entry), { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), text);
  }
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=test', '-c', 'user.email=test@invalid', '-c', 'commit.gpgsign=false', ...args], { stdio: 'ignore' });
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', tag ?? 'unreleased');
  if (tag) git('tag', tag);
}

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'msc-audit-spec-git-'));
  execFileSync('git', ['init', '-q', repo]);
  const legacyClient = (extra: Record<string, string> = {}) => ({
    'api/client-server/whoami.yaml': swagger('/_matrix/client/%CLIENT_MAJOR_VERSION%', WHOAMI),
    'api/client-server/presence.yaml': swagger('/_matrix/client/%CLIENT_MAJOR_VERSION%', PRESENCE_LIST),
    'specification/modules/presence.rst': 'Presence\n{{presence_cs_http_api}}\n',
    // Client-server release trees carried server-server drafts that were not released with them.
    'api/server-server/draft.yaml': swagger('/_matrix/federation/v1', '  "/draft":\n    get:\n      summary: x\n'),
    ...extra,
  });
  commitTree(repo, legacyClient({ 'api/client-server/tokenrefresh.yaml': swagger('/_matrix/client/%CLIENT_MAJOR_VERSION%', TOKENREFRESH) }), 'r0.0.1');
  commitTree(repo, legacyClient(), 'client_server/r0.2.0');
  commitTree(repo, { 'api/server-server/transactions.yaml': swagger('/_matrix/federation/v1', SEND) }, 'server_server/r0.1.0');
  commitTree(repo, { 'data/api/client-server/whoami.yaml': swagger('/_matrix/client/v3', WHOAMI_V1), 'data/api/server-server/transactions.yaml': swagger('/_matrix/federation/v1', SEND) }, 'v1.1');
  const v12 = {
    'data/api/client-server/whoami.yaml': openapi('/_matrix/client/v3', WHOAMI_V1),
    'data/api/client-server/auth_metadata.yaml': openapi('/_matrix/client/v1', AUTH_METADATA),
    'data/api/server-server/transactions.yaml': openapi('/_matrix/federation/v1', SEND),
  };
  commitTree(repo, v12, 'v1.2');
  commitTree(repo, { ...v12, 'data/api/client-server/new.yaml': openapi('/_matrix/client/v1', '  "/new_thing":\n    get:\n      summary: x\n') });
});

const find = (endpoints: SpecEndpoint[], method: string, path: string) => endpoints.find((endpoint) => endpoint.method === method && endpoint.path === path);

describe('catalogue import-spec: endpoint history from every release tag', () => {
  it('records first and last releases, r0 history of re-versioned endpoints, unreleased ones, and cross-checks x-addedInMatrixVersion', () => {
    const history = readSpecHistory(repo);
    expect(history.releases.map((release) => `${release.version} ${release.apis.join('+')}`)).toEqual([
      'r0.0.1 client-server',
      'r0.1.0 server-server',
      'r0.2.0 client-server',
      'v1.1 client-server+server-server+application-service',
      'v1.2 client-server+server-server+application-service',
    ]);
    expect(find(history.endpoints, 'GET', '/_matrix/client/v3/account/whoami')).toEqual({ method: 'GET', path: '/_matrix/client/v3/account/whoami', api: 'client-server', added_in: 'r0.0.1', legacy_path: '/_matrix/client/r0/account/whoami', auth_required: true });
    expect(find(history.endpoints, 'POST', '/_matrix/client/r0/tokenrefresh')).toMatchObject({ added_in: 'r0.0.1', removed_after: 'r0.0.1' });
    expect(find(history.endpoints, 'GET', '/_matrix/client/r0/presence/list/{userId}')).toMatchObject({ added_in: 'r0.0.1', removed_after: 'r0.2.0', module: 'presence' });
    expect(find(history.endpoints, 'PUT', '/_matrix/federation/v1/send/{txnId}')).toMatchObject({ api: 'server-server', added_in: 'r0.1.0' });
    expect(find(history.endpoints, 'GET', '/_matrix/federation/v1/draft')).toBeUndefined();
    expect(find(history.endpoints, 'GET', '/_matrix/client/v1/auth_metadata')).toMatchObject({ added_in: 'v1.2', optional_since: 'v1.2' });
    expect(find(history.endpoints, 'GET', '/_matrix/client/v1/new_thing')).toMatchObject({ unreleased: true });
    expect(find(history.endpoints, 'GET', '/_matrix/client/v1/new_thing')?.added_in).toBeUndefined();
    expect(history.warnings).toEqual([expect.stringMatching(/GET \/_matrix\/client\/v3\/account\/whoami: x-addedInMatrixVersion says v1\.1, but the first release that has it is r0\.0\.1/)]);
  });

  it('the command writes both files with their sources, and refuses a directory that is not a git repository', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'msc-audit-import-out-'));
    const result = await cli(['catalogue', 'import-spec', '--spec', repo, '--specs', out]);
    expect(result.stderr).toMatch(/warning: GET \/_matrix\/client\/v3\/account\/whoami: x-addedInMatrixVersion says v1\.1/);
    expect(result.stderr).toMatch(/6 endpoints \(2 removed, 1 unreleased\) from 5 release tags/);
    expect(result.code).toBe(0);
    const written = parse(readFileSync(path.join(out, 'spec-endpoints.yaml'), 'utf8')) as { source: string; releases: Array<{ tag: string; commit: string }>; endpoints: SpecEndpoint[] };
    expect(written.source).toMatch(/^matrix-org\/matrix-spec release tags r0\.0\.1 … v1\.2, HEAD [0-9a-f]{40}$/);
    expect(written.releases.map((release) => release.tag)).toContain('client_server/r0.2.0');
    expect(written.endpoints).toHaveLength(6);
    const notGit = mkdtempSync(path.join(tmpdir(), 'msc-audit-not-git-'));
    const refused = await cli(['catalogue', 'import-spec', '--spec', notGit, '--specs', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/is not a git repository/);
  });
});

describe('the bundled spec history (specs/spec-endpoints.yaml)', () => {
  it('has the first and last releases that shared/process.md names, and explain says so', async () => {
    const { loadCatalogue } = await import('../../src/catalogue/load.js');
    const endpoints = [...(await loadCatalogue()).specEndpoints()];
    const first = (method: string, path: string) => find(endpoints, method, path)?.added_in;
    expect(first('GET', '/_matrix/client/v1/rooms/{roomId}/relations/{eventId}')).toBe('v1.3');
    expect(first('GET', '/_matrix/client/v3/pushrules/global/')).toBe('v1.12');
    expect(first('GET', '/_matrix/client/v1/auth_metadata')).toBe('v1.15');
    expect(first('PUT', '/_matrix/client/v3/profile/{userId}/{keyName}')).toBe('v1.16');
    expect(first('GET', '/_matrix/client/v1/mutual_rooms')).toBe('v1.19');
    expect(first('GET', '/_matrix/client/v3/login/sso/redirect')).toBe('r0.5.0');
    expect(find(endpoints, 'POST', '/_matrix/client/r0/tokenrefresh')?.removed_after).toBeDefined();
    expect(find(endpoints, 'PUT', '/_matrix/federation/v1/send_join/{roomId}/{eventId}')?.removed_after).toBe('v1.17');
    expect(endpoints.filter((endpoint) => endpoint.added_in === undefined && !endpoint.unreleased)).toEqual([]);
    const explained = await cli(['explain', '/_matrix/client/v1/auth_metadata']);
    expect(explained.stdout).toMatch(/GET \/_matrix\/client\/v1\/auth_metadata: a client-server spec endpoint, added in v1\.15/);
    const removed = await cli(['explain', '/_matrix/client/r0/presence/list/@someone:example.org']);
    expect(removed.stdout).toMatch(/added in r0\.0\.0, removed after r0\.4\.0/);
    const legacy = await cli(['explain', '/_matrix/client/r0/account/whoami']);
    expect(legacy.stdout).toMatch(/GET \/_matrix\/client\/v3\/account\/whoami: a client-server spec endpoint, added in r0\.3\.0 \(\/_matrix\/client\/r0\/account\/whoami in the r0 releases\)/);
  });
});
