import type { GitHubClient } from './github-client.js';
import { labelDates, reduceIssueEvents, reduceIssues, reduceReleases, reduceTags, type ProposalItem } from './github-data.js';
import { DATED_LABELS, LIFECYCLE_LABELS } from './apply.js';
import { OVERLAY_FORMAT, type ProposalFacts, type RefreshOverlay } from './overlay-file.js';

export const PROPOSALS_REPO = 'matrix-org/matrix-spec-proposals';
export const SPEC_REPO = 'matrix-org/matrix-spec';

export interface FetchOptions {
  client: GitHubClient;
  /** Read only proposals changed on or after this date (YYYY-MM-DD). */
  since?: string;
  /** The overlay of the previous refresh: unchanged proposals keep their label dates from it. */
  previous?: RefreshOverlay;
  /**
   * Which of these labels' dates are worth an issue-events request for this MSC (a request each):
   * see run.ts. Labels not returned are not dated.
   */
  wantsDates: (number: number, labels: readonly string[]) => boolean;
  now: () => Date;
  progress?: (text: string) => void;
}

/** Does this proposal need its label dates (and are they not already known)? */
function needsEvents(proposal: ProposalItem, previous: ProposalFacts | undefined, wantsDates: FetchOptions['wantsDates']): boolean {
  const dated = proposal.labels.filter((label) => (DATED_LABELS as readonly string[]).includes(label));
  if (dated.length === 0 || !wantsDates(proposal.number, dated)) return false;
  // Labels cannot change without updated_at changing: unchanged since last time, dates still hold.
  return !(previous && previous.updated_at === proposal.updated_at && previous.label_dates !== undefined);
}

/**
 * Read GitHub: proposals (issues and PRs with the `proposal` label), the label dates of those the
 * catalogue has, and the spec's releases and tags. Nothing is written here; the caller writes
 * the overlay only once everything was read, so an interrupted refresh changes nothing.
 */
export async function fetchRefresh(options: FetchOptions): Promise<Omit<RefreshOverlay, 'lastRun'> & { eventLists: number }> {
  const { client, since, previous } = options;
  const query = new URLSearchParams({ labels: 'proposal', state: 'all', sort: 'created', direction: 'asc', per_page: '100' });
  if (since !== undefined) query.set('since', `${since}T00:00:00Z`);
  options.progress?.('reading proposals');
  const fetched = await client.list(client.url(`/repos/${PROPOSALS_REPO}/issues?${query}`), reduceIssues);

  const previousByNumber = new Map((previous?.proposals ?? []).map((proposal) => [proposal.number, proposal]));
  // With --since, proposals not returned are unchanged: keep them from the previous overlay.
  const merged = new Map<number, ProposalFacts>(since !== undefined ? previousByNumber : []);
  for (const proposal of fetched) merged.set(proposal.number, proposal);

  const wanted = new Set(fetched.filter((proposal) => needsEvents(proposal, previousByNumber.get(proposal.number), options.wantsDates)));
  let done = 0;
  for (const proposal of fetched) {
    const before = previousByNumber.get(proposal.number);
    if (wanted.has(proposal)) {
      options.progress?.(`reading label dates ${++done}/${wanted.size} (MSC${proposal.number})`);
      const events = await client.list(client.url(`/repos/${PROPOSALS_REPO}/issues/${proposal.number}/events?per_page=100`), reduceIssueEvents);
      merged.set(proposal.number, { ...proposal, label_dates: labelDates(events, proposal.labels, LIFECYCLE_LABELS) });
    } else if (before?.label_dates !== undefined && before.updated_at === proposal.updated_at) {
      merged.set(proposal.number, { ...proposal, label_dates: before.label_dates });
    }
  }

  options.progress?.('reading spec releases and tags');
  const releases = await client.list(client.url(`/repos/${SPEC_REPO}/releases?per_page=100`), reduceReleases);
  const tags = await client.list(client.url(`/repos/${SPEC_REPO}/tags?per_page=100`), reduceTags);
  // --since narrows what is read; what is known stays as wide as the previous refresh was.
  const coveredSince = since === undefined || (previous && previous.since === undefined) ? undefined : previous?.since !== undefined && previous.since < since ? previous.since : since;
  return {
    format: OVERLAY_FORMAT,
    schemaVersion: 1,
    refreshedAt: options.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    source: { api: client.url('/').href.replace(/\/$/, ''), proposals: PROPOSALS_REPO, spec: SPEC_REPO },
    ...(coveredSince !== undefined ? { since: coveredSince } : {}),
    proposals: [...merged.values()].sort((a, b) => a.number - b.number),
    releases,
    tags,
    eventLists: wanted.size,
  };
}
