import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyPresent } from '../facts.js';

export const unprefixedUnstableEndpoint: Rule = {
  id: 'unprefixed-unstable-endpoint',
  severity: 'error',
  title: 'A stable endpoint answered under /unstable/ without a vendor prefix',
  rationale:
    'Unstable endpoints must use /unstable followed by a vendor prefix, and unstable namespaces do not inherit stable endpoints: /_matrix/client/unstable/account/whoami has no vendor and is not a valid unstable endpoint (spec "Proposals" page, "Unstable endpoints, features and vendor prefixes"; MSC2324). Servers that register every route for an "unstable" version as well as v3 expose such paths.',
  fix: 'Stop registering stable routes under /_matrix/client/unstable/; unstable routes belong under /_matrix/client/unstable/<vendor prefix>/.',
  check({ snapshot }) {
    return snapshot.probes
      .filter((probe) => probe.purpose === 'unprefixed' && isConclusivelyPresent(probe))
      .map((probe) => {
        const path = new URL(probe.url).pathname;
        return {
          subject: path,
          message: `${probe.method} ${path} is served, but the first segment after /unstable/ is not a vendor prefix`,
          evidence: [probeEvidence(probe)],
          passage: PASSAGES.noInheritance,
          reproduce: curlFor(probe),
        };
      });
  },
};
