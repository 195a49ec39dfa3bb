import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';
import { staleCatalogueCaveat } from '../caveats.js';

export const unknownSpecVersion: Rule = {
  id: 'unknown-spec-version',
  severity: 'warning',
  title: '"versions" holds a string that is not a spec version released as of the audit date',
  rationale:
    'The "versions" array of GET /_matrix/client/versions lists spec versions the server supports (spec, client-server API). Clients compare these strings against the versions they know; a version that does not exist or is not released yet promises behaviour nobody has specified.',
  fix: 'Advertise only released spec versions (r0.x.y or v1.N); put pre-release support behind unstable feature flags.',
  check(context) {
    const { facts, catalogue, asOf } = context;
    const probe = facts.versionsDocument.probe;
    const released = new Set(catalogue.versionsReleasedBy(asOf));
    return facts.advertisedVersions.flatMap((version) => {
      if (released.has(version)) return [];
      const known = catalogue.isKnownVersion(version);
      const releasedOn = catalogue.releaseDate(version);
      const why = known
        ? releasedOn
          ? `${version} was released on ${releasedOn}, after ${asOf}`
          : `${version} has no known release date`
        : `${version} is not a spec version`;
      return [
        {
          subject: version,
          message: `versions includes "${version}": ${why}`,
          evidence: [versionsEvidence(probe, `versions includes "${version}"`)],
          passage: PASSAGES.versionsEndpoint,
          ...(probe ? { reproduce: curlFor(probe) } : {}),
          ...(known ? {} : staleCatalogueCaveat(context)),
        },
      ];
    });
  },
};
