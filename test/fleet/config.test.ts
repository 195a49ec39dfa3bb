import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { closedPort } from '../fixtures/fleet.js';
import { conformant, misbehaving } from '../fixtures/profiles.js';
import type { FleetIndex } from '../../src/fleet/files.js';

const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-fleet-config-'));
const index = (dir: string): FleetIndex => JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as FleetIndex;

describe('fleet: config targets and exit codes', () => {
  it('audits the targets of .msc-audit.yaml when no list is given, each with its own --fail-on', async () => {
    const [good, bad] = [await serve(conformant), await serve(misbehaving)];
    const config = path.join(work, 'fleet.yaml');
    writeFileSync(config, `as-of: 2026-11-22\ntargets:\n  - server: ${good.url}\n  - server: ${bad.url}\n    fail-on: none\n`);
    const out = path.join(work, 'from-config');
    const result = await cli(['fleet', '--config', config, '--out-dir', out]);
    // The misbehaving server's findings do not fail the run: its target says fail-on none.
    expect(result.code, result.stderr).toBe(0);
    expect(index(out).servers.map((server) => [server.server, server.status])).toEqual([[good.url, 'audited'], [bad.url, 'audited']].sort());
    expect(index(out).servers.find((server) => server.server === bad.url)!.findings!.error).toBeGreaterThan(0);
  });

  it('exits 3 when no server could be audited', async () => {
    const list = path.join(work, 'down.txt');
    writeFileSync(list, `http://127.0.0.1:${await closedPort()}\nhttp://127.0.0.1:${await closedPort()}\n`);
    const result = await cli(['fleet', list, '--out-dir', path.join(work, 'down'), '--retries', '0']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/^fleet: 2 servers: 0 audited, 2 unreachable/);
  });
});
