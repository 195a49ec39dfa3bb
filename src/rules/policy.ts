import type { Catalogue } from '../catalogue/index.js';
import type { MscEntry, MscStatus } from '../catalogue/types.js';
import { acceptance, describeUnknown, releaseEvent, statusOn, type StatusOn } from '../catalogue/lifecycle.js';

/**
 * The two lifecycle policies (shared/process.md, "Where the rules come from"). Passages are
 * summaries in our words; `source` says where to read the original.
 */
export type PolicyId = 'spec' | 'msc2324';
export const POLICY_IDS: readonly PolicyId[] = ['spec', 'msc2324'];

export interface Passage {
  id: string;
  summary: string;
  source: string;
}

const PROPOSALS_PAGE = 'matrix-org/matrix-spec content/proposals.md';
const MSC2324 = 'matrix-org/matrix-spec-proposals proposals/2324-when-to-ship.md';

export const PASSAGES = {
  stableAfterFcp: {
    id: 'stable-after-fcp',
    summary: 'Implementations must not use stable endpoints or identifiers before the MSC has completed FCP; afterwards they may, but need not.',
    source: `${PROPOSALS_PAGE} ("Early release of an MSC/idea", summary)`,
  },
  stableAfterRelease: {
    id: 'stable-after-release',
    summary: 'Stable endpoints and identifiers may only be used once the MSC is part of a released version of the spec.',
    source: MSC2324,
  },
  vendorPrefix: {
    id: 'vendor-prefix',
    summary: 'Unstable endpoints use /unstable with a vendor prefix in Java package naming; new parameters, properties, values and unstable feature flags must be vendor-prefixed too.',
    source: `${PROPOSALS_PAGE} ("Unstable endpoints, features and vendor prefixes"); ${MSC2324}`,
  },
  noInheritance: {
    id: 'unstable-no-inheritance',
    summary: 'Unstable namespaces do not inherit stable endpoints: /_matrix/client/unstable/<vendor>/... is only what the MSC defines.',
    source: `${PROPOSALS_PAGE} ("Unstable endpoints, features and vendor prefixes")`,
  },
  transition: {
    id: 'transition',
    summary: 'After the spec release that contains an MSC, a transition of about 2 months lets implementations move to the stable names; unstable names left after that are technical debt.',
    source: `${PROPOSALS_PAGE} ("Early release of an MSC/idea"); ${MSC2324}`,
  },
  versionsEndpoint: {
    id: 'versions-endpoint',
    summary: 'GET /_matrix/client/versions returns "versions" (the spec versions supported) and optionally "unstable_features" (feature name to boolean; unlisted features are unsupported).',
    source: 'matrix-org/matrix-spec data/api/client-server/versions.yaml',
  },
  roomVersions: {
    id: 'room-versions',
    summary: 'Room versions not listed in the spec are unstable; servers should create new rooms in the stable version the spec recommends, and m.room_versions labels each available version stable or unstable.',
    source: 'matrix-org/matrix-spec content/rooms/_index.md ("Complete list of room versions"); data/api/client-server/capabilities.yaml',
  },
  closedMsc: {
    id: 'closed-msc',
    summary: 'An implementation must support its unstable feature disappearing; a closed or superseded MSC will never become stable, so its flag advertises a dead end.',
    source: `${PROPOSALS_PAGE} ("Early release of an MSC/idea", closing of proposals)`,
  },
} satisfies Record<string, Passage>;

export interface StableVerdict {
  allowed: boolean;
  /** Why, in a few words (used in messages). */
  why: string;
  /**
   * Set when the answer rests on a date the catalogue does not have (and it could go either way):
   * the rule must not accuse; it reports at most an info finding with this as its caveat.
   */
  uncertain?: string;
  /** A remark on the dates the verdict rests on (becomes the finding's caveat). */
  note?: string;
  /**
   * Set when the names were not allowed on the judgement date but were by the day the server
   * was seen: the server did not use them early, so the rule reports at most an info finding.
   */
  allowedWhenSeen?: string;
}

/** The status an MSC had on `asOf`, certain from the day its catalogued status was (bundled check or refresh). */
export function statusOnDay(entry: MscEntry, asOf: string, catalogue: Catalogue): StatusOn {
  return statusOn(entry, asOf, { releaseDate: (version) => catalogue.releaseDate(version), checkedAgainstSpec: catalogue.statusCertainFrom(entry.msc) });
}

