import type { Rule } from '../types.js';
import { PASSAGES } from '../policy.js';
import { isVendorPrefixedName } from '../../catalogue/naming.js';

/** Places where the spec reserves its names and every other name must be vendor-prefixed. */
const STRICT_KINDS = new Set(['capability', 'login_type', 'well_known_key', 'push_rule', 'room_version']);

export const unprefixedUnstableField: Rule = {
  id: 'unprefixed-unstable-field',
  severity: 'error',
  title: 'A login type, capability, room version, push rule id or well-known key that is neither in the spec nor vendor-prefixed',
  rationale:
    'New values of existing properties and new properties of existing objects must be vendor-prefixed until they are in the spec (spec "Proposals" page, "Unstable endpoints, features and vendor prefixes"). Login types, capabilities, push rule ids and well-known keys are namespaced by the spec (m.*), room versions are plain numbers; anything else there must carry a vendor prefix.',
  fix: 'Rename the identifier with your reverse-DNS prefix (e.g. com.example.msc1234.feature), or use the spec name once the MSC allows it.',
  check({ facts, catalogue }) {
    return facts.observedFields.flatMap((field) => {
      if (!STRICT_KINDS.has(field.kind)) return [];
      if (catalogue.isSpecName(field.kind, field.name)) return [];
      const bare = field.kind === 'push_rule' ? field.name.replace(/^\./, '') : field.name;
      if (isVendorPrefixedName(bare)) return [];
      // Names the catalogue knows as an MSC's own: pre-MSC2324 unstable names, and stable names
      // (whether those may be used yet is premature-stable-field's question).
      const known = catalogue.fieldsNamed(field.name).find((match) => match.field.kind === field.kind);
      if (known && (known.entry.legacy_unprefixed || known.form === 'stable')) return [];
      return [
        {
          ...(known ? { msc: known.entry.msc } : {}),
          subject: `${field.kind} ${field.name}`,
          message: `${field.where} has ${field.kind} "${field.name}", which is neither a spec name nor vendor-prefixed`,
          evidence: [{ probe: field.probe, document: field.where, detail: `${field.kind} ${field.name}` }],
          passage: PASSAGES.vendorPrefix,
        },
      ];
    });
  },
};
