import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence, versionsEvidence } from '../evidence.js';
import { isConclusivelyAbsent } from '../facts.js';

export const flagWithoutEndpoint: Rule = {
  id: 'flag-without-endpoint',
  severity: 'warning',
  title: 'A flag is advertised but every unstable endpoint of its MSC is absent',
  rationale:
    'An unstable feature flag tells clients that the server supports the feature (spec "Proposals" page: the flag is how a client makes sure of server support). If every unstable endpoint of the MSC is conclusively absent, clients that trust the flag will fail.',
  fix: 'Either serve the unstable endpoints of the MSC or stop advertising the flag.',
  check({ facts, catalogue }) {
    const versionsProbe = facts.versionsDocument.probe;
    return facts.enabledFlags.flatMap((name) => {
      const match = catalogue.flag(name);
      if (!match || match.form !== 'unstable') return [];
      const probes = facts.endpointProbes(match.entry.msc, 'unstable');
      if (probes.length === 0 || match.entry.unstable.endpoints.length === 0) return [];
      if (!probes.every((probe) => isConclusivelyAbsent(probe))) return [];
      return [
        {
          msc: match.entry.msc,
          subject: name,
          message: `${name} is advertised, but none of the ${probes.length} unstable endpoint(s) of MSC${match.entry.msc} (${match.entry.title}) is served`,
          evidence: [versionsEvidence(versionsProbe, `unstable_features["${name}"] = true`), ...probes.map(probeEvidence)],
          passage: PASSAGES.vendorPrefix,
          reproduce: curlFor(probes[0]!),
        },
      ];
    });
  },
};
