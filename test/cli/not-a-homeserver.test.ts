import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import type { ServerProfile } from '../../src/demo/homeserver.js';
import { brokenVersions } from '../fixtures/profiles.js';

const minimal: ServerProfile = { name: 'minimal', versions: { versions: ['v1.1'] }, routes: [], unknownPaths: 'matrix' };
const lines = (text: string) => text.trim().split('\n');

describe('not a homeserver: exit 3 with one line, never findings', () => {
  for (const [what, versions] of [
    ['plain text', 'OK'],
    ['JSON without versions or unstable_features', { status: 'ok', version: '2.4.1' }],
    ['a JSON array', ['v1.1']],
  ] as const) {
    it(`a /versions that answers 200 with ${what}`, async () => {
      const server = await serve({ ...minimal, versions: typeof versions === 'string' ? versions : versions, ...(typeof versions === 'string' ? { versionsContentType: 'text/plain' } : {}) });
      const result = await cli(['audit', server.url, '--format', 'json']);
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^msc-audit: cannot read .*\/_matrix\/client\/versions: it answered 200 with .*not a Matrix homeserver's client API/);
    });
  }

  it('a Matrix server whose versions document is malformed keeps its finding (exit 1)', async () => {
    const server = await serve(brokenVersions);
    const result = await cli(['audit', server.url, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('invalid-versions-response');
  });
});

describe('a base URL given with a /_matrix path is corrected, with a one-line note', () => {
  for (const suffix of ['/_matrix/client/versions', '/_matrix/client/v3', '/_matrix', '/_matrix/']) {
    it(suffix, async () => {
      const server = await serve(minimal);
      const plain = await cli(['audit', server.url, '--format', 'json']);
      const result = await cli(['audit', `${server.url}${suffix}`, '--format', 'json']);
      expect(result.code).toBe(plain.code);
      expect(JSON.parse(result.stdout).findings).toEqual(JSON.parse(plain.stdout).findings);
      expect(lines(result.stderr)).toEqual([`msc-audit: note: using ${server.url}: a base URL ends before /_matrix (${suffix.replace(/\/$/, '')} is an API path)`]);
      expect(JSON.parse(result.stdout).target).toMatchObject({ baseUrl: server.url, input: `${server.url}${suffix}` });
      expect(server.requests.some((request) => request.path.includes('/_matrix/_matrix') || request.path.startsWith('/_matrix/client/versions/'))).toBe(false);
    });
  }
});
