import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { probeEvidence, versionsEvidence } from '../evidence.js';
import { isConclusivelyAbsent, isConclusivelyPresent } from '../facts.js';
import { addMonths } from '../../util/dates.js';

/** The transition the spec's process allows after a release (about 2 months). */
export const TRANSITION_MONTHS = 2;

export const missingStableSupport: Rule = {
  id: 'missing-stable-support',
  severity: 'info',
  title: 'Only the unstable names of an MSC released more than the transition period ago',
  rationale:
    'About 2 months after the spec release that contains an MSC, implementations are expected to have moved to the stable names (spec "Proposals" page, "Early release of an MSC/idea"; MSC2324). A server that still serves only the unstable names, and does not advertise the version, keeps clients on the unstable path.',
  fix: 'Implement the stable names of the MSC and advertise the spec version that contains it.',
  check({ facts, catalogue, asOf }) {
    const versionsProbe = facts.versionsDocument.probe;
    const hits = [];
    // The version may be advertised only to logged-in users, in a document that could not be read.
    if (facts.authenticatedVersionsUnread) return [];
    for (const entry of catalogue.allEntries()) {
      if (entry.status !== 'released' || !entry.released_in) continue;
      // What the server shows first: most MSCs show nothing, and then no date needs working out.
      const unstableFlags = entry.unstable.flags.filter((flag) => facts.enabledFlags.includes(flag));
      const unstableEndpoints = facts.endpointProbes(entry.msc, 'unstable').filter(isConclusivelyPresent);
      if (unstableFlags.length === 0 && unstableEndpoints.length === 0) continue;
      const releasedOn = catalogue.releaseDate(entry.released_in);
      if (!releasedOn || addMonths(releasedOn, TRANSITION_MONTHS) >= asOf) continue;
      if (facts.advertisedVersionContaining(entry)) continue;
      const stableFlags = facts.enabledFlags.filter((flag) => catalogue.flag(flag)?.form === 'stable' && catalogue.flag(flag)?.entry.msc === entry.msc);
      const stableEndpoints = facts.endpointProbes(entry.msc, 'stable').filter((probe) => probe.classification === 'present');
      if (stableFlags.length > 0 || stableEndpoints.length > 0) continue;
      const stableProbes = facts.endpointProbes(entry.msc, 'stable');
      // Without a conclusive look at the stable endpoints we cannot say they are missing.
      if (!stableProbes.every(isConclusivelyAbsent)) continue;
      hits.push({
        msc: entry.msc,
        subject: `MSC${entry.msc}`,
        message: `MSC${entry.msc} (${entry.title}) was released in ${entry.released_in} on ${releasedOn}, more than ${TRANSITION_MONTHS} months before ${asOf}, but the server offers only its unstable names and does not advertise ${entry.released_in}`,
        evidence: [
          ...unstableFlags.map((flag) => versionsEvidence(versionsProbe, `unstable_features["${flag}"] = true`)),
          ...unstableEndpoints.map(probeEvidence),
          ...stableProbes.map(probeEvidence),
        ],
        passage: PASSAGES.transition,
      });
    }
    return hits;
  },
};
