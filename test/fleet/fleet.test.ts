import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { startFixtureFleet, type FixtureFleet } from '../fixtures/fleet.js';
import type { FleetIndex } from '../../src/fleet/files.js';

const AS_OF = '2026-11-22';
// Timeouts bound the silent servers' audits; generous enough that a loaded machine never makes a
// normal answer time out (which would change a cell between two runs).
const FAST = ['--as-of', AS_OF, '--timeout', '2500', '--retries', '1', '--deadline', '90'];

let fleet: FixtureFleet;
let work: string;
let listFile: string;
let whole: string;

const readIndex = (dir: string): FleetIndex => JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as FleetIndex;

beforeAll(async () => {
  fleet = await startFixtureFleet(50);
  work = mkdtempSync(path.join(tmpdir(), 'msc-audit-fleet-'));
  listFile = path.join(work, 'servers.txt');
  writeFileSync(listFile, `# fixture fleet\n\n${fleet.servers.map((server) => `${server.url}   # ${server.profile}`).join('\n')}\n`);
  whole = path.join(work, 'whole');
}, 60_000);

describe('fleet', () => {
  it('audits 50 fixture servers of every profile and records every failure with its reason', async () => {
    const result = await cli(['fleet', listFile, '--out-dir', whole, '--jobs', '16', '--verbose', ...FAST]);
    expect(result.stderr).not.toMatch(/internal error/);
    // Findings at or above error on the misbehaving servers: exit 1, the run itself completed.
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fleet: 50 servers: \d+ audited/);
    // --verbose: one line per finished server.
    expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('http://')), result.stderr).toHaveLength(50);
    expect(result.stderr).not.toMatch(/Warning/);
    const index = readIndex(whole);
    expect(index.complete).toBe(true);
    expect(index.run).toMatchObject({ policy: 'spec', asOf: AS_OF, tool: { name: 'msc-audit' }, list: { servers: 50 } });
    expect(index.run.list.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(index.run.catalogue.digest).toMatch(/^sha256:/);
    expect(index.servers).toHaveLength(50);
    const byUrl = new Map(index.servers.map((server) => [server.server, server]));
    for (const server of fleet.servers) {
      const recorded = byUrl.get(server.url)!;
      expect(recorded, server.url).toBeDefined();
      if (server.profile === 'refused') expect(recorded, server.profile).toMatchObject({ status: 'unreachable', reason: expect.stringMatching(/ECONNREFUSED/) });
      else if (server.profile === 'silent') expect(recorded, server.profile).toMatchObject({ status: 'unreachable', reason: expect.stringMatching(/timeout/) });
      else if (server.profile === 'not-a-homeserver') expect(recorded, server.profile).toMatchObject({ status: 'not-auditable', reason: expect.stringMatching(/versions.*404/) });
      else {
        // Flaky and behind-proxy servers are audited: their failures are inconclusive probes, not failed audits.
        expect(recorded, server.profile).toMatchObject({ status: 'audited' });
        const report = JSON.parse(readFileSync(path.join(whole, recorded.report!), 'utf8')) as { target: { baseUrl: string } };
        expect(report.target.baseUrl).toBe(server.url);
        expect(existsSync(path.join(whole, recorded.snapshot!))).toBe(true);
      }
    }
    expect(index.counts).toMatchObject({ total: 50, failed: 0 });
    // Nothing half-written is left behind.
    expect(readdirSync(path.join(whole, 'servers')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('resumes: a rerun skips finished servers, --force audits them again', async () => {
    const before = readIndex(whole);
    const again = await cli(['fleet', listFile, '--out-dir', whole, '--verbose', ...FAST]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n').every((line) => line.endsWith('(already done)'))).toBe(true);
    expect(readIndex(whole).servers).toEqual(before.servers);
    // A run judged differently must not mix with it.
    const other = await cli(['fleet', listFile, '--out-dir', whole, '--as-of', '2026-01-01']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/different as-of date .*--force/);
  }, 60_000);

  it('4 shards merged give the same matrix as one unsharded run', async () => {
    const shards = [1, 2, 3, 4].map((i) => path.join(work, `shard-${i}`));
    const runs = await Promise.all(shards.map((dir, i) => cli(['fleet', listFile, '--out-dir', dir, '--shard', `${i + 1}/4`, '--jobs', '4', ...FAST])));
    for (const run of runs) expect([0, 1, 3]).toContain(run.code);
    const sizes = shards.map((dir) => readIndex(dir).servers.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    const merged = path.join(work, 'merged');
    const merge = await cli(['merge', ...shards, '--out-dir', merged]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(readIndex(merged).shards).toEqual([1, 2, 3, 4].map((index) => ({ index, count: 4 })));
    // The matrix as JSON is the whole model the other formats render.
    const [one, four] = await Promise.all([cli(['matrix', whole, '--format', 'json']), cli(['matrix', merged, '--format', 'json'])]);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).servers).toHaveLength(50);
    // Cell by cell first, so a difference is shown where it is.
    const cells = (text: string) => (JSON.parse(text) as { rows: Array<{ msc: number; cells: unknown[] }> }).rows.flatMap((row) => row.cells.map((cell, i) => JSON.stringify({ msc: row.msc, server: i, cell })));
    expect(cells(four.stdout)).toEqual(cells(one.stdout));
    expect(four.stdout).toBe(one.stdout);
    // A shard judged with another as-of date is refused.
    const late = path.join(work, 'late');
    cpSync(shards[0]!, late, { recursive: true });
    const lateIndex = readIndex(late);
    writeFileSync(path.join(late, 'index.json'), JSON.stringify({ ...lateIndex, run: { ...lateIndex.run, asOf: '2026-12-01' } }));
    const refused = await cli(['merge', late, ...shards.slice(1), '--out-dir', path.join(work, 'bad-merge')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/different as-of date/);
    expect(existsSync(path.join(work, 'bad-merge'))).toBe(false);
  }, 120_000);
});
