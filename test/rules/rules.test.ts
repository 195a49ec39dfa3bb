import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../src/rules/engine.js';
import { ruleById, RULES } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/policy.js';
import type { Catalogue } from '../../src/catalogue/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { catalogue, endpointProbe, entry, probe, snapshot } from '../helpers/build.js';

function run(ruleId: string, snap: Snapshot, cat: Catalogue, options: { policy?: PolicyId; asOf?: string } = {}) {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return checkSnapshot({ snapshot: snap, catalogue: cat, policy: options.policy ?? 'spec', asOf: options.asOf ?? '2026-11-22', rules: [rule] });
}

const threads = entry({
  msc: 3440,
  title: 'Threading',
  status: 'released',
  released_in: 'v1.4',
  unstable: { flags: ['org.matrix.msc3440'], endpoints: [{ method: 'GET', path: '/_matrix/client/unstable/org.matrix.msc3440/rooms/{roomId}/threads' }] },
  stable: { flags: ['org.matrix.msc3440.stable'], endpoints: [{ method: 'GET', path: '/_matrix/client/v1/rooms/{roomId}/threads' }] },
});
const slidingSync = entry({ msc: 3575, title: 'Sliding sync', status: 'superseded', superseded_by: 4186, unstable: { flags: ['org.matrix.msc3575'] } });
const simplified = entry({
  msc: 4186,
  title: 'Simplified sliding sync',
  status: 'open',
  supersedes: [3575],
  unstable: { flags: ['org.matrix.simplified_msc3575'], endpoints: [{ method: 'POST', path: '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync' }] },
  stable: { endpoints: [{ method: 'POST', path: '/_matrix/client/v5/sync' }] },
});
const accepted = entry({ msc: 4000, title: 'Accepted, not released', status: 'accepted', unstable: { flags: ['org.matrix.msc4000'] }, stable: { endpoints: [{ method: 'GET', path: '/_matrix/client/v1/msc4000' }] } });
const legacy = entry({ msc: 2140, title: 'Identity server v2', status: 'released', released_in: 'r0.6.1', legacy_unprefixed: true, unstable: { flags: ['m.id_access_token'] } });
const cat = catalogue([threads, slidingSync, simplified, accepted, legacy]);

const threadsUnstable = '/_matrix/client/unstable/org.matrix.msc3440/rooms/!x:invalid/threads';
const threadsStable = '/_matrix/client/v1/rooms/!x:invalid/threads';
const flags = (features: Record<string, boolean>, versions = ['v1.1']) => snapshot({ versions: { versions, unstable_features: features } });

describe('invalid-versions-response', () => {
  it('reports a missing /versions', () => {
    const snap = snapshot({ versionsProbe: { status: 404, errcode: 'M_UNRECOGNIZED', json: undefined, classification: 'absent' } });
    expect(run('invalid-versions-response', snap, cat).map((f) => f.subject)).toEqual(['/_matrix/client/versions']);
  });
  it('reports a non-JSON body', () => {
    const snap = snapshot({ versionsProbe: { json: undefined, bodyKind: 'html', jsonError: 'Unexpected token <' } });
    expect(run('invalid-versions-response', snap, cat)[0]?.message).toMatch(/not JSON/);
  });
  it('reports a wrong shape: versions not strings, flags not booleans', () => {
    const snap = snapshot({ versions: { versions: ['v1.1', 3], unstable_features: { 'org.matrix.msc3440': 'yes' } } });
    const [finding] = run('invalid-versions-response', snap, cat);
    expect(finding?.message).toMatch(/versions\[1\] is not a string/);
    expect(finding?.message).toMatch(/is not a boolean/);
  });
  it('accepts a well-formed document, with or without unstable_features', () => {
    expect(run('invalid-versions-response', snapshot({ versions: { versions: ['v1.1'] } }), cat)).toEqual([]);
    expect(run('invalid-versions-response', flags({ 'org.matrix.msc3440': true }), cat)).toEqual([]);
  });
  it('says nothing when /versions was inconclusive', () => {
    const snap = snapshot({ versionsProbe: { status: 502, json: undefined, classification: 'inconclusive' } });
    expect(run('invalid-versions-response', snap, cat)).toEqual([]);
  });
});

