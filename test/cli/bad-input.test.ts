import { mkdtempSync, writeFileSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve, TRUST_TEST_CA } from '../helpers/servers.js';
import type { ServerProfile } from '../../src/demo/homeserver.js';

/** One test per class of bad input: a one-line error on stderr, the documented exit code, no partial files. */
const oneLine = (text: string) => {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^msc-audit: /);
  return lines[0]!;
};

const minimal: ServerProfile = { name: 'minimal', versions: { versions: ['v1.1'] }, routes: [], unknownPaths: 'matrix' };
const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-bad-input-'));

describe('bad input', () => {
  it('a bad URL: exit 2', async () => {
    const result = await cli(['audit', 'http://exa mple.org']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/not a valid URL/);
  });

  it('plain http to a non-loopback host without --insecure: exit 2', async () => {
    const result = await cli(['audit', 'http://matrix.example.org']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/--insecure/);
  });

  it('an unknown option: exit 2', async () => {
    const result = await cli(['audit', '--frobnicate', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/unknown option '--frobnicate'/);
  });

  it('a bad option value: exit 2', async () => {
    for (const args of [['--policy', 'lax'], ['--as-of', '2026-02-30'], ['--fail-on', 'fatal'], ['--timeout', 'soon'], ['--format', 'yaml']]) {
      const result = await cli(['audit', 'http://127.0.0.1:1', ...args]);
      expect(result.code).toBe(2);
      oneLine(result.stderr);
    }
  });

  it('an unreachable host: exit 3', async () => {
    const result = await cli(['audit', 'http://127.0.0.1:9', '--retries', '0']);
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/cannot read .*versions: connection refused by 127\.0\.0\.1 on port 9 \(ECONNREFUSED\)/);
  });

  it('an invalid well-known document: exit 3', async () => {
    const server = await serve({ ...minimal, wellKnown: '{"m.homeserver": ' }, { tls: true, host: '127.0.0.1' });
    const result = await cli(['audit', `localhost:${server.port}`], TRUST_TEST_CA);
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/well-known\/matrix\/client is not a JSON object/);
  });

  it('a well-known document without base_url: exit 3', async () => {
    const server = await serve({ ...minimal, wellKnown: { 'm.identity_server': { base_url: 'https://id.example' } } }, { tls: true });
    const result = await cli(['audit', `localhost:${server.port}`], TRUST_TEST_CA);
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/no m.homeserver.base_url/);
  });

  it('a /versions that is an HTML page (a web client, not a homeserver): asked again, then exit 3 with one line, no findings', async () => {
    const server = await serve({ ...minimal, versions: '<!doctype html><html><body>Element</body></html>', versionsContentType: 'text/html' });
    const result = await cli(['audit', server.url, '--format', 'json', '--retries', '1']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(oneLine(result.stderr)).toMatch(/cannot read .*\/_matrix\/client\/versions: it answered 200 with an HTML page, not a Matrix versions document \(2 attempts\); this is not a Matrix homeserver's client API/);
    expect(server.requests.filter((request) => request.path === '/_matrix/client/versions')).toHaveLength(2);
  });

  it('a /versions behind a proxy error page: not auditable, exit 3', async () => {
    const server = await serve({ ...minimal, misbehave: [{ paths: ['/_matrix/client/versions'], mode: 'html-502' }] });
    const result = await cli(['audit', server.url, '--retries', '0']);
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/cannot read .*502/);
  });

  it('a corrupt snapshot: exit 2', async () => {
    const notJson = path.join(work, 'broken.json');
    writeFileSync(notJson, '{"snapshotVersion": 1, ');
    let result = await cli(['check', notJson]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/is not JSON/);
    const wrongShape = path.join(work, 'wrong.json');
    writeFileSync(wrongShape, JSON.stringify({ snapshotVersion: 1, probes: 'none' }));
    result = await cli(['check', wrongShape]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/not a valid msc-audit snapshot/);
    result = await cli(['check', path.join(work, 'missing.json')]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/cannot read snapshot/);
    // A report where a snapshot belongs says so.
    const report = path.join(work, 'report.json');
    writeFileSync(report, JSON.stringify({ schemaVersion: 1, findings: [] }));
    result = await cli(['check', report]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/report\.json is a JSON report, not a snapshot/);
  });

  it('a snapshot whose timestamps are not dates: exit 2 (its day decides judgements), for check and diff', async () => {
    const server = await serve(minimal);
    const good = path.join(work, 'good.snapshot.json');
    expect((await cli(['probe', server.url, '-o', good])).code).toBe(0);
    const bad = path.join(work, 'bad-date.snapshot.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(good, 'utf8')), finishedAt: 'yesterday' }));
    for (const args of [['check', bad], ['diff', good, bad]]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(oneLine(result.stderr)).toMatch(/finishedAt/);
    }
  });

  it('an invalid catalogue file: exit 2 with file:line', async () => {
    const file = path.join(work, 'catalogue.yaml');
    writeFileSync(file, 'mscs:\n  - msc: 9001\n    title: Test\n    status: released\n    sources: [example/repo proposals/9001.md]\n');
    const result = await cli(['explain', 'MSC9001', '--catalogue', file]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: .*released_in`));
     // A path that is no file is a wrong path, said as such (as catalogue lint says it).
    for (const [missing, why] of [[path.join(work, 'no-such.yaml'), 'no such file'], [work, 'a directory']] as const) {
      const wrong = await cli(['explain', 'MSC4186', '--catalogue', missing]);
      expect(wrong.code).toBe(2);
      expect(oneLine(wrong.stderr)).toBe(`msc-audit: cannot read the catalogue file ${missing} (${why}): check the path`);
    }
  });

  it('an unwritable output file: exit 2 and no temporary file left behind', async () => {
    const server = await serve(minimal);
    const target = path.join(work, 'no-such-dir', 'report.json');
    const result = await cli(['audit', server.url, '--format', 'json', '-o', target]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/-o .*report\.json: the directory .*no-such-dir does not exist/);
    expect(existsSync(path.dirname(target))).toBe(false);
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('explain of something unknown: exit 2, says so', async () => {
    const result = await cli(['explain', 'com.example.nothing']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/not a rule id, MSC, flag, endpoint or field the catalogue knows/);
  });
});
