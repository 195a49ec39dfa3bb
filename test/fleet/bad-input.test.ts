import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-fleet-bad-'));
const file = (name: string, text: string): string => {
  const target = path.join(work, name);
  writeFileSync(target, text);
  return target;
};

/** One line on stderr, exit 2, and nothing written into the out-dir. */
async function refused(args: string[], message: RegExp): Promise<void> {
  const result = await cli(args);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

describe('fleet, merge and matrix: bad input', () => {
  it('a list line that is neither a URL nor a server name names the line', async () => {
    const out = path.join(work, 'out-bad-line');
    await refused(['fleet', file('bad.txt', 'https://ok.example\n\nnot a server # comment\n'), '--out-dir', out], /bad\.txt:3: one server a line/);
    await refused(['fleet', file('scheme.txt', 'ftp://x.example\n'), '--out-dir', out], /scheme\.txt:1: .*only http and https/);
    expect(() => readdirSync(out)).toThrow();
  });

  // Node's recursive mkdir never returns there (it loops on ENOENT): the out-dir is made a level at a time.
  it.skipIf(!existsSync('/proc/self'))('an --out-dir where no directory can be made (under /proc): one line, at once', async () => {
    await refused(['fleet', file('one.txt', 'http://127.0.0.1:9\n'), '--out-dir', '/proc/msc-audit-no/such'], /cannot create --out-dir \/proc\/msc-audit-no\/such \(ENOENT\)/);
  });

  it('a server listed twice', async () => {
    await refused(['fleet', file('twice.txt', 'https://HS.example/\nhttps://hs.example\n'), '--out-dir', path.join(work, 'o2')], /twice\.txt:2: .*listed twice \(first at .*twice\.txt:1\)/);
  });

  it('a missing or empty list', async () => {
    await refused(['fleet', path.join(work, 'nope.txt'), '--out-dir', path.join(work, 'o3')], /cannot read the server list .*ENOENT/);
    await refused(['fleet', file('empty.txt', '# nothing\n'), '--out-dir', path.join(work, 'o3')], /lists no servers/);
    await refused(['fleet', '--no-config', '--out-dir', path.join(work, 'o3')], /no servers: msc-audit fleet servers\.txt/);
  });

  it('bad --shard, --jobs and --max-requests', async () => {
    const list = file('one.txt', 'https://hs.example\n');
    await refused(['fleet', list, '--out-dir', path.join(work, 'o4'), '--shard', '5/4'], /--shard takes i\/n/);
    await refused(['fleet', list, '--out-dir', path.join(work, 'o4'), '--jobs', '0'], /--jobs must be a whole number/);
    await refused(['fleet', list, '--out-dir', path.join(work, 'o4'), '--max-requests', 'many'], /--max-requests must be a whole number/);
  });

  it('merge and matrix of directories that are not fleet out-dirs', async () => {
    const plain = path.join(work, 'plain');
    mkdirSync(plain, { recursive: true });
    await refused(['merge', plain, '--out-dir', path.join(work, 'm')], /has no index\.json/);
    await refused(['matrix', plain], /has no index\.json/);
    await refused(['matrix', file('not-json.json', '{')], /is not JSON/);
    await refused(['matrix', file('other.json', '{"hello":1}')], /neither a fleet out-dir, an msc-audit JSON report nor a snapshot/);
    await refused(['matrix', path.join(work, 'missing-dir')], /cannot read .*ENOENT/);
  });

  it('bad matrix options', async () => {
    const plain = path.join(work, 'plain');
    await refused(['matrix', plain, '--format', 'pdf'], /--format must be one of markdown, json, csv, html/);
    await refused(['matrix', plain, '--msc', 'sliding'], /--msc takes MSC numbers/);
    await refused(['matrix', plain, '--status', 'maybe'], /--status must be among/);
  });
});
