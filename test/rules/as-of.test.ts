import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../src/rules/engine.js';
import { ruleById } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/policy.js';
import type { Catalogue } from '../../src/catalogue/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { compareSpecVersions } from '../../src/catalogue/spec-versions.js';
import { catalogue, endpointProbe, entry, snapshot } from '../helpers/build.js';

/** Judgement as of a date: every finding rests only on events up to that date (issue 8, part 5). */

function run(ruleId: string, snap: Snapshot, cat: Catalogue, asOf: string, policy: PolicyId = 'spec') {
  return checkSnapshot({ snapshot: snap, catalogue: cat, policy, asOf, rules: [ruleById(ruleId)!] });
}

const source = 'example/repo#1';
const threads = entry({
  msc: 3440,
  title: 'Threading',
  status: 'released',
  released_in: 'v1.4',
  transitions: { accepted: { date: '2022-03-09', source } },
  unstable: { flags: ['org.matrix.msc3440'], endpoints: [{ method: 'GET', path: '/_matrix/client/unstable/org.matrix.msc3440/threads' }] },
  stable: { flags: ['org.matrix.msc3440.stable'], endpoints: [{ method: 'GET', path: '/_matrix/client/v1/threads' }] },
});
const undated = entry({ msc: 3441, status: 'released', released_in: 'v1.4', unstable: { flags: ['org.matrix.msc3441'] }, stable: { endpoints: [{ method: 'GET', path: '/_matrix/client/v1/msc3441' }] } });
const closedDated = entry({ msc: 3886, status: 'closed', transitions: { closed: { date: '2024-05-01', source } }, unstable: { flags: ['org.matrix.msc3886'] } });
const closedUndated = entry({ msc: 3887, status: 'closed', unstable: { flags: ['org.matrix.msc3887'] } });
const cat = catalogue([threads, undated, closedDated, closedUndated]);

const versions = (list: string[], features: Record<string, boolean> = {}) => snapshot({ versions: { versions: list, unstable_features: features } });

describe('lingering-* before and after the release', () => {
  const snap = () => snapshot({ versions: { versions: ['v1.4'], unstable_features: { 'org.matrix.msc3440': true } }, probes: [endpointProbe(3440, 'unstable', '/_matrix/client/unstable/org.matrix.msc3440/threads', 'present')] });
  it('reports after the release of the version that contains the MSC', () => {
    expect(run('lingering-unstable-flag', snap(), cat, '2022-09-29').map((f) => f.msc)).toEqual([3440]);
    expect(run('lingering-unstable-endpoint', snap(), cat, '2022-10-01').map((f) => f.msc)).toEqual([3440]);
  });
  it('reports nothing as of a day before that release, even though the server advertises it', () => {
    expect(run('lingering-unstable-flag', snap(), cat, '2022-09-28')).toEqual([]);
    expect(run('lingering-unstable-endpoint', snap(), cat, '2022-09-28')).toEqual([]);
  });
});

describe('premature-stable-* as of a day', () => {
  // A server seen before every judgement date below (seen later, see seen-on.test.ts).
  const stable = () => ({ ...snapshot({ probes: [endpointProbe(3440, 'stable', '/_matrix/client/v1/threads', 'present')] }), finishedAt: '2022-02-01T00:00:00.000Z' });
  it('is an error before the dated acceptance and nothing after it (policy spec)', () => {
    expect(run('premature-stable-endpoint', stable(), cat, '2022-03-08')[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/the proposal was merged \(accepted\) on 2022-03-09, after 2022-03-08/) });
    expect(run('premature-stable-endpoint', stable(), cat, '2022-03-09')).toEqual([]);
  });
  it('says when the acceptance date is only the merge of the proposal, and uses the end of FCP where known', () => {
    expect(run('premature-stable-endpoint', stable(), cat, '2022-03-08')[0]?.caveat).toMatch(/dated by the merge of the proposal/);
    const fcp = entry({ ...threads, transitions: { fcp_finished: { date: '2022-03-01', source, disposition: 'merge' }, accepted: { date: '2022-03-09', source } } });
    const [finding] = run('premature-stable-endpoint', stable(), catalogue([fcp]), '2022-02-28');
    expect(finding?.message).toMatch(/FCP completed on 2022-03-01, after 2022-02-28/);
    expect(finding?.caveat).toBeUndefined();
    expect(run('premature-stable-endpoint', stable(), catalogue([fcp]), '2022-03-05')).toEqual([]);
  });
  it('under msc2324 waits for the release', () => {
    expect(run('premature-stable-endpoint', stable(), cat, '2022-06-01', 'msc2324')[0]?.message).toMatch(/v1.4 was released on 2022-09-29, after 2022-06-01/);
    expect(run('premature-stable-endpoint', stable(), cat, '2022-09-29', 'msc2324')).toEqual([]);
  });
  it('an unknown acceptance date gives an info finding with a caveat, not an error', () => {
    const snap = snapshot({ probes: [endpointProbe(3441, 'stable', '/_matrix/client/v1/msc3441', 'present')] });
    const [finding] = run('premature-stable-endpoint', snap, cat, '2020-01-01');
    expect(finding).toMatchObject({ severity: 'info', caveat: expect.stringMatching(/acceptance date of MSC3441 is not in the catalogue/) });
    // After the release the date does not matter: allowed.
    expect(run('premature-stable-endpoint', snap, cat, '2022-09-29')).toEqual([]);
  });
});