describe('unprefixed-unstable-flag', () => {
  it('reports flags without a reverse-DNS vendor prefix, and the m. namespace', () => {
    const hits = run('unprefixed-unstable-flag', flags({ msc3440: true, 'm.foo': true, feature_x: false, 'org.matrix.msc3440': true }), cat);
    expect(hits.map((f) => f.subject).sort()).toEqual(['feature_x', 'm.foo', 'msc3440']);
    expect(hits.find((f) => f.subject === 'msc3440')?.msc).toBe(3440);
  });
  it('allows m. flags that an early MSC defined itself', () => {
    expect(run('unprefixed-unstable-flag', flags({ 'm.id_access_token': true }), cat)).toEqual([]);
  });
  it('does not report vendor-prefixed flags of any vendor', () => {
    expect(run('unprefixed-unstable-flag', flags({ 'uk.half-shot.msc2778': true, 'io.element.e2ee_forced.public': false, 'fi.mau.msc2659': true }), cat)).toEqual([]);
  });
});

describe('unprefixed-unstable-endpoint', () => {
  it('reports a stable endpoint answered under /unstable/', () => {
    const snap = snapshot({ probes: [probe({ purpose: 'unprefixed', url: 'https://hs.test/_matrix/client/unstable/account/whoami', status: 401, errcode: 'M_MISSING_TOKEN' })] });
    expect(run('unprefixed-unstable-endpoint', snap, cat).map((f) => f.subject)).toEqual(['GET /_matrix/client/unstable/account/whoami']);
  });
  it('reports a catalogue endpoint marked nonconformant when served, unless its MSC predates MSC2324', () => {
    const relations = entry({ msc: 2836, status: 'closed', unstable: { endpoints: [{ method: 'POST', path: '/_matrix/client/unstable/event_relationships', nonconformant: true }] } });
    const backup = entry({ msc: 1219, status: 'released', released_in: 'r0.6.1', legacy_unprefixed: true, unstable: { endpoints: [{ method: 'GET', path: '/_matrix/client/unstable/room_keys/version' }] } });
    const snap = snapshot({
      probes: [endpointProbe(2836, 'unstable', '/_matrix/client/unstable/event_relationships', 'present', 'POST'), endpointProbe(1219, 'unstable', '/_matrix/client/unstable/room_keys/version', 'present')],
    });
    const hits = run('unprefixed-unstable-endpoint', snap, catalogue([relations, backup]));
    expect(hits.map((f) => [f.msc, f.subject])).toEqual([[2836, 'POST /_matrix/client/unstable/event_relationships']]);
  });
  it('ignores absent, low-confidence and inconclusive answers', () => {
    const snap = snapshot({
      probes: [
        probe({ purpose: 'unprefixed', url: 'https://hs.test/_matrix/client/unstable/login', classification: 'absent' }),
        probe({ purpose: 'unprefixed', url: 'https://hs.test/_matrix/client/unstable/capabilities', classification: 'present', confidence: 'low' }),
        probe({ purpose: 'unprefixed', url: 'https://hs.test/_matrix/client/unstable/pushrules/', classification: 'inconclusive' }),
      ],
    });
    expect(run('unprefixed-unstable-endpoint', snap, cat)).toEqual([]);
  });
});

