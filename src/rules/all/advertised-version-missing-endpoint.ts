import type { Rule, RuleHit } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyAbsent } from '../facts.js';
import { isCheckedSpecEndpoint, owedEndpoint } from '../../catalogue/owed-endpoints.js';

export const advertisedVersionMissingEndpoint: Rule = {
  id: 'advertised-version-missing-endpoint',
  severity: 'error',
  title: 'The server advertises a spec version but an endpoint of that version is absent',
  rationale:
    'The "versions" array of GET /_matrix/client/versions says which spec versions the server supports (spec, client-server API); a client may then use every endpoint of those versions, under the path form of those versions (/r0/ before v1.1, /v3/ from v1.1, MSC2844). When an endpoint entered the spec (and left it) is read from the spec\'s release tags; an endpoint whose history is unknown is never required, nor one removed before the newest advertised version. Endpoints of optional modules and deprecated endpoints are not checked.',
  fix: 'Implement the endpoint, or stop advertising the version.',
  check({ snapshot, facts, catalogue, asOf }) {
    const hits: RuleHit[] = [];
    // Only versions released by asOf promise anything on that day.
    const isKnown = (version: string): boolean => catalogue.versionStanding(version, asOf).kind === 'released';
    // The first unauthenticated probe of each method and path, looked up once per endpoint
    // (searching the probes, and parsing their URLs, for each of ~300 endpoints was the cost).
    const firstProbe = new Map<string, (typeof snapshot.probes)[number]>();
    for (const candidate of snapshot.probes) {
      if (candidate.authenticated) continue;
      const key = `${candidate.method} ${candidate.template ?? new URL(candidate.url).pathname}`;
      if (!firstProbe.has(key)) firstProbe.set(key, candidate);
    }
    for (const endpoint of catalogue.specEndpoints()) {
      if (!isCheckedSpecEndpoint(endpoint)) continue;
      const owed = owedEndpoint(endpoint, facts.advertisedVersions, isKnown);
      if (!owed) continue;
      const probe = firstProbe.get(`${endpoint.method} ${owed.path}`);
      if (!probe || !isConclusivelyAbsent(probe)) continue;
      const history = `added in ${endpoint.added_in}${endpoint.removed_after ? `, removed after ${endpoint.removed_after}` : ''}`;
      hits.push({
        subject: `${endpoint.method} ${owed.path}`,
        message: `the server advertises ${owed.requiredBy}, which has ${endpoint.method} ${owed.path} (${history}), but it is not served`,
        evidence: [probeEvidence(probe), { document: 'GET /_matrix/client/versions', probe: facts.versionsDocument.probe?.id, detail: `versions includes ${owed.requiredBy}` }],
        passage: PASSAGES.versionsEndpoint,
        reproduce: curlFor(probe),
      });
    }
    return hits;
  },
};
