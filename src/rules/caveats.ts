import type { RuleContext } from './types.js';

/**
 * Rules that rest on "not released / not accepted yet" can only be as current as the catalogue.
 * When the judgement date is later than the catalogue's last check against the spec, say so.
 */
export function staleCatalogueCaveat({ catalogue, asOf }: Pick<RuleContext, 'catalogue' | 'asOf'>): { caveat?: string } {
  const checked = catalogue.checkedAgainstSpec;
  if (!checked || asOf <= checked) return {};
  return { caveat: `the catalogue was last checked against the spec on ${checked}; the MSC may have progressed since (as of ${asOf})` };
}
