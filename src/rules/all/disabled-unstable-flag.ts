import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { versionsEvidence } from '../evidence.js';

export const disabledUnstableFlag: Rule = {
  id: 'disabled-unstable-flag',
  severity: 'info',
  title: 'A known flag advertised as false',
  rationale:
    'A flag set to false means the server knows the feature but has it turned off (the spec treats it as unsupported). Worth knowing for an operator: it is usually a configuration switch.',
  fix: 'Nothing to fix if the feature is meant to be off; otherwise enable it in the server\'s configuration.',
  check({ facts, catalogue }) {
    const probe = facts.versionsDocument.probe;
    return facts.disabledFlags.flatMap((name) => {
      const match = catalogue.flag(name);
      const feature = match ? undefined : catalogue.vendorFeature(name);
      if (!match && !feature) return [];
      const what = match ? `MSC${match.entry.msc} ${match.entry.title}` : `${feature!.vendor}: ${feature!.title}`;
      return [
        {
          ...(match ? { msc: match.entry.msc } : {}),
          subject: name,
          message: `${name} (${what}) is advertised as false: known to the server but turned off`,
          evidence: [versionsEvidence(probe, `unstable_features["${name}"] = false`)],
          passage: PASSAGES.versionsEndpoint,
        },
      ];
    });
  },
};
