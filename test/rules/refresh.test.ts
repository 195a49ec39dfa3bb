import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../src/rules/engine.js';
import { Catalogue } from '../../src/catalogue/index.js';
import { applyRefresh, deriveLifecycle } from '../../src/catalogue/refresh/apply.js';
import { OVERLAY_FORMAT, type ProposalFacts, type RefreshOverlay } from '../../src/catalogue/refresh/overlay-file.js';
import type { CatalogueData } from '../../src/catalogue/types.js';
import { SPEC_VERSIONS, endpointProbe, entry, snapshot } from '../helpers/build.js';

/** Refreshed facts judged by the rules: catalogues and overlays built in the test. */
const STABLE = '/_matrix/client/v1/test/{roomId}/thing';
const base: CatalogueData = {
  meta: { checked_against_spec: '2026-07-21' },
  specVersions: SPEC_VERSIONS,
  vendorFeatures: [],
  mscs: [
    entry({ msc: 5001, status: 'open', stable: { endpoints: [{ method: 'GET', path: STABLE }] } }),
    entry({ msc: 5002, status: 'released', released_in: 'v1.4', transitions: { fcp_finished: { date: '2022-01-10', source: 'curated', disposition: 'merge' } } }),
  ],
};

function proposal(number: number, labels: string[], extra: Partial<ProposalFacts> = {}): ProposalFacts {
  return { number, title: `Proposal ${number}`, state: 'open', pull: true, labels: ['proposal', ...labels], updated_at: '2026-11-01T00:00:00Z', ...extra };
}

function overlay(proposals: ProposalFacts[]): RefreshOverlay {
  return {
    format: OVERLAY_FORMAT,
    schemaVersion: 1,
    refreshedAt: '2026-11-30T10:00:00Z',
    source: { api: 'https://api.github.invalid', proposals: 'matrix-org/matrix-spec-proposals', spec: 'matrix-org/matrix-spec' },
    proposals,
    releases: [],
    tags: [],
    lastRun: { requests: 0, conditional: 0, notModified: 0, eventLists: 0, changed: [] },
  };
}

function premature(data: CatalogueData, asOf: string) {
  const snap = snapshot({ probes: [endpointProbe(5001, 'stable', STABLE, 'present')] });
  return checkSnapshot({ snapshot: snap, catalogue: new Catalogue(data), policy: 'spec', asOf, requirements: [] }).filter((finding) => finding.rule === 'premature-stable-endpoint');
}

describe('refreshed lifecycle facts', () => {
  it('reads states from labels: FCP, FCP finished with disposition merge, merged, closed', () => {
    const source = 'test';
    expect(deriveLifecycle(proposal(1, ['final-comment-period'], { label_dates: { 'final-comment-period': '2026-10-01' } }), source)).toMatchObject({ status: 'fcp', fcp_started: '2026-10-01' });
    expect(deriveLifecycle(proposal(1, ['finished-final-comment-period', 'disposition-merge'], { label_dates: { 'finished-final-comment-period': '2026-10-06' } }), source)).toMatchObject({ status: 'accepted', fcp_finished: '2026-10-06', disposition: 'merge', accepted: '2026-10-06' });
    // FCP finished to close: not accepted; closed once GitHub closes it.
    expect(deriveLifecycle(proposal(1, ['finished-final-comment-period', 'disposition-close']), source).status).toBe('open');
    expect(deriveLifecycle(proposal(1, ['disposition-close'], { state: 'closed', closed_at: '2026-10-09T01:00:00Z' }), source)).toMatchObject({ status: 'closed', closed: '2026-10-09' });
    expect(deriveLifecycle(proposal(1, [], { state: 'closed', merged_at: '2026-10-09T01:00:00Z', closed_at: '2026-10-09T01:00:00Z' }), source)).toMatchObject({ status: 'accepted', merged: '2026-10-09' });
    expect(deriveLifecycle(proposal(1, ['spec-pr-missing']), source).status).toBe('accepted');
  });

  it('only moves forward and fills dates: a released MSC is not touched, curated dates win', () => {
    const data = applyRefresh(base, overlay([proposal(5002, ['finished-final-comment-period', 'disposition-merge'], { label_dates: { 'finished-final-comment-period': '2021-01-01' } })]), 'overlay.json');
    const released = data.mscs.find((candidate) => candidate.msc === 5002)!;
    expect(released.status).toBe('released');
    expect(released.transitions?.fcp_finished?.date).toBe('2022-01-10');
    expect(data.refresh?.changes).toEqual([]);
    expect(base.mscs[0]!.status).toBe('open');
  });

  it('an MSC in FCP is cited with its FCP start, and without the stale-catalogue caveat', () => {
    const offline = premature(base, '2026-11-30');
    expect(offline[0]?.caveat).toMatch(/last checked against the spec on 2026-07-21/);
    const data = applyRefresh(base, overlay([proposal(5001, ['final-comment-period'], { label_dates: { 'final-comment-period': '2026-11-02' } })]), 'overlay.json');
    const [finding] = premature(data, '2026-11-30');
    expect(finding?.message).toMatch(/MSC5001 was in FCP \(started 2026-11-02\), which had not completed/);
    expect(finding?.caveat).toBeUndefined();
  });

  it('FCP finished with disposition merge allows the stable names from that day on', () => {
    const data = applyRefresh(base, overlay([proposal(5001, ['finished-final-comment-period', 'disposition-merge'], { label_dates: { 'finished-final-comment-period': '2026-10-06' } })]), 'overlay.json');
    expect(premature(data, '2026-11-30')).toEqual([]);
    expect(premature(data, '2026-10-05')[0]?.message).toMatch(/FCP completed on 2026-10-06, after 2026-10-05/);
  });

  it('a status moved forward without a date is certain only from the refresh day: earlier, no accusation', () => {
    const data = applyRefresh(base, overlay([proposal(5001, [], { state: 'closed', merged_at: undefined, labels: ['proposal', 'merged'] })]), 'overlay.json');
    expect(premature(data, '2026-12-01')).toEqual([]);
    const [earlier] = premature(data, '2026-09-01');
    expect(earlier?.severity).toBe('info');
    expect(earlier?.caveat).toMatch(/acceptance date of MSC5001 is not in the catalogue/);
  });
});
