import type { Rule } from '../types.js';
import { stableNamesAllowedWhenSeen, stablePassage } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';
import { verdictCaveat } from '../caveats.js';

export const prematureStableFlag: Rule = {
  id: 'premature-stable-flag',
  severity: 'error',
  title: 'A "stable advertisement" flag for an MSC whose stable names may not be used yet',
  rationale:
    'Some servers advertise <prefix>.stable flags (e.g. org.matrix.msc3440.stable) to tell clients they serve the stable names of an MSC before advertising the spec version that contains it. That is only allowed once the MSC has completed FCP (spec "Proposals" page) or, under MSC2324, once it is released.',
  fix: 'Stop advertising the .stable flag (and serving the stable names) until the MSC has completed FCP, or under policy msc2324 until it is in a released spec version.',
  check(context) {
    const { facts, catalogue, policy, asOf } = context;
    const probe = facts.versionsDocument.probe;
    return facts.enabledFlags.flatMap((name) => {
      const match = catalogue.flag(name);
      if (!match || match.form !== 'stable') return [];
      const verdict = stableNamesAllowedWhenSeen(match.entry, policy, asOf, context.snapshot.finishedAt.slice(0, 10), catalogue);
      if (verdict.allowed) return [];
      return [
        {
          msc: match.entry.msc,
          subject: name,
          message: `unstable_features advertises ${name} (stable names of MSC${match.entry.msc} ${match.entry.title}), but ${verdict.why}`,
          evidence: [versionsEvidence(probe, `unstable_features["${name}"] = true`)],
          passage: stablePassage(policy),
          ...(probe ? { reproduce: curlFor(probe) } : {}),
          ...verdictCaveat(verdict, context, match.entry.msc),
        },
      ];
    });
  },
};
