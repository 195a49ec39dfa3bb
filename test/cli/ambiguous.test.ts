import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { genericFederationQuery, routedFederationQueries } from '../fixtures/ambiguous-profiles.js';
import type { Snapshot } from '../../src/snapshot/types.js';

const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-ambiguous-'));
const STABLE = '/_matrix/federation/v1/query/presence_recipients';
const DISCRIMINATOR = '/_matrix/federation/v1/query/msc-audit-control-surely-absent';
type Report = { findings: Array<{ rule: string; msc?: number; subject: string }>; features: Array<{ msc: number; state: string; ambiguous?: string[] }> };

describe('end to end: probes that a templated spec endpoint answers', () => {
  it('a server whose query/{queryType} answers every type: ambiguous, no finding, and the reports say why', async () => {
    const server = await serve(genericFederationQuery);
    const snapshotFile = path.join(work, 'generic.json');
    const result = await cli(['audit', server.url, '--format', 'json', '--as-of', '2026-11-22', '--save-snapshot', snapshotFile]);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.filter((finding) => finding.msc === 4495)).toEqual([]);
    expect(result.code).toBe(0);

    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
    const probe = snapshot.probes.find((p) => p.purpose === 'endpoint' && p.url.endsWith(STABLE));
    expect(probe).toMatchObject({ classification: 'ambiguous', status: 401, shadowedBy: 'GET /_matrix/federation/v1/query/{queryType}' });
    const discriminator = snapshot.probes.find((p) => p.id === probe?.discriminatorId);
    expect(discriminator).toMatchObject({ purpose: 'control', method: 'GET', status: 401, authenticated: false });
    expect(discriminator?.url.endsWith(DISCRIMINATOR)).toBe(true);
    // The discriminating probe is as harmless as the probe: one anonymous GET without a body.
    expect(server.requests.filter((request) => request.path === DISCRIMINATOR)).toEqual([{ method: 'GET', path: DISCRIMINATOR, bodyBytes: 0 }]);

    expect(report.features.find((row) => row.msc === 4495)?.ambiguous?.[0]).toMatch(/proves nothing, the spec's GET \/_matrix\/federation\/v1\/query\/\{queryType\} answers this path too/);
    const human = await cli(['check', snapshotFile, '--as-of', '2026-11-22']);
    expect(human.stdout).toMatch(/MSC4495 .*inconclusive.*ambiguous: GET \/_matrix\/federation\/v1\/query\/presence_recipients \(401 M_UNAUTHORIZED\)/);
  });

  it('a server that routes each query type: the discriminating probe proves the endpoint, and the open MSC is reported', async () => {
    const server = await serve(routedFederationQueries);
    const result = await cli(['audit', server.url, '--format', 'json', '--as-of', '2026-11-22']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.filter((finding) => finding.msc === 4495).map((finding) => `${finding.rule} ${finding.subject}`)).toEqual([`premature-stable-endpoint GET ${STABLE}`]);
    expect(result.code).toBe(1);
  });
});
