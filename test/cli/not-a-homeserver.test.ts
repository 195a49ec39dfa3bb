import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/build.js';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import type { ServerProfile } from '../../src/demo/homeserver.js';
import { brokenVersions } from '../fixtures/profiles.js';

const minimal: ServerProfile = { name: 'minimal', versions: { versions: ['v1.1'] }, routes: [], unknownPaths: 'matrix' };
const lines = (text: string) => text.trim().split('\n');

describe('not a homeserver: exit 3 with one line, never findings', () => {
  // Asking again is tested with the HTML page in bad-input.test.ts: here one attempt is enough.
  it.concurrent.each([
    ['plain text', 'OK'],
    ['JSON without versions or unstable_features', { status: 'ok', version: '2.4.1' }],
    ['a JSON array', ['v1.1']],
  ] as const)('a /versions that answers 200 with %s', async (_what, versions) => {
    const server = await serve({ ...minimal, versions, ...(typeof versions === 'string' ? { versionsContentType: 'text/plain' } : {}) });
    const result = await cli(['audit', server.url, '--format', 'json', '--retries', '0']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^msc-audit: cannot read .*\/_matrix\/client\/versions: it answered 200 with .*not a Matrix homeserver's client API/);
  });

  it('a Matrix server whose versions document is malformed keeps its finding (exit 1)', async () => {
    const server = await serve(brokenVersions);
    const result = await cli(['audit', server.url, '--format', 'json', '--retries', '0']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('invalid-versions-response');
  });
});

describe('a base URL given with a /_matrix path is corrected, with a one-line note', () => {
  it('/_matrix/client/versions, /_matrix/client/v3 and /_matrix/ all audit the base URL', async () => {
    const server = await serve(minimal);
    const suffixes = ['/_matrix/client/versions', '/_matrix/client/v3', '/_matrix/'];
    // One after the other: audits racing for the machine's cores could time out differently.
    const runs = [];
    for (const suffix of ['', ...suffixes]) runs.push(await cli(['audit', `${server.url}${suffix}`, '--format', 'json']));
    const [plain, ...corrected] = runs;
    expect(plain!.stderr).toBe('');
    suffixes.forEach((suffix, index) => {
      const result = corrected[index]!;
      expect(result.code).toBe(plain!.code);
      expect(lines(result.stderr)).toEqual([`msc-audit: note: using ${server.url}: a base URL ends before /_matrix (${suffix.replace(/\/$/, '')} is an API path)`]);
      const report = JSON.parse(result.stdout);
      expect(report.target).toMatchObject({ baseUrl: server.url, input: `${server.url}${suffix}` });
      expect(report.findings).toEqual(JSON.parse(plain!.stdout).findings);
    });
    expect(server.requests.some((request) => request.path.includes('/_matrix/_matrix') || request.path.startsWith('/_matrix/client/versions/'))).toBe(false);
  });
});

describe('a snapshot whose /versions answer no audit would go on with', () => {
  it('check exits 3 with one line (an HTML page is not a malformed versions document), but keeps a Matrix server\'s malformed document', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'msc-audit-old-snapshot-'));
    const html = path.join(dir, 'html.json');
    writeFileSync(html, JSON.stringify(snapshot({ versionsProbe: { status: 200, bodyKind: 'html', contentType: 'text/html', json: undefined } })));
    const result = await cli(['check', html, '--format', 'json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^msc-audit: the snapshot's GET .*\/_matrix\/client\/versions: it answered 200 with an HTML page, not a Matrix versions document, so nothing in it can be judged/);

    const malformed = path.join(dir, 'malformed.json');
    writeFileSync(malformed, JSON.stringify(snapshot({ versions: { versions: 'v1.1' } })));
    const kept = await cli(['check', malformed, '--format', 'json']);
    expect(kept.code).toBe(1);
    expect(JSON.parse(kept.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('invalid-versions-response');
  });
});
