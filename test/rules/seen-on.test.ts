import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../src/rules/engine.js';
import { ruleById } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/policy.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { catalogue, endpointProbe, entry, snapshot, withDocuments } from '../helpers/build.js';

/**
 * premature-stable-* judged as of a day earlier than the day the server was seen (a date pinned
 * in CI, or today's server judged as of a past day): names the MSC allowed by the day the server
 * was seen were not used early, so they are never an error or warning, only info with a caveat.
 * A server that was seen using them before they were allowed is still accused.
 */
const source = 'example/repo#1';
const threads = entry({
  msc: 3440,
  title: 'Threading',
  status: 'released',
  released_in: 'v1.4',
  transitions: { fcp_finished: { date: '2022-03-01', source, disposition: 'merge' } },
  stable: { flags: ['org.matrix.msc3440.stable'], endpoints: [{ method: 'GET', path: '/_matrix/client/v1/threads' }], fields: [{ kind: 'capability', name: 'm.thread_capability' }] },
});
const cat = catalogue([threads]);
const run = (ruleId: string, snap: Snapshot, asOf: string, policy: PolicyId = 'spec') => checkSnapshot({ snapshot: snap, catalogue: cat, policy, asOf, rules: [ruleById(ruleId)!] });
const seenOn = (snap: Snapshot, day: string): Snapshot => ({ ...snap, startedAt: `${day}T00:00:00.000Z`, finishedAt: `${day}T00:00:01.000Z` });

const endpoint = () => snapshot({ probes: [endpointProbe(3440, 'stable', '/_matrix/client/v1/threads', 'present')] });
const flag = () => snapshot({ versions: { versions: ['v1.1'], unstable_features: { 'org.matrix.msc3440.stable': true } } });

describe('premature-stable-* on a server seen after the names were allowed', () => {
  it('the stable endpoint is info with a caveat, not an error (policy spec)', () => {
    const [finding, ...rest] = run('premature-stable-endpoint', seenOn(endpoint(), '2026-01-01'), '2020-01-01');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'info', caveat: expect.stringMatching(/seen on 2026-01-01, when MSC3440's stable names were allowed \(released in v1.4\): not used early/) });
    expect(finding?.message).toMatch(/FCP completed on 2022-03-01, after 2020-01-01/);
  });
  it('the .stable flag likewise, and under msc2324 the release is what counts', () => {
    expect(run('premature-stable-flag', seenOn(flag(), '2026-01-01'), '2022-01-01')[0]?.severity).toBe('info');
    // Seen after FCP but before the release: under msc2324 it was used early.
    expect(run('premature-stable-endpoint', seenOn(endpoint(), '2022-06-01'), '2022-01-01', 'msc2324')[0]?.severity).toBe('error');
    expect(run('premature-stable-endpoint', seenOn(endpoint(), '2022-09-29'), '2022-01-01', 'msc2324')[0]?.severity).toBe('info');
  });
  it('a stable field seen after FCP completed is info as of a day before it', () => {
    const caps = withDocuments(seenOn(snapshot(), '2022-03-02'), { capabilities: { capabilities: { 'm.thread_capability': { enabled: true } } } });
    expect(run('premature-stable-field', caps, '2022-02-01').map((hit) => `${hit.severity} ${hit.subject}`)).toEqual(['info capability m.thread_capability']);
    const early = withDocuments(seenOn(snapshot(), '2022-02-01'), { capabilities: { capabilities: { 'm.thread_capability': { enabled: true } } } });
    expect(run('premature-stable-field', early, '2022-02-01').map((hit) => `${hit.severity} ${hit.subject}`)).toEqual(['error capability m.thread_capability']);
  });
});

describe('premature-stable-* on a server seen before the names were allowed', () => {
  it('stays an error, whatever the judgement date before the allowing event', () => {
    expect(run('premature-stable-endpoint', seenOn(endpoint(), '2022-02-15'), '2022-02-01')[0]).toMatchObject({ severity: 'error' });
    expect(run('premature-stable-flag', seenOn(flag(), '2022-02-15'), '2022-02-15')[0]).toMatchObject({ severity: 'error' });
    expect(run('premature-stable-endpoint', seenOn(endpoint(), '2022-02-15'), '2022-02-15')[0]?.caveat).toBeUndefined();
  });
  it('after the allowing event nothing is reported, whenever the server was seen', () => {
    expect(run('premature-stable-endpoint', seenOn(endpoint(), '2026-01-01'), '2022-03-01')).toEqual([]);
    expect(run('premature-stable-endpoint', seenOn(endpoint(), '2022-02-15'), '2026-01-01')).toEqual([]);
  });
});
