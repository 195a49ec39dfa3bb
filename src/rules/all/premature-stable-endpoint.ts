import type { Rule } from '../types.js';
import { stableNamesAllowedWhenSeen, stablePassage } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyPresent } from '../facts.js';
import { verdictCaveat } from '../caveats.js';

export const prematureStableEndpoint: Rule = {
  id: 'premature-stable-endpoint',
  severity: 'error',
  title: 'A stable endpoint of an MSC whose stable names may not be used yet',
  rationale:
    'Under the spec\'s process, implementations must not use stable endpoints before the MSC has completed FCP (spec "Proposals" page, "Early release of an MSC/idea"); under the stricter MSC2324 reading, not before the MSC is in a released spec version. Clients that find the stable endpoint will assume the final design, which may still change.',
  fix: 'Serve the feature under /_matrix/client/unstable/<vendor prefix>/... until the MSC allows the stable path (FCP complete under policy "spec", a spec release under "msc2324").',
  check(context) {
    const { snapshot, catalogue, policy, asOf } = context;
    return snapshot.probes.flatMap((probe) => {
      if (probe.purpose !== 'endpoint' || probe.form !== 'stable' || probe.msc === undefined || !isConclusivelyPresent(probe)) return [];
      const entry = catalogue.msc(probe.msc);
      if (!entry) return [];
      const verdict = stableNamesAllowedWhenSeen(entry, policy, asOf, context.snapshot.finishedAt.slice(0, 10), catalogue);
      if (verdict.allowed) return [];
      const path = probe.template ?? new URL(probe.url).pathname;
      return [
        {
          msc: entry.msc,
          subject: `${probe.method} ${path}`,
          message: `${probe.method} ${path} (stable, MSC${entry.msc} ${entry.title}) is served, but ${verdict.why}`,
          evidence: [probeEvidence(probe)],
          passage: stablePassage(policy),
          reproduce: curlFor(probe),
          ...verdictCaveat(verdict, context, entry.msc),
        },
      ];
    });
  },
};
