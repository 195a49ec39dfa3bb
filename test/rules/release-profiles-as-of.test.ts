import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { gatherSnapshot } from '../../src/probe/gather.js';
import { DEFAULT_PROBE_OPTIONS } from '../../src/probe/options.js';
import { checkSnapshot } from '../../src/rules/engine.js';
import { POLICY_IDS } from '../../src/rules/policy.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { serve } from '../helpers/servers.js';
import { profiledReleases, releaseProfile, SECRET_TOKEN } from '../fixtures/profiles.js';

/**
 * The generated conformant server of every spec release (r0.6.1, v1.1 … v1.19), probed once with
 * a token, then judged by every rule under both policies as of several days: 2020-01-01,
 * 2021-01-01 (r0.6.1 released, v1.1 not yet), 2022-01-01, its own release date, the next release's,
 * the day it was seen and a year later. A conformant server is clean
 * whatever the date of judgement: any error or warning is a false finding. In-process (the same
 * gatherSnapshot and rules the CLI runs) so that hundreds of judgements take seconds.
 */
const catalogue = await loadCatalogue();
const versions = catalogue.specVersions.map((version) => version.version);
const IDENTITY = { userId: '@auditor:release.test', deviceId: 'RELEASEDEVICE' };

describe('conformant release servers, judged as of any day', () => {
  it('no error or warning, under either policy, on any of the days', async () => {
    const releases = profiledReleases(versions);
    const snapshots: Array<[string, Snapshot]> = await Promise.all(
      releases.map(async (release) => {
        const server = await serve(releaseProfile(release, { endpoints: catalogue.specEndpoints(), versions, tokens: { [SECRET_TOKEN]: IDENTITY } }));
        const snapshot = await gatherSnapshot({ target: server.url, catalogue, options: { ...DEFAULT_PROBE_OPTIONS, insecure: true }, token: SECRET_TOKEN });
        return [release, snapshot] as [string, Snapshot];
      }),
    );
    const released = (version: string | undefined) => (version === undefined ? undefined : catalogue.releaseDate(version));
    const accusations: string[] = [];
    for (const [release, snapshot] of snapshots) {
      expect(snapshot.auth.authenticated, release).toBe(true);
      // Before, between and after the eras (2021: r0.6.1 released, v1.1 not yet), the server's own release, the next one, the day it was seen, later.
      const next = versions[versions.indexOf(release) + 1];
      const days = ['2020-01-01', '2021-01-01', '2022-01-01', released(release)!, released(next) ?? '2027-01-01', snapshot.finishedAt.slice(0, 10), '2027-12-01'];
      for (const policy of POLICY_IDS) {
        for (const asOf of days) {
          for (const finding of checkSnapshot({ snapshot, catalogue, policy, asOf })) {
            if (finding.severity !== 'info') accusations.push(`${release} ${policy} ${asOf}: ${finding.severity} ${finding.rule} ${finding.subject}`);
          }
        }
      }
    }
    expect(accusations).toEqual([]);
  }, 120_000);
});
