import type { Rule, RuleHit } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';

export const unknownSpecVersion: Rule = {
  id: 'unknown-spec-version',
  severity: 'warning',
  title: '"versions" holds a string that is not a spec version released as of the audit date',
  rationale:
    'The "versions" array of GET /_matrix/client/versions lists spec versions the server supports (spec, client-server API). Clients compare these strings against the versions they know; a version that does not exist or is not released yet promises behaviour nobody has specified. Only that is a warning: a well-formed version newer than every release the catalogue knows (the catalogue is older than the server), a release dated after --as-of whose snapshot was taken after it, and a release without a known date are reported as info, and no other finding rests on such a version.',
  fix: 'Advertise only released spec versions (r0.x.y or v1.N); put pre-release support behind unstable feature flags. For an info finding: refresh or update the catalogue, or judge as of a later date.',
  check(context) {
    const { facts, catalogue, asOf, snapshot } = context;
    const probe = facts.versionsDocument.probe;
    // The day the server was seen: a version released after it was advertised before its release.
    const seenOn = snapshot.finishedAt.slice(0, 10);
    return facts.advertisedVersions.flatMap((version): RuleHit[] => {
      const standing = catalogue.versionStanding(version, asOf);
      if (standing.kind === 'released') return [];
      const hit = (message: string, extra: Partial<RuleHit> = {}): RuleHit[] => [
        {
          subject: version,
          message: `versions includes "${version}": ${message}`,
          evidence: [versionsEvidence(probe, `versions includes "${version}"`)],
          passage: PASSAGES.versionsEndpoint,
          ...(probe ? { reproduce: curlFor(probe) } : {}),
          ...extra,
        },
      ];
      switch (standing.kind) {
        case 'released-later':
          if (standing.released > seenOn) return hit(`${version} was released on ${standing.released}, after the server was seen on ${seenOn}: it advertised a version before its release`);
          return hit(`${version} was released on ${standing.released}, after ${asOf}, the date of this judgement; nothing is judged by it`, { severity: 'info' });
        case 'undated':
          return hit(`${version} is a spec version whose release date the catalogue does not have, so whether it was released by ${asOf} is unknown; nothing is judged by it`, { severity: 'info' });
        case 'newer-than-catalogue': {
          // Spec releases are checked by the bundled catalogue and by a refresh, whichever is newer.
          const checked = catalogue.checkedOn();
          return hit(`${version} is newer than this catalogue (newest known: ${standing.newest}${checked ? `, checked on ${checked}` : ''}); nothing is judged by it`, {
            severity: 'info',
            caveat: `a spec release after the catalogue's check${checked ? ` on ${checked}` : ''} would be unknown to it: update msc-audit or its catalogue`,
          });
        }
        case 'not-a-version':
          return hit(`${version} is not a spec version`);
      }
    });
  },
};
