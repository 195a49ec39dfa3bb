import type { Rule, RuleHit } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyAbsent } from '../facts.js';
import { compareSpecVersions, versionIncludes } from '../../catalogue/spec-versions.js';

export const advertisedVersionMissingEndpoint: Rule = {
  id: 'advertised-version-missing-endpoint',
  severity: 'error',
  title: 'The server advertises a spec version but an endpoint of that version is absent',
  rationale:
    'The "versions" array of GET /_matrix/client/versions says which spec versions the server supports (spec, client-server API); a client may then use every endpoint of those versions. Endpoints of optional modules and deprecated endpoints are not checked.',
  fix: 'Implement the endpoint, or stop advertising the version.',
  check({ snapshot, facts, catalogue }) {
    const advertised = facts.advertisedVersions.filter((version) => catalogue.isKnownVersion(version)).sort(compareSpecVersions);
    if (advertised.length === 0) return [];
    const hits: RuleHit[] = [];
    for (const endpoint of catalogue.specEndpoints()) {
      if (endpoint.api !== 'client-server' || endpoint.deprecated || endpoint.module) continue;
      // An endpoint without a known addition version is from the r0 era: every v1.x has it.
      const requiredBy = advertised.find((version) => (endpoint.added_in ? versionIncludes(version, endpoint.added_in) : version.startsWith('v1.')));
      if (!requiredBy) continue;
      const probe = snapshot.probes.find((candidate) => candidate.method === endpoint.method && (candidate.template ?? new URL(candidate.url).pathname) === endpoint.path && !candidate.authenticated);
      if (!probe || !isConclusivelyAbsent(probe)) continue;
      hits.push({
        subject: `${endpoint.method} ${endpoint.path}`,
        message: `the server advertises ${requiredBy}, which has ${endpoint.method} ${endpoint.path}${endpoint.added_in ? ` (added in ${endpoint.added_in})` : ''}, but it is not served`,
        evidence: [probeEvidence(probe), { document: 'GET /_matrix/client/versions', probe: facts.versionsDocument.probe?.id, detail: `versions includes ${requiredBy}` }],
        passage: PASSAGES.versionsEndpoint,
        reproduce: curlFor(probe),
      });
    }
    return hits;
  },
};