describe('premature-stable-endpoint', () => {
  const v5sync = () => endpointProbe(4186, 'stable', '/_matrix/client/v5/sync', 'present', 'POST');
  it('reports the stable endpoint of an open MSC under policy spec', () => {
    const [finding] = run('premature-stable-endpoint', snapshot({ probes: [v5sync()] }), cat);
    expect(finding).toMatchObject({ msc: 4186, subject: 'POST /_matrix/client/v5/sync', severity: 'error' });
    expect(finding?.policy.passage).toBe('stable-after-fcp');
  });
  it('allows an accepted MSC under spec but not under msc2324', () => {
    const snap = snapshot({ probes: [endpointProbe(4000, 'stable', '/_matrix/client/v1/msc4000', 'present')] });
    expect(run('premature-stable-endpoint', snap, cat, { policy: 'spec' })).toEqual([]);
    expect(run('premature-stable-endpoint', snap, cat, { policy: 'msc2324' })[0]?.policy.passage).toBe('stable-after-release');
  });
  it('uses --as-of: a release after that date is premature under msc2324', () => {
    // Seen on the day it is judged for (a server seen after the release: seen-on.test.ts).
    const snap = { ...snapshot({ probes: [endpointProbe(3440, 'stable', threadsStable, 'present')] }), finishedAt: '2022-09-01T00:00:00.000Z' };
    expect(run('premature-stable-endpoint', snap, cat, { policy: 'msc2324', asOf: '2022-09-01' }).map((f) => f.severity)).toEqual(['error']);
    expect(run('premature-stable-endpoint', snap, cat, { policy: 'msc2324', asOf: '2022-10-01' })).toEqual([]);
  });
  it('as of a day before an unknown acceptance date: info with a caveat, never an error', () => {
    const snap = snapshot({ probes: [endpointProbe(4000, 'stable', '/_matrix/client/v1/msc4000', 'present')] });
    const [finding] = run('premature-stable-endpoint', snap, cat, { asOf: '2020-01-01' });
    expect(finding).toMatchObject({ msc: 4000, severity: 'info' });
    expect(finding?.caveat).toMatch(/acceptance date of MSC4000 is not in the catalogue/);
  });
  it('as of a day before a dated acceptance: premature', () => {
    const dated = entry({ msc: 4001, status: 'accepted', transitions: { accepted: { date: '2025-01-10', source: 'example/repo#1' } }, stable: { endpoints: [{ method: 'GET', path: '/_matrix/client/v1/msc4001' }] } });
    const snap = { ...snapshot({ probes: [endpointProbe(4001, 'stable', '/_matrix/client/v1/msc4001', 'present')] }), finishedAt: '2025-01-09T00:00:00.000Z' };
    expect(run('premature-stable-endpoint', snap, catalogue([dated]), { asOf: '2025-01-09' })[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/the proposal was merged \(accepted\) on 2025-01-10, after 2025-01-09/) });
    expect(run('premature-stable-endpoint', snap, catalogue([dated]), { asOf: '2025-01-10' })).toEqual([]);
  });
  it('never rests on absent, inconclusive or low-confidence probes', () => {
    for (const state of ['absent', 'inconclusive', 'absent-low'] as const) {
      expect(run('premature-stable-endpoint', snapshot({ probes: [endpointProbe(4186, 'stable', '/_matrix/client/v5/sync', state, 'POST')] }), cat)).toEqual([]);
    }
  });
  it('notes that the catalogue may be stale when --as-of is after its check date', () => {
    expect(run('premature-stable-endpoint', snapshot({ probes: [v5sync()] }), cat, { asOf: '2026-11-22' })[0]?.caveat).toMatch(/last checked against the spec on 2026-07-21/);
    expect(run('premature-stable-endpoint', snapshot({ probes: [v5sync()] }), cat, { asOf: '2026-01-01' })[0]?.caveat).toBeUndefined();
  });
});

describe('premature-stable-flag', () => {
  const open = entry({ msc: 4100, status: 'open', unstable: { flags: ['org.matrix.msc4100'] } });
  const cat2 = catalogue([open, threads]);
  it('reports a derived .stable flag of an open MSC', () => {
    expect(run('premature-stable-flag', flags({ 'org.matrix.msc4100.stable': true }), cat2).map((f) => f.msc)).toEqual([4100]);
  });
  it('does not report .stable flags of released MSCs, or disabled ones', () => {
    expect(run('premature-stable-flag', flags({ 'org.matrix.msc3440.stable': true, 'org.matrix.msc4100.stable': false }), cat2)).toEqual([]);
  });
});

