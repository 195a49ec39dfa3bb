import type { RuleContext } from './types.js';

/**
 * Rules that rest on "not released / not accepted yet" can only be as current as the catalogue.
 * When the judgement date is later than the catalogue's last check against the spec, say so.
 */
export function staleCatalogueCaveat({ catalogue, asOf }: Pick<RuleContext, 'catalogue' | 'asOf'>, msc?: number): { caveat?: string } {
  const checked = catalogue.checkedOn(msc);
  if (!checked || asOf <= checked) return {};
  if (checked !== catalogue.checkedAgainstSpec) {
    return { caveat: `the catalogue was last refreshed from GitHub on ${checked}; ${msc !== undefined ? 'the MSC' : 'the spec'} may have progressed since (as of ${asOf})` };
  }
  return { caveat: `the catalogue was last checked against the spec on ${checked}; the MSC may have progressed since (as of ${asOf})${catalogue.refresh ? '' : ' (msc-audit catalogue refresh reads newer facts from GitHub)'}` };
}

/**
 * What a rule adds to a finding whose verdict may rest on a missing date, or that the server's
 * own day contradicts: an info severity and the caveat saying why; otherwise the stale-catalogue
 * caveat, if any.
 */
export function verdictCaveat(verdict: { uncertain?: string; note?: string; allowedWhenSeen?: string }, context: Pick<RuleContext, 'catalogue' | 'asOf'>, msc?: number): { caveat?: string; severity?: 'info' } {
  if (verdict.uncertain) return { caveat: verdict.uncertain, severity: 'info' };
  if (verdict.allowedWhenSeen) return { caveat: verdict.allowedWhenSeen, severity: 'info' };
  if (verdict.note) return { caveat: verdict.note };
  return staleCatalogueCaveat(context, msc);
}
