import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../src/rules/engine.js';
import { featureView } from '../../src/rules/features.js';
import { catalogue, endpointProbe, entry, snapshot } from '../helpers/build.js';
import type { SpecEndpoint } from '../../src/catalogue/types.js';

/**
 * From a real Synapse: `premature-stable-endpoint MSC4495 GET /_matrix/federation/v1/query/presence_recipients`.
 * The 401 came from the spec's own GET /_matrix/federation/v1/query/{queryType}, which answers
 * any query type before it looks at it: it says nothing about MSC4495.
 */
const queryEndpoint: SpecEndpoint = { method: 'GET', path: '/_matrix/federation/v1/query/{queryType}', api: 'server-server' };
const presence = entry({
  msc: 4495,
  title: 'Selective Presence',
  status: 'open',
  unstable: { flags: ['org.continuwuity.presence_v2.msc4495'], endpoints: [{ method: 'GET', path: '/_matrix/federation/unstable/org.continuwuity.presence_v2.msc4495/query/presence_recipients' }] },
  stable: { flags: ['org.continuwuity.presence_v2.msc4495.stable'], endpoints: [{ method: 'GET', path: '/_matrix/federation/v1/query/presence_recipients' }] },
});
const cat = catalogue([presence], { specEndpoints: [queryEndpoint] });
const stablePath = '/_matrix/federation/v1/query/presence_recipients';
const judge = (snap: ReturnType<typeof snapshot>, policy: 'spec' | 'msc2324' = 'spec') => checkSnapshot({ snapshot: snap, catalogue: cat, policy, asOf: '2026-11-22' });

describe('answers a templated spec endpoint also gives are never evidence', () => {
  it('regression: a 401 on query/presence_recipients is not a premature MSC4495 endpoint (snapshot of any version)', () => {
    // A snapshot as msc-audit wrote it before it knew about shadowing: the probe says "present".
    const snap = snapshot({ probes: [{ ...endpointProbe(4495, 'stable', stablePath, 'present'), status: 401, errcode: 'M_UNAUTHORIZED' }] });
    const findings = judge(snap).concat(judge(snap, 'msc2324'));
    expect(findings.filter((finding) => finding.msc === 4495)).toEqual([]);
  });

  it('a probe judged ambiguous at probe time stays out of every rule, under both policies', () => {
    const ambiguous = { ...endpointProbe(4495, 'stable', stablePath, 'present'), classification: 'ambiguous' as const, shadowedBy: 'GET /_matrix/federation/v1/query/{queryType}' };
    const snap = snapshot({ versions: { versions: ['v1.11'], unstable_features: { 'org.continuwuity.presence_v2.msc4495.stable': true } }, probes: [ambiguous] });
    // Nor is it evidence of absence: an advertised flag with an ambiguous endpoint is no flag-without-endpoint.
    expect(judge(snap).map((finding) => finding.rule).filter((rule) => rule.endsWith('endpoint'))).toEqual([]);
  });

  it('presence that a discriminating probe established is judged like any other', () => {
    const discriminated = {
      ...endpointProbe(4495, 'stable', stablePath, 'present'),
      shadowedBy: 'GET /_matrix/federation/v1/query/{queryType}',
      discriminatorId: 'discriminator1',
      why: '401 M_MISSING_TOKEN, while /_matrix/federation/v1/query/msc-audit-control-surely-absent answers 404 M_UNRECOGNIZED',
    };
    const [finding] = judge(snapshot({ probes: [discriminated] })).filter((f) => f.rule === 'premature-stable-endpoint');
    expect(finding).toMatchObject({ msc: 4495, subject: `GET ${stablePath}` });
    expect(finding?.evidence[0]?.detail).toMatch(/404 M_UNRECOGNIZED/);
  });

  it('unshadowed paths are untouched: a probe of an endpoint the spec lacks is still evidence', () => {
    const other = entry({ msc: 4999, status: 'open', stable: { endpoints: [{ method: 'GET', path: '/_matrix/federation/v1/msc4999' }] } });
    const cat2 = catalogue([other], { specEndpoints: [queryEndpoint] });
    const snap = snapshot({ probes: [endpointProbe(4999, 'stable', '/_matrix/federation/v1/msc4999', 'present')] });
    expect(checkSnapshot({ snapshot: snap, catalogue: cat2, policy: 'spec', asOf: '2026-11-22' }).map((f) => f.rule)).toContain('premature-stable-endpoint');
  });

  it('an ambiguous form never makes a requirement unmet', () => {
    const unstablePath = '/_matrix/federation/unstable/org.continuwuity.presence_v2.msc4495/query/presence_recipients';
    const snap = snapshot({ probes: [endpointProbe(4495, 'unstable', unstablePath, 'present'), endpointProbe(4495, 'stable', stablePath, 'present')] });
    const requirements = [{ msc: 4495, form: 'stable' as const }];
    expect(checkSnapshot({ snapshot: snap, catalogue: cat, policy: 'spec', asOf: '2026-11-22', requirements }).filter((f) => f.rule === 'requirement-not-met')).toEqual([]);
    // With the stable form conclusively absent, the requirement is unmet.
    const absent = snapshot({ probes: [endpointProbe(4495, 'unstable', unstablePath, 'present'), endpointProbe(4495, 'stable', stablePath, 'absent')] });
    expect(checkSnapshot({ snapshot: absent, catalogue: cat, policy: 'spec', asOf: '2026-11-22', requirements }).filter((f) => f.rule === 'requirement-not-met')).toHaveLength(1);
  });

  it('the feature view says the answer is ambiguous and names the spec template', () => {
    const snap = snapshot({ probes: [endpointProbe(4495, 'stable', stablePath, 'present')] });
    const [row] = featureView(snap, cat);
    expect(row).toMatchObject({ msc: 4495, state: 'inconclusive', stable: [] });
    expect(row?.ambiguous?.[0]).toMatch(/GET \/_matrix\/federation\/v1\/query\/presence_recipients \(401 M_MISSING_TOKEN\): proves nothing, the spec's GET \/_matrix\/federation\/v1\/query\/\{queryType\} answers this path too/);
  });
});