describe('lingering-unstable-flag', () => {
  it('reports the unstable and .stable flags of an MSC whose version is advertised', () => {
    const hits = run('lingering-unstable-flag', flags({ 'org.matrix.msc3440': true, 'org.matrix.msc3440.stable': true }, ['v1.3', 'v1.10']), cat);
    expect(hits.map((f) => f.subject).sort()).toEqual(['org.matrix.msc3440', 'org.matrix.msc3440.stable']);
    expect(hits[0]?.message).toMatch(/advertises v1.10/);
  });
  it('does not report when the containing version is not advertised', () => {
    expect(run('lingering-unstable-flag', flags({ 'org.matrix.msc3440': true }, ['v1.2', 'v1.3']), cat)).toEqual([]);
  });
  it('treats r0 MSCs as contained in every v1 version', () => {
    expect(run('lingering-unstable-flag', flags({ 'm.id_access_token': true }, ['v1.1']), cat).map((f) => f.msc)).toEqual([2140]);
  });
});

describe('lingering-unstable-endpoint', () => {
  it('reports an unstable endpoint served while its version is advertised', () => {
    const snap = snapshot({ versions: { versions: ['v1.4'] }, probes: [endpointProbe(3440, 'unstable', threadsUnstable, 'present')] });
    expect(run('lingering-unstable-endpoint', snap, cat).map((f) => f.msc)).toEqual([3440]);
  });
  it('does not report before the version is advertised, or on weak evidence', () => {
    expect(run('lingering-unstable-endpoint', snapshot({ versions: { versions: ['v1.3'] }, probes: [endpointProbe(3440, 'unstable', threadsUnstable, 'present')] }), cat)).toEqual([]);
    expect(run('lingering-unstable-endpoint', snapshot({ versions: { versions: ['v1.4'] }, probes: [endpointProbe(3440, 'unstable', threadsUnstable, 'inconclusive')] }), cat)).toEqual([]);
  });
});

describe('closed-msc-flag', () => {
  it('reports a superseded MSC flag and names the successor', () => {
    const [finding] = run('closed-msc-flag', flags({ 'org.matrix.msc3575': true }), cat);
    expect(finding?.message).toMatch(/superseded by MSC4186 \(Simplified sliding sync\)/);
  });
  it('does not report it when false, or flags of live MSCs', () => {
    expect(run('closed-msc-flag', flags({ 'org.matrix.msc3575': false, 'org.matrix.simplified_msc3575': true }), cat)).toEqual([]);
  });
});

describe('unknown-spec-version', () => {
  it('reports unknown strings and versions not released as of the date', () => {
    const hits = run('unknown-spec-version', flags({}, ['v1.1', 'v1.99', 'r0.6.1', 'v1.11']), cat, { asOf: '2024-01-01' });
    expect(hits.map((f) => f.subject).sort()).toEqual(['v1.11', 'v1.99']);
    expect(hits.find((f) => f.subject === 'v1.11')?.message).toMatch(/released on 2024-06-20, after 2024-01-01/);
  });
  it('accepts released versions', () => {
    expect(run('unknown-spec-version', flags({}, ['r0.6.1', 'v1.1', 'v1.11']), cat)).toEqual([]);
  });
});

