import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';

export const lingeringUnstableFlag: Rule = {
  id: 'lingering-unstable-flag',
  severity: 'warning',
  title: 'An unstable flag still advertised although the server advertises the spec version containing the MSC',
  rationale:
    'Once a server advertises a spec version, clients rely on the version, not on unstable flags: a flag of an MSC that version contains is technical debt the process expects to be removed after the transition (spec "Proposals" page; MSC2324). Synapse\'s own comments on its .stable flags say to drop them once the version is advertised.',
  fix: 'Remove the flag from unstable_features (and the unstable endpoints behind it, once clients have moved).',
  check({ facts, catalogue }) {
    const probe = facts.versionsDocument.probe;
    return facts.enabledFlags.flatMap((name) => {
      const match = catalogue.flag(name);
      if (!match) return [];
      const version = facts.advertisedVersionContaining(match.entry);
      if (!version) return [];
      return [
        {
          msc: match.entry.msc,
          subject: name,
          message: `${name} (${match.form === 'stable' ? 'stable advertisement' : 'unstable flag'} of MSC${match.entry.msc} ${match.entry.title}) is still advertised, although the server advertises ${version}, which contains MSC${match.entry.msc} (released in ${match.entry.released_in})`,
          evidence: [versionsEvidence(probe, `unstable_features["${name}"] = true; versions includes ${version}`)],
          passage: PASSAGES.transition,
          ...(probe ? { reproduce: curlFor(probe) } : {}),
        },
      ];
    });
  },
};
