import type { Rule, RuleHit } from '../types.js';
import { stableNamesAllowedWhenSeen, stablePassage } from '../policy.js';
import { verdictCaveat } from '../caveats.js';

export const prematureStableField: Rule = {
  id: 'premature-stable-field',
  severity: 'error',
  title: 'A stable field, login type, capability, rule id or well-known key of an MSC whose stable names may not be used yet',
  rationale:
    'The process that forbids stable endpoints before FCP (spec "Proposals" page, "Early release of an MSC/idea"; strictly, before a spec release under MSC2324) applies to every new identifier: capabilities, login flow types and properties, push rule ids, well-known keys. Clients that see the stable name assume the final design.',
  fix: 'Use the vendor-prefixed (unstable) name until the MSC allows the stable one.',
  check(context) {
    const { facts, catalogue, policy, asOf } = context;
    const hits: RuleHit[] = [];
    for (const field of facts.observedFields) {
      for (const match of catalogue.fieldsNamed(field.name)) {
        if (match.form !== 'stable' || !sameKind(match.field.kind, field.kind)) continue;
        const verdict = stableNamesAllowedWhenSeen(match.entry, policy, asOf, context.snapshot.finishedAt.slice(0, 10), catalogue);
        if (verdict.allowed) continue;
        hits.push({
          msc: match.entry.msc,
          subject: `${field.kind} ${field.name}`,
          message: `${field.where} has ${field.name} (stable ${field.kind} of MSC${match.entry.msc} ${match.entry.title}), but ${verdict.why}`,
          evidence: [{ probe: field.probe, document: field.where, detail: `${field.kind} ${field.name}` }],
          passage: stablePassage(policy),
          ...verdictCaveat(verdict, context, match.entry.msc),
        });
      }
    }
    return hits;
  },
};

/** Login flow properties are catalogued as login_field; a capability may be catalogued as other. */
export function sameKind(catalogued: string, observed: string): boolean {
  return catalogued === observed || catalogued === 'other';
}
