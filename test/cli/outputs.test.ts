import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { synapseLike } from '../fixtures/profiles.js';

/** Part 4 of issue 10: every output path is checked before the first probe; "-" is stdout. */
const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-outputs-'));
const AS_OF = '2026-11-22';

const oneLine = (text: string): string => {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^msc-audit: /);
  return lines[0]!;
};

/** A port nothing listens on: any probe there would fail with "connection refused" (exit 3). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('output paths are checked before the first probe', () => {
  it('a bad -o with an unreachable server: the path error, exit 2, not the network error', async () => {
    const unreachable = await closedPort();
    const result = await cli(['audit', unreachable, '-o', path.join(work, 'no-such-dir', 'report.txt')]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/-o .*report\.txt: the directory .*no-such-dir does not exist/);
  });

  it('each kind of bad path names the option and the fix, before any request', async () => {
    const unreachable = await closedPort();
    const adir = path.join(work, 'adir');
    mkdirSync(adir, { recursive: true });
    const input = path.join(work, 'baseline.json');
    writeFileSync(input, '{}');
    const cases: Array<[string[], RegExp]> = [
      // A directory is not "check that the directory exists": say it is one, and suggest a file in it.
      [['-o', adir], /-o .*adir is a directory: give a file name inside it, e\.g\. .*adir\/msc-audit\.txt$/],
      [['--report', `junit=${adir}`], /--report junit .*adir is a directory: .*adir\/msc-audit\.xml$/],
      [['--save-snapshot', path.join(work, 'missing', 's.json')], /--save-snapshot .*: the directory .*missing does not exist/],
      [['-o', path.join(work, 'r.json'), '--report', `json=${path.join(work, 'r.json')}`], /-o and --report json both write to .*r\.json: give each output its own file/],
      [['--report', 'json=-'], /the --format human report and --report json both write to stdout: send one of them to a file/],
      [['--baseline', input, '-o', input], /-o .*baseline\.json is also the --baseline report this command reads: write to another file/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(['audit', unreachable, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(oneLine(result.stderr)).toMatch(message);
    }
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('check s.json -o s.json refuses to overwrite its input', async () => {
    const server = await serve(synapseLike);
    const snapshot = path.join(work, 's.json');
    expect((await cli(['probe', server.url, '-o', snapshot])).code).toBe(0);
    const before = readFileSync(snapshot, 'utf8');
    const result = await cli(['check', snapshot, '-o', snapshot]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/-o .*s\.json is also the snapshot this command reads/);
    expect(readFileSync(snapshot, 'utf8')).toBe(before);
  });

  it('probe -o - writes the snapshot to stdout, not to a file named "-"', async () => {
    const server = await serve(synapseLike);
    const result = await cli(['probe', server.url, '-o', '-']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ snapshotVersion: expect.any(Number), target: { baseUrl: server.url } });
    expect(result.stderr).toMatch(/wrote the snapshot to stdout/);
    expect(existsSync('-')).toBe(false);
  });

  it('--quiet -o report.txt: the file gets the whole report, the terminal the summary line', async () => {
    const server = await serve(synapseLike);
    const file = path.join(work, 'report.txt');
    const result = await cli(['audit', server.url, '--as-of', AS_OF, '--quiet', '-o', file, '--fail-on', 'none']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^Summary: /);
    const written = readFileSync(file, 'utf8');
    expect(written).toMatch(/^msc-audit /m);
    expect(written).toMatch(/^Summary: /m);
    expect(written.split('\n').length).toBeGreaterThan(10);
  });

  it('a pipe is written in place, not replaced by a renamed file', async () => {
    const server = await serve(synapseLike);
    const fifo = path.join(work, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    let received = '';
    const reader = new Promise<void>((resolve) => createReadStream(fifo).on('data', (chunk) => (received += chunk.toString())).on('end', resolve));
    const result = await cli(['audit', server.url, '--as-of', AS_OF, '--fail-on', 'none', '--quiet', '--report', `json=${fifo}`]);
    await reader;
    expect(result.code).toBe(0);
    expect(JSON.parse(received)).toMatchObject({ schemaVersion: 1 });
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});