describe('closed-msc-flag as of a day', () => {
  it('counts a closing only from its date', () => {
    const snap = versions(['v1.1'], { 'org.matrix.msc3886': true });
    expect(run('closed-msc-flag', snap, cat, '2024-04-30')).toEqual([]);
    expect(run('closed-msc-flag', snap, cat, '2024-05-01')[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/closed since 2024-05-01/) });
  });
  it('names every successor, also those that list it in supersedes', () => {
    const old = entry({ msc: 1849, status: 'superseded', superseded_by: 2674, unstable: { flags: ['org.matrix.msc1849'] } });
    const cat2 = catalogue([old, entry({ msc: 2674, title: 'Relationships', supersedes: [1849] }), entry({ msc: 2675, title: 'Aggregations', supersedes: [1849] })]);
    expect(run('closed-msc-flag', versions(['v1.1'], { 'org.matrix.msc1849': true }), cat2, '2026-08-01')[0]?.message).toMatch(/superseded by MSC2674 \(Relationships\), MSC2675 \(Aggregations\)/);
  });
  it('an unknown closing date before the catalogue check gives info with a caveat', () => {
    const snap = versions(['v1.1'], { 'org.matrix.msc3887': true });
    expect(run('closed-msc-flag', snap, cat, '2023-01-01')[0]).toMatchObject({ severity: 'info', caveat: expect.stringMatching(/closing date of MSC3887/) });
    expect(run('closed-msc-flag', snap, cat, '2026-08-01')[0]?.severity).toBe('warning');
  });
});

describe('unknown-spec-version: which versions count on a day', () => {
  it('a well-formed version newer than the catalogue is info, with the check date', () => {
    const [finding] = run('unknown-spec-version', versions(['v1.11', 'v1.20']), cat, '2026-11-22');
    expect(finding).toMatchObject({ subject: 'v1.20', severity: 'info', message: expect.stringMatching(/newer than this catalogue \(newest known: v1.11, checked on 2026-07-21\)/) });
  });
  it('a string that is no spec version stays a warning', () => {
    const hits = run('unknown-spec-version', versions(['v1.0', 'r0.9.9', '1.2', 'v2']), cat, '2026-11-22');
    expect(hits.map((f) => `${f.subject} ${f.severity}`).sort()).toEqual(['1.2 warning', 'r0.9.9 warning', 'v1.0 warning', 'v2 warning']);
  });
  it('a release after the date of judgement is info when the snapshot was taken after the release', () => {
    const [finding] = run('unknown-spec-version', versions(['v1.11']), cat, '2020-01-01');
    expect(finding).toMatchObject({ severity: 'info', message: expect.stringMatching(/released on 2024-06-20, after 2020-01-01/) });
  });
  it('a version advertised before its release (by the snapshot date) is a warning', () => {
    const early = { ...versions(['v1.11']), finishedAt: '2024-06-01T00:00:00.000Z' };
    expect(run('unknown-spec-version', early, cat, '2024-06-01')[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/before its release/) });
  });
  it('advertised-version-missing-endpoint ignores versions not released by the date', () => {
    const withEndpoint = catalogue([], { specEndpoints: [{ method: 'GET', path: '/_matrix/client/v1/new', api: 'client-server', added_in: 'v1.10' }] });
    const snap = snapshot({ versions: { versions: ['v1.10'] }, probes: [endpointProbe(0, 'stable', '/_matrix/client/v1/new', 'absent')] });
    expect(run('advertised-version-missing-endpoint', snap, withEndpoint, '2024-03-22')).toHaveLength(1);
    expect(run('advertised-version-missing-endpoint', snap, withEndpoint, '2024-03-21')).toEqual([]);
  });
});

describe('spec version order', () => {
  it('sorts in release order: r0 before v1, v1.2 before v1.10, other strings last', () => {
    expect(['v1.10', 'v1.2', 'r0.6.1', 'x', 'v1.1', 'r0.10.0', 'r0.2.0', 'v1.20'].sort(compareSpecVersions)).toEqual(['r0.2.0', 'r0.6.1', 'r0.10.0', 'v1.1', 'v1.2', 'v1.10', 'v1.20', 'x']);
  });
  it('findings about versions come in release order', () => {
    const hits = run('unknown-spec-version', versions(['v1.10', 'v1.2', 'v1.11', 'v1.3']), cat, '2020-01-01');
    expect(hits.map((f) => f.subject)).toEqual(['v1.2', 'v1.3', 'v1.10', 'v1.11']);
  });
  it('the catalogue keeps its versions in release order and knows its newest', () => {
    expect(cat.specVersions.map((v) => v.version)).toEqual(['r0.6.1', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.10', 'v1.11']);
    expect(cat.newestVersion()).toBe('v1.11');
  });
});
