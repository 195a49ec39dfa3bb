import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, probeEvidence } from '../evidence.js';
import { isConclusivelyPresent } from '../facts.js';

export const lingeringUnstableEndpoint: Rule = {
  id: 'lingering-unstable-endpoint',
  severity: 'warning',
  title: 'An unstable endpoint still served although the server advertises the spec version containing the MSC',
  rationale:
    'After the spec release that contains an MSC and a transition of about 2 months, implementations are expected to be on the stable endpoints (spec "Proposals" page; MSC2324). A server that advertises that version promises the stable endpoint, so the unstable one only carries debt.',
  fix: 'Plan the removal of the unstable endpoint; keep it only while known clients still need it.',
  check({ snapshot, facts, catalogue }) {
    return snapshot.probes.flatMap((probe) => {
      if (probe.purpose !== 'endpoint' || probe.form !== 'unstable' || probe.msc === undefined || !isConclusivelyPresent(probe)) return [];
      const entry = catalogue.msc(probe.msc);
      if (!entry) return [];
      const version = facts.advertisedVersionContaining(entry);
      if (!version) return [];
      const path = probe.template ?? new URL(probe.url).pathname;
      return [
        {
          msc: entry.msc,
          subject: `${probe.method} ${path}`,
          message: `${probe.method} ${path} (unstable, MSC${entry.msc} ${entry.title}) is still served, although the server advertises ${version}, which contains it (released in ${entry.released_in})`,
          evidence: [probeEvidence(probe), { document: 'GET /_matrix/client/versions', probe: facts.versionsDocument.probe?.id, detail: `versions includes ${version}` }],
          passage: PASSAGES.transition,
          reproduce: curlFor(probe),
        },
      ];
    });
  },
};
