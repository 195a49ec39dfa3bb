import type { Rule, RuleHit } from '../types.js';
import { PASSAGES } from '../policy.js';
import { sameKind } from './premature-stable-field.js';

export const lingeringUnstableField: Rule = {
  id: 'lingering-unstable-field',
  severity: 'warning',
  title: 'A vendor-prefixed field of an MSC whose spec version the server advertises',
  rationale:
    'Once a server advertises the spec version that contains an MSC, its unstable names (capabilities, login fields, push rule ids, well-known keys) are technical debt the process expects to be removed after the transition (spec "Proposals" page; MSC2324).',
  fix: 'Serve the stable name, and drop the unstable one once clients have moved.',
  check({ facts, catalogue }) {
    const hits: RuleHit[] = [];
    for (const field of facts.observedFields) {
      for (const match of catalogue.fieldsNamed(field.name)) {
        if (match.form !== 'unstable' || !sameKind(match.field.kind, field.kind)) continue;
        const version = facts.advertisedVersionContaining(match.entry);
        if (!version) continue;
        hits.push({
          msc: match.entry.msc,
          subject: `${field.kind} ${field.name}`,
          message: `${field.where} still has ${field.name} (unstable ${field.kind} of MSC${match.entry.msc} ${match.entry.title}), although the server advertises ${version}, which contains it`,
          evidence: [{ probe: field.probe, document: field.where, detail: `${field.kind} ${field.name}; versions includes ${version}` }],
          passage: PASSAGES.transition,
        });
      }
    }
    return hits;
  },
};
