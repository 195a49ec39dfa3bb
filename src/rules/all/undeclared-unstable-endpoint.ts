import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyPresent } from '../facts.js';

export const undeclaredUnstableEndpoint: Rule = {
  id: 'undeclared-unstable-endpoint',
  severity: 'info',
  title: 'A vendor-prefixed endpoint is served but its feature flag is not advertised',
  rationale:
    'For MSCs that define an unstable feature flag, the flag is how clients learn that the server supports the feature (spec "Proposals" page). An endpoint served without its flag is invisible to clients that check first.',
  fix: 'Advertise the MSC\'s unstable flag in unstable_features while the endpoint is served (or stop serving it).',
  check({ snapshot, facts, catalogue }) {
    // The flag may be shown only to logged-in users, in a document that could not be read.
    if (facts.authenticatedVersionsUnread) return [];
    return snapshot.probes.flatMap((probe) => {
      if (probe.purpose !== 'endpoint' || probe.form !== 'unstable' || probe.msc === undefined || !isConclusivelyPresent(probe)) return [];
      const entry = catalogue.msc(probe.msc);
      if (!entry || entry.unstable.flags.length === 0) return [];
      if (entry.unstable.flags.some((flag) => facts.enabledFlags.includes(flag))) return [];
      // A server that advertises the version containing the MSC needs no flag (lingering-* covers it).
      if (facts.advertisedVersionContaining(entry)) return [];
      const path = probe.template ?? new URL(probe.url).pathname;
      return [
        {
          msc: entry.msc,
          subject: `${probe.method} ${path}`,
          message: `${probe.method} ${path} (MSC${entry.msc} ${entry.title}) is served, but none of its flags (${entry.unstable.flags.join(', ')}) is advertised`,
          evidence: [probeEvidence(probe)],
          passage: PASSAGES.vendorPrefix,
          reproduce: curlFor(probe),
        },
      ];
    });
  },
};