describe('flag-without-endpoint', () => {
  it('reports a flag whose unstable endpoints are all conclusively absent', () => {
    const snap = snapshot({ versions: { versions: ['v1.1'], unstable_features: { 'org.matrix.simplified_msc3575': true } }, probes: [endpointProbe(4186, 'unstable', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync', 'absent', 'POST')] });
    expect(run('flag-without-endpoint', snap, cat).map((f) => f.subject)).toEqual(['org.matrix.simplified_msc3575']);
  });
  it('does not report when an endpoint is present, only weakly absent, or inconclusive', () => {
    for (const state of ['present', 'absent-low', 'inconclusive'] as const) {
      const snap = snapshot({ versions: { versions: ['v1.1'], unstable_features: { 'org.matrix.simplified_msc3575': true } }, probes: [endpointProbe(4186, 'unstable', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync', state, 'POST')] });
      expect(run('flag-without-endpoint', snap, cat)).toEqual([]);
    }
  });
});

describe('missing-stable-support', () => {
  const unstableOnly = () => snapshot({ versions: { versions: ['v1.3'], unstable_features: { 'org.matrix.msc3440': true } }, probes: [endpointProbe(3440, 'stable', threadsStable, 'absent')] });
  it('reports an MSC released more than 2 months ago that is served only unstable', () => {
    expect(run('missing-stable-support', unstableOnly(), cat, { asOf: '2023-01-01' }).map((f) => f.msc)).toEqual([3440]);
  });
  it('waits for the transition period to end', () => {
    expect(run('missing-stable-support', unstableOnly(), cat, { asOf: '2022-11-15' })).toEqual([]);
  });
  it('does not report when the stable endpoint is served or its probe was inconclusive', () => {
    const served = snapshot({ versions: { versions: ['v1.3'], unstable_features: { 'org.matrix.msc3440': true } }, probes: [endpointProbe(3440, 'stable', threadsStable, 'present')] });
    expect(run('missing-stable-support', served, cat, { asOf: '2023-01-01' })).toEqual([]);
    for (const state of ['inconclusive', 'absent-low'] as const) {
      const unsure = snapshot({ versions: { versions: ['v1.3'], unstable_features: { 'org.matrix.msc3440': true } }, probes: [endpointProbe(3440, 'stable', threadsStable, state)] });
      expect(run('missing-stable-support', unsure, cat, { asOf: '2023-01-01' })).toEqual([]);
    }
  });
});

describe('unknown-unstable-flag', () => {
  it('reports unknown flags and names the MSC in them', () => {
    const hits = run('unknown-unstable-flag', flags({ 'com.example.msc9999': true, 'org.matrix.msc3440.other': true, 'com.example.thing': false }), cat);
    expect(hits.map((f) => f.subject).sort()).toEqual(['com.example.msc9999', 'com.example.thing', 'org.matrix.msc3440.other']);
    expect(hits.find((f) => f.subject === 'org.matrix.msc3440.other')?.message).toMatch(/MSC3440 \(Threading\)/);
    expect(hits.find((f) => f.subject === 'com.example.msc9999')?.message).toMatch(/MSC9999, which the catalogue does not know/);
  });
  it('knows listed flags, derived .stable flags and vendor features', () => {
    const withVendor = catalogue([threads], { vendorFeatures: [{ flag: 'io.element.e2ee_forced.public', vendor: 'Element', title: 't', sources: ['a/b c'] }] });
    expect(run('unknown-unstable-flag', flags({ 'org.matrix.msc3440': true, 'org.matrix.msc3440.stable': true, 'io.element.e2ee_forced.public': false }), withVendor)).toEqual([]);
  });
});

describe('disabled-unstable-flag', () => {
  it('reports known flags advertised as false', () => {
    expect(run('disabled-unstable-flag', flags({ 'org.matrix.msc3440': false, 'org.matrix.msc3440.stable': true }), cat).map((f) => f.subject)).toEqual(['org.matrix.msc3440']);
  });
  it('does not report unknown flags set to false', () => {
    expect(run('disabled-unstable-flag', flags({ 'com.example.thing': false }), cat)).toEqual([]);
  });
});

describe('every rule', () => {
  it('has an id, a rationale and fix advice, and a test above', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(rule.rationale.length).toBeGreaterThan(80);
      expect(rule.fix.length).toBeGreaterThan(20);
    }
  });
  it('finds nothing on a conformant snapshot', () => {
    const snap = snapshot({
      versions: { versions: ['v1.1', 'v1.4'], unstable_features: { 'org.matrix.simplified_msc3575': true } },
      probes: [
        endpointProbe(3440, 'stable', threadsStable, 'present'),
        endpointProbe(3440, 'unstable', threadsUnstable, 'absent'),
        endpointProbe(4186, 'unstable', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync', 'present', 'POST'),
        endpointProbe(4186, 'stable', '/_matrix/client/v5/sync', 'absent', 'POST'),
      ],
    });
    expect(checkSnapshot({ snapshot: snap, catalogue: cat, policy: 'msc2324', asOf: '2026-11-22' })).toEqual([]);
  });
});
