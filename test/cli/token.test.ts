import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, type CliResult } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { deepFields, SECRET_TOKEN } from '../fixtures/profiles.js';

const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-token-'));
const tokenFile = path.join(work, 'token');
writeFileSync(tokenFile, `${SECRET_TOKEN}\n`);

const leaks = (result: CliResult, ...files: string[]) => [result.stdout, result.stderr, ...files.map((file) => readFileSync(file, 'utf8'))].some((text) => text.includes(SECRET_TOKEN) || text.includes('7f3a9c'));

describe('access tokens', () => {
  it('are verified with whoami, and the report names the user and device', async () => {
    const server = await serve(deepFields);
    const result = await cli(['audit', server.url, '--insecure', '--token-file', tokenFile, '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(report.auth).toMatchObject({ authenticated: true, userId: '@auditor:fixture.test', deviceId: 'AUDITDEVICE', skippedWithoutToken: [] });
  });

  it('never appear in any output format, snapshot, error or the reproduce lines', async () => {
    const server = await serve(deepFields);
    const snapshot = path.join(work, 'snap.json');
    const report = path.join(work, 'report.json');
    const outputs = [
      await cli(['audit', server.url, '--insecure', '--token-file', tokenFile, '--verbose', '--save-snapshot', snapshot, '--format', 'json', '-o', report]),
      await cli(['audit', server.url, '--insecure', '--token-file', tokenFile, '--verbose', '--color']),
      await cli(['audit', server.url, '--insecure', '--verbose'], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN }),
      await cli(['probe', server.url, '--insecure', '--token', SECRET_TOKEN, '-o', path.join(work, 'probe.json')]),
      await cli(['check', snapshot, '--format', 'json']),
    ];
    expect(outputs[0]!.code).toBe(1);
    expect(leaks(outputs[0]!, snapshot, report, path.join(work, 'probe.json'))).toBe(false);
    for (const output of outputs) expect(leaks(output)).toBe(false);
    expect(outputs[3]!.stderr).toMatch(/--token puts the access token in your shell history/);
    expect(readFileSync(report, 'utf8')).toMatch(/\$MATRIX_ACCESS_TOKEN|"authenticated": true/);
  });

  it('are not in errors either: a rejected token exits 2 without echoing it', async () => {
    const server = await serve(deepFields);
    const result = await cli(['audit', server.url, '--insecure'], { MATRIX_ACCESS_TOKEN: 'syt_wrong_7f3a9c_token' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/access token was rejected \(GET \/_matrix\/client\/v3\/account\/whoami answered 401 M_UNKNOWN_TOKEN\)/);
    expect(leaks(result)).toBe(false);
  });

  it('are never sent over plain http without --insecure, even to loopback', async () => {
    const server = await serve(deepFields);
    const result = await cli(['audit', server.url, '--token-file', tokenFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to send the access token over plain http/);
    expect(server.requests.some((request) => request.authorization)).toBe(false);
  });

  it('are not sent across a redirect to another origin', async () => {
    const other = await serve({ ...deepFields, name: 'other-origin', tokens: undefined });
    const server = await serve({
      ...deepFields,
      redirects: [
        { path: '/_matrix/client/v3/capabilities', location: `${other.url}/_matrix/client/v3/capabilities` },
        { path: '/_matrix/client/v3/pushrules/', location: '/_matrix/client/v3/pushrules/same-origin/', status: 307 },
      ],
    });
    const result = await cli(['audit', server.url, '--insecure', '--token-file', tokenFile, '--format', 'json']);
    expect(result.code).not.toBe(2);
    expect(other.requests).toEqual([]);
    // Same-origin redirects are followed, with the token.
    expect(server.requests.some((request) => request.path === '/_matrix/client/v3/pushrules/same-origin/' && request.authorization)).toBe(true);
    const report = JSON.parse(result.stdout);
    expect(report.summary.inconclusive).toBeGreaterThan(0);
  });

  it('probes never change state: credentials only on GET, no request has a body', async () => {
    const server = await serve(deepFields);
    await cli(['audit', server.url, '--insecure', '--token-file', tokenFile]);
    expect(server.requests.length).toBeGreaterThan(100);
    const withCredentials = server.requests.filter((request) => request.authorization);
    expect(withCredentials.length).toBeGreaterThan(3);
    expect(withCredentials.every((request) => request.method === 'GET')).toBe(true);
    expect(server.requests.every((request) => request.bodyBytes === 0)).toBe(true);
    expect(server.requests.some((request) => request.method !== 'GET')).toBe(true);
    // Endpoints that act on an anonymous POST (rendezvous sessions) are probed with GET instead.
    expect(server.requests.some((request) => request.method === 'POST' && /\/rendezvous\/?$/.test(request.path))).toBe(false);
    expect(server.requests.some((request) => request.method === 'GET' && request.path === '/_matrix/client/unstable/org.matrix.msc4108/rendezvous')).toBe(true);
  });

  it('without a token the report says which checks were skipped', async () => {
    const server = await serve(deepFields);
    const json = JSON.parse((await cli(['audit', server.url, '--format', 'json'])).stdout);
    expect(json.auth.authenticated).toBe(false);
    expect(json.auth.skippedWithoutToken.join(' ')).toMatch(/capabilities.*push rule/);
    const human = await cli(['audit', server.url]);
    expect(human.stdout).toMatch(/^token\s+none: skipped .*capabilities/m);
  });
});
