import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';
import { mscNumberInName } from '../../catalogue/naming.js';

export const unknownUnstableFlag: Rule = {
  id: 'unknown-unstable-flag',
  severity: 'info',
  title: 'A flag the catalogue does not know',
  rationale:
    'msc-audit can only judge flags it can map to an MSC or a vendor feature. An unknown flag is reported so that an operator can look it up and the catalogue can learn it; it is not a violation.',
  fix: 'Look the flag up in the server\'s source or the MSC; add it to a catalogue overlay (--catalogue) or contribute it to specs/.',
  check({ facts, catalogue }) {
    const probe = facts.versionsDocument.probe;
    return facts.versionsDocument.unstableFeatures.flatMap(({ name, enabled }) => {
      if (catalogue.flag(name) || catalogue.vendorFeature(name)) return [];
      const number = mscNumberInName(name);
      const entry = number !== undefined ? catalogue.msc(number) : undefined;
      const hint =
        number === undefined
          ? ''
          : entry
            ? `; its name points to MSC${number} (${entry.title}), whose entry does not list this flag`
            : `; its name points to MSC${number}, which the catalogue does not know`;
      return [
        {
          ...(number !== undefined ? { msc: number } : {}),
          subject: name,
          message: `unstable_features has "${name}" (${enabled}), which the catalogue does not know${hint}`,
          evidence: [versionsEvidence(probe, `unstable_features["${name}"] = ${enabled}`)],
          passage: PASSAGES.vendorPrefix,
          ...(probe ? { reproduce: curlFor(probe) } : {}),
        },
      ];
    });
  },
};
