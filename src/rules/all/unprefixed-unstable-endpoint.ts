import type { Rule, RuleHit } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyPresent } from '../facts.js';

export const unprefixedUnstableEndpoint: Rule = {
  id: 'unprefixed-unstable-endpoint',
  severity: 'error',
  title: 'An endpoint answered under /unstable/ without a vendor prefix',
  rationale:
    'Unstable endpoints must use /unstable followed by a vendor prefix, and unstable namespaces do not inherit stable endpoints: /_matrix/client/unstable/account/whoami has no vendor and is not a valid unstable endpoint (spec "Proposals" page, "Unstable endpoints, features and vendor prefixes"; MSC2324). Servers that register every route for an "unstable" version as well as v3 expose such paths; some MSC implementations also chose unprefixed unstable paths (catalogue endpoints marked nonconformant). Paths that predate MSC2324 are not reported.',
  fix: 'Stop registering stable routes under /_matrix/client/unstable/; unstable routes belong under /_matrix/client/unstable/<vendor prefix>/.',
  check({ snapshot, catalogue }) {
    const hits: RuleHit[] = [];
    for (const probe of snapshot.probes) {
      if (!isConclusivelyPresent(probe)) continue;
      const path = probe.template ?? new URL(probe.url).pathname;
      let msc: number | undefined;
      if (probe.purpose === 'endpoint' && probe.form === 'unstable' && probe.msc !== undefined) {
        const entry = catalogue.msc(probe.msc);
        const endpoint = entry?.unstable.endpoints.find((candidate) => candidate.path === path && candidate.method === probe.method);
        if (!entry || !endpoint?.nonconformant || entry.legacy_unprefixed) continue;
        msc = entry.msc;
      } else if (probe.purpose !== 'unprefixed') continue;
      hits.push({
        ...(msc !== undefined ? { msc } : {}),
        subject: `${probe.method} ${path}`,
        message: `${probe.method} ${path} is served, but the first segment after /unstable/ is not a vendor prefix${msc !== undefined ? ` (an unstable endpoint of MSC${msc})` : ''}`,
        evidence: [probeEvidence(probe)],
        passage: msc !== undefined ? PASSAGES.vendorPrefix : PASSAGES.noInheritance,
        reproduce: curlFor(probe),
      });
    }
    return hits;
  },
};
