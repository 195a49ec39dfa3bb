import type { Rule } from '../types.js';
import { PASSAGES, statusOnDay } from '../policy.js';
import { curlFor, versionsEvidence } from '../evidence.js';
import { describeUnknown } from '../../catalogue/lifecycle.js';
import type { MscStatus } from '../../catalogue/types.js';

function isClosed(status: MscStatus): boolean {
  return status === 'closed' || status === 'superseded';
}

export const closedMscFlag: Rule = {
  id: 'closed-msc-flag',
  severity: 'warning',
  title: 'A flag of a closed, rejected or superseded MSC is advertised',
  rationale:
    'An MSC that was closed or superseded will never become stable; implementations must be able to drop its unstable feature (spec "Proposals" page, "Early release of an MSC/idea"). Advertising it invites clients to build on a dead end instead of its successor.',
  fix: 'Stop advertising the flag; if the MSC was superseded, implement and advertise its successor instead.',
  check({ facts, catalogue, asOf }) {
    const probe = facts.versionsDocument.probe;
    return facts.enabledFlags.flatMap((name) => {
      const match = catalogue.flag(name);
      if (!match || !isClosed(match.entry.status)) return [];
      const entry = match.entry;
      // Judged as of asOf: an MSC closed later was still open then, and an unknown closing date never accuses.
      const state = statusOnDay(entry, asOf, catalogue);
      const uncertain = !isClosed(state.status) && state.unknown !== undefined && isClosed(state.unknown.maybe);
      if (!isClosed(state.status) && !uncertain) return [];
      const successors = catalogue.successorsOf(entry.msc).map((msc) => `MSC${msc}${catalogue.msc(msc) ? ` (${catalogue.msc(msc)!.title})` : ''}`);
      const next = successors.length > 0 ? `; it was superseded by ${successors.join(', ')}` : '';
      const when = state.since ? ` since ${state.since.date}` : '';
      return [
        {
          msc: entry.msc,
          subject: name,
          message: `${name} is advertised, but MSC${entry.msc} (${entry.title}) is ${entry.status}${when}${next}`,
          evidence: [versionsEvidence(probe, `unstable_features["${name}"] = true`)],
          passage: PASSAGES.closedMsc,
          ...(probe ? { reproduce: curlFor(probe) } : {}),
          ...(uncertain ? { severity: 'info' as const, caveat: describeUnknown(entry, asOf, state)! } : {}),
        },
      ];
    });
  },
};