function permits(policy: PolicyId, status: MscStatus): boolean {
  return policy === 'msc2324' ? status === 'released' : status === 'accepted' || status === 'released';
}

function whyNot(entry: MscEntry, policy: PolicyId, asOf: string, state: StatusOn, catalogue: Catalogue): string {
  const released = releaseEvent(entry, catalogue);
  if (policy === 'msc2324' && released && released.date > asOf) return `${entry.released_in} was released on ${released.date}, after ${asOf}`;
  const accepted = acceptance(entry);
  if (accepted && accepted.date > asOf && state.status !== 'closed' && state.status !== 'superseded') {
    const when = entry.transitions?.fcp_finished?.disposition === 'merge' ? `FCP completed on ${accepted.date}` : `the proposal was merged (accepted) on ${accepted.date}`;
    return `${when}, after ${asOf}${policy === 'msc2324' ? ', and it was not in a released spec version then' : ''}`;
  }
  const on = state.status === entry.status ? '' : ` on ${asOf}`;
  if (policy === 'msc2324') return `MSC${entry.msc} was ${state.status}${on}, not in a released spec version`;
  switch (state.status) {
    case 'closed':
      return `MSC${entry.msc} was closed without being accepted`;
    case 'superseded':
      return `MSC${entry.msc} was superseded${entry.superseded_by ? ` by MSC${entry.superseded_by}` : ''} and will not become stable`;
    case 'fcp':
      return `MSC${entry.msc} was in FCP${state.since?.kind === 'fcp_started' ? ` (started ${state.since.date})` : ''}${on}, which had not completed`;
    default:
      return `MSC${entry.msc} had not completed FCP${on} (status: ${state.status})`;
  }
}

/**
 * May the stable names of this MSC be used on `asOf` under `policy`? The status is the one the
 * MSC had on that day (catalogue/lifecycle.ts); a missing date never counts against a server.
 */
export function stableNamesAllowed(entry: MscEntry, policy: PolicyId, asOf: string, catalogue: Catalogue): StableVerdict {
  // A status a refresh moved forward is certain only from the refresh's day, not the bundled check.
  const state = statusOnDay(entry, asOf, catalogue);
  if (permits(policy, state.status)) {
    return { allowed: true, why: state.status === 'released' ? `released in ${entry.released_in}` : 'FCP completed' };
  }
  const why = whyNot(entry, policy, asOf, state, catalogue);
  if (state.unknown && permits(policy, state.unknown.maybe)) return { allowed: false, why, uncertain: describeUnknown(entry, asOf, state)! };
  const merged = entry.transitions?.accepted;
  if (policy === 'spec' && merged && merged.date > asOf && entry.transitions?.fcp_finished === undefined) {
    return { allowed: false, why, note: `acceptance is dated by the merge of the proposal (${merged.source}); its FCP ended on or before ${merged.date}, so a judgement for the days just before it may be early (the exact end of FCP is not in this catalogue)` };
  }
  return { allowed: false, why };
}

/**
 * The verdict on a server seen on `seenOn` (the snapshot's day), judged as of `asOf`. A judgement
 * date earlier than that day (a date pinned in CI for reproducible results, or today's server
 * judged as of a past day) must not turn stable names the MSC allowed by the time the server was
 * seen into an accusation: the server did not use them early. Such a finding becomes info, with
 * a caveat that says so.
 */
export function stableNamesAllowedWhenSeen(entry: MscEntry, policy: PolicyId, asOf: string, seenOn: string, catalogue: Catalogue): StableVerdict {
  const verdict = stableNamesAllowed(entry, policy, asOf, catalogue);
  if (verdict.allowed || verdict.uncertain !== undefined || !/^\d{4}-\d{2}-\d{2}$/.test(seenOn) || seenOn <= asOf) return verdict;
  const then = stableNamesAllowed(entry, policy, seenOn, catalogue);
  if (!then.allowed) return verdict;
  return { ...verdict, allowedWhenSeen: `the server was seen on ${seenOn}, when MSC${entry.msc}'s stable names were allowed (${then.why}): not used early, so not counted against the server; as of ${asOf} they would have been premature` };
}

export function stablePassage(policy: PolicyId): Passage {
  return policy === 'msc2324' ? PASSAGES.stableAfterRelease : PASSAGES.stableAfterFcp;
}
