import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { isVendorPrefixedName, mscNumberInName } from '../../catalogue/naming.js';
import { curlFor, versionsEvidence } from '../evidence.js';

export const unprefixedUnstableFlag: Rule = {
  id: 'unprefixed-unstable-flag',
  severity: 'error',
  title: 'An unstable feature flag without a vendor prefix',
  rationale:
    'Unstable feature flags in unstable_features must be vendor-prefixed in Java package naming (reverse DNS, e.g. org.matrix.msc3440); the m. namespace is reserved for the spec (spec "Proposals" page, "Unstable endpoints, features and vendor prefixes"; MSC2324). The only exceptions are the few early MSCs that themselves defined m. flags before MSC2324, such as MSC2140 m.id_access_token.',
  fix: 'Rename the flag to <your reverse domain>.msc<NNNN>[.feature] and keep advertising the old name only as long as clients need it.',
  check({ facts, catalogue }) {
    const probe = facts.versionsDocument.probe;
    return facts.versionsDocument.unstableFeatures.flatMap(({ name, enabled }) => {
      if (isVendorPrefixedName(name)) return [];
      const known = catalogue.flag(name);
      if (known && known.form === 'unstable' && known.entry.legacy_unprefixed) return [];
      const msc = known?.entry.msc ?? mscNumberInName(name);
      return [
        {
          ...(msc !== undefined ? { msc } : {}),
          subject: name,
          message: `unstable_features has "${name}" (${enabled}), which is not vendor-prefixed${name.startsWith('m.') ? ' and uses the reserved m. namespace' : ''}`,
          evidence: [versionsEvidence(probe, `unstable_features["${name}"] = ${enabled}`)],
          passage: PASSAGES.vendorPrefix,
          ...(probe ? { reproduce: curlFor(probe) } : {}),
        },
      ];
    });
  },
};
