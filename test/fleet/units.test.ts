import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/fleet/progress.js';
import { listChecksum, parseServerList } from '../../src/fleet/list.js';
import { parseShard, selectShard, shardOf } from '../../src/fleet/shard.js';
import { Semaphore } from '../../src/probe/gate.js';
import type { ServerResult } from '../../src/fleet/files.js';

const result = (server: string, status: ServerResult['status'] = 'audited'): ServerResult => ({
  server,
  id: server,
  key: server,
  status,
  ...(status === 'audited' ? { findings: { error: 1, warning: 0, info: 2 } } : { reason: 'ECONNREFUSED' }),
  durationMs: 1200,
  finishedAt: '2026-11-22T00:00:00.000Z',
});

function progress(options: { isTty: boolean; ci: boolean; quiet?: boolean; verbose?: boolean }): { out: string[]; progress: Progress } {
  const out: string[] = [];
  return { out, progress: new Progress({ write: (text) => out.push(text), isTty: options.isTty, ci: options.ci }, 2, { quiet: options.quiet ?? false, verbose: options.verbose ?? false }) };
}

describe('progress on stderr', () => {
  it('draws a live line on a terminal: done/total, failures, rate, ETA; erased at the end', () => {
    const { out, progress: p } = progress({ isTty: true, ci: false });
    p.finished(result('https://a.example'), false);
    p.finished(result('https://b.example', 'unreachable'), false);
    p.end();
    expect(out.at(-2)).toMatch(/^\r\u001b\[Kfleet: 2\/2 servers, 1 not audited, [\d.]+\/s, ETA 0s$/);
    expect(out.at(-1)).toBe('\r\u001b[K');
  });

  it('is silent when stderr is not a terminal, under CI=true and with --quiet', () => {
    for (const options of [{ isTty: false, ci: false }, { isTty: true, ci: true }, { isTty: true, ci: false, quiet: true }]) {
      const { out, progress: p } = progress(options);
      p.finished(result('https://a.example'), false);
      p.end();
      expect(out).toEqual([]);
    }
  });

  it('prints one line per finished server with --verbose, anywhere, server strings stripped of escapes', () => {
    const { out, progress: p } = progress({ isTty: false, ci: true, verbose: true });
    p.finished(result('https://a.example\u001b[2J'), false);
    p.finished(result('https://b.example', 'unreachable'), true);
    expect(out).toEqual(['https://a.example: audited, 1 error(s), 0 warning(s), 2 info (1.2s)\n', 'https://b.example: unreachable: ECONNREFUSED (already done)\n']);
  });
});

describe('server lists and shards', () => {
  const text = 'https://HS.example/\n# a comment\nmatrix.org   # trailing comment\n\nhttp://127.0.0.1:8008/base/\nexample.com:8448\n';
  const servers = parseServerList(text, 'list.txt', false);

  it('normalises servers and names their lines', () => {
    expect(servers.map((server) => [server.id, server.origin])).toEqual([
      ['https://hs.example', 'list.txt:1'],
      ['matrix.org', 'list.txt:3'],
      ['http://127.0.0.1:8008/base', 'list.txt:5'],
      ['example.com:8448', 'list.txt:6'],
    ]);
    expect(new Set(servers.map((server) => server.key)).size).toBe(4);
    for (const server of servers) expect(server.key).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('shares are deterministic, disjoint, complete and stable when the list is reordered', () => {
    const many = parseServerList(Array.from({ length: 200 }, (_, i) => `hs${i}.example`).join('\n'), 'many.txt', false);
    const shares = [1, 2, 3, 4].map((index) => selectShard(many, { index, count: 4 }).map((server) => server.id));
    expect(shares.flat().sort()).toEqual(many.map((server) => server.id).sort());
    for (const share of shares) expect(share.length).toBeGreaterThan(20);
    const reordered = [...many].reverse();
    expect([1, 2, 3, 4].map((index) => selectShard(reordered, { index, count: 4 }).map((server) => server.id).sort())).toEqual(shares.map((share) => [...share].sort()));
    expect(listChecksum(reordered)).toBe(listChecksum(many));
    expect(shardOf('hs1.example', 4)).toBe(shardOf('hs1.example', 4));
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(() => parseShard('0/8')).toThrow(/--shard takes i\/n/);
  });
});

describe('the global request gate', () => {
  it('never lets more than its limit run at once', async () => {
    const gate = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 20 }, () => gate.run(task)));
    expect(peak).toBe(3);
  });

  it('serves waiting requests of earlier audits first (lanes), in arrival order within a lane', async () => {
    const gate = new Semaphore(1);
    const order: string[] = [];
    let release!: () => void;
    const blocker = gate.run(() => new Promise<void>((resolve) => { release = resolve; }));
    const task = (name: string) => async (): Promise<void> => {
      order.push(name);
    };
    // Queued while the only slot is taken: the late audit's requests first, then the early one's.
    const waiting = [gate.lane(5).run(task('late-1')), gate.lane(1).run(task('early-1')), gate.lane(5).run(task('late-2')), gate.lane(1).run(task('early-2'))];
    release();
    await Promise.all([blocker, ...waiting]);
    expect(order).toEqual(['early-1', 'early-2', 'late-1', 'late-2']);
  });
});
