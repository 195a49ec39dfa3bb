import type { CatalogueData, MscEntry, MscStatus, SpecVersion, Transitions } from '../types.js';
import { compareSpecVersions } from '../spec-versions.js';
import type { ProposalFacts, RefreshOverlay } from './overlay-file.js';
import type { CatalogueRefresh, Disposition, RefreshedLifecycle } from './types.js';

/**
 * How GitHub's facts change the catalogue. Refreshed facts only move an MSC forward in its
 * lifecycle and fill in dates; they never move it back, never touch a released or superseded
 * MSC's state, and never touch names (unstable and stable identifiers stay curated).
 */

export const LIFECYCLE_LABELS = [
  'proposal-in-review',
  'proposed-final-comment-period',
  'final-comment-period',
  'finished-final-comment-period',
  'disposition-merge',
  'disposition-close',
  'disposition-postpone',
  'spec-pr-missing',
  'spec-pr-in-review',
  'merged',
] as const;

/** Labels whose dates are worth an issue-events request. */
export const DATED_LABELS = ['final-comment-period', 'finished-final-comment-period'] as const;

const RANK: Record<MscStatus, number> = { open: 0, fcp: 1, accepted: 2, closed: 2, released: 3, superseded: 3 };

const day = (timestamp: string | undefined): string | undefined => timestamp?.slice(0, 10);

/** The lifecycle GitHub's labels, PR state and label dates describe. */
export function deriveLifecycle(proposal: ProposalFacts, source: string): RefreshedLifecycle {
  const labels = new Set(proposal.labels);
  const dates = proposal.label_dates ?? {};
  const disposition: Disposition | undefined = labels.has('disposition-merge') ? 'merge' : labels.has('disposition-close') ? 'close' : labels.has('disposition-postpone') ? 'postpone' : undefined;
  const fcpFinished = labels.has('finished-final-comment-period') ? dates['finished-final-comment-period'] : undefined;
  const fcpStarted = labels.has('final-comment-period') ? dates['final-comment-period'] : undefined;
  const merged = day(proposal.merged_at);
  // Merged into the proposals repository, FCP finished with disposition merge, or waiting for
  // its spec PR: the proposal is accepted. (Old proposals were issues, marked with `merged`.)
  const accepted =
    merged !== undefined ||
    labels.has('merged') ||
    labels.has('spec-pr-missing') ||
    labels.has('spec-pr-in-review') ||
    (labels.has('finished-final-comment-period') && disposition === 'merge');
  let status: RefreshedLifecycle['status'];
  if (accepted) status = 'accepted';
  else if (proposal.state === 'closed') status = 'closed';
  else if (labels.has('final-comment-period')) status = 'fcp';
  else status = 'open';
  // The acceptance date is when FCP finished with disposition merge; a merge date is later and
  // would make a server that used stable names in between look premature, so it is not used.
  const acceptedOn = accepted && disposition === 'merge' ? fcpFinished : undefined;
  return {
    msc: proposal.number,
    title: proposal.title,
    status,
    ...(fcpStarted ? { fcp_started: fcpStarted } : {}),
    ...(fcpFinished ? { fcp_finished: fcpFinished } : {}),
    ...(disposition ? { disposition } : {}),
    ...(acceptedOn ? { accepted: acceptedOn } : {}),
    ...(status === 'closed' && proposal.closed_at ? { closed: day(proposal.closed_at)! } : {}),
    ...(merged ? { merged } : {}),
    labels: proposal.labels.filter((label) => (LIFECYCLE_LABELS as readonly string[]).includes(label)),
    source,
  };
}

/** The spec versions GitHub's releases and tags of matrix-org/matrix-spec name (v1.N only). */
export function specVersionsFrom(overlay: Pick<RefreshOverlay, 'releases' | 'tags' | 'source'>): SpecVersion[] {
  const versions = new Map<string, SpecVersion>();
  const isVersion = (tag: string): boolean => /^v1\.\d{1,3}$/.test(tag);
  for (const tag of overlay.tags) if (isVersion(tag)) versions.set(tag, { version: tag, source: `${overlay.source.spec} tag ${tag}` });
  for (const release of overlay.releases) {
    if (!isVersion(release.tag) || release.draft || release.prerelease) continue;
    versions.set(release.tag, {
      version: release.tag,
      ...(release.published_at ? { released: release.published_at.slice(0, 10) } : {}),
      source: `${overlay.source.spec} release ${release.tag}${release.published_at ? ' (published_at)' : ''}`,
    });
  }
  return [...versions.values()].sort((a, b) => compareSpecVersions(a.version, b.version));
}

function describeLifecycle(facts: RefreshedLifecycle): string {
  const parts = [
    facts.fcp_started ? `FCP started ${facts.fcp_started}` : undefined,
    facts.fcp_finished ? `FCP finished ${facts.fcp_finished}${facts.disposition ? `, disposition ${facts.disposition}` : ''}` : undefined,
    facts.merged ? `merged ${facts.merged}` : undefined,
    facts.closed ? `closed ${facts.closed}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/**
 * The dated transitions GitHub gives that the entry does not have yet (curated dates win), as
 * far as they fit the entry's status: FCP dates always, the merge date as acceptance only for an
 * accepted or released MSC, the closing date only for a closed or superseded one.
 */
function addTransitions(existing: Transitions | undefined, facts: RefreshedLifecycle, status: MscStatus): { transitions: Transitions | undefined; added: string[] } {
  const transitions: Transitions = { ...existing };
  const added: string[] = [];
  const source = facts.source;
  if (!transitions.fcp_started && facts.fcp_started) {
    transitions.fcp_started = { date: facts.fcp_started, source };
    added.push(`FCP started ${facts.fcp_started}`);
  }
  if (!transitions.fcp_finished && facts.fcp_finished && facts.disposition) {
    transitions.fcp_finished = { date: facts.fcp_finished, source, disposition: facts.disposition };
    added.push(`FCP finished ${facts.fcp_finished} (disposition ${facts.disposition})`);
  }
  if (!transitions.accepted && facts.merged && (status === 'accepted' || status === 'released')) {
    transitions.accepted = { date: facts.merged, source: `${source}, merged_at` };
    added.push(`merged ${facts.merged}`);
  }
  if (!transitions.closed && facts.closed && (status === 'closed' || status === 'superseded')) {
    transitions.closed = { date: facts.closed, source: `${source}, closed_at` };
    added.push(`closed ${facts.closed}`);
  }
  return { transitions: Object.keys(transitions).length > 0 ? transitions : existing, added };
}

/** The bundled catalogue with a refresh applied, and what it changed. The input is not modified. */
export function applyRefresh(base: CatalogueData, overlay: RefreshOverlay, file: string): CatalogueData {
  const date = overlay.refreshedAt.slice(0, 10);
  const lifecycle: Record<number, RefreshedLifecycle> = {};
  for (const proposal of overlay.proposals) {
    lifecycle[proposal.number] = deriveLifecycle(proposal, `${overlay.source.proposals}#${proposal.number} (GitHub labels${proposal.label_dates ? ' and issue events' : ''}, ${date})`);
  }
  const changes: string[] = [];
  const known = new Set(base.mscs.map((entry) => entry.msc));
  const statusChanged: number[] = [];
  const mscs = base.mscs.map((entry): MscEntry => {
    const facts = Object.prototype.hasOwnProperty.call(lifecycle, entry.msc) ? lifecycle[entry.msc] : undefined;
    if (!facts) return entry;
    const moves = RANK[facts.status] > RANK[entry.status];
    const status = moves ? facts.status : entry.status;
    const { transitions, added } = addTransitions(entry.transitions, facts, status);
    if (!moves && added.length === 0) return entry;
    if (moves) {
      statusChanged.push(entry.msc);
      changes.push(`MSC${entry.msc}: ${entry.status} → ${facts.status}${describeLifecycle(facts)}`);
    } else changes.push(`MSC${entry.msc}: ${added.join('; ')}`);
    return { ...entry, status, transitions, sources: entry.sources.includes(facts.source) ? entry.sources : [...entry.sources, facts.source] };
  });
  const versions = new Map(base.specVersions.map((version) => [version.version, version]));
  for (const version of specVersionsFrom(overlay)) {
    const bundled = versions.get(version.version);
    if (!bundled) {
      versions.set(version.version, version);
      changes.push(`spec ${version.version}: new${version.released ? `, released ${version.released}` : ', no release date yet'}`);
    } else if (bundled.released === undefined && version.released !== undefined) {
      versions.set(version.version, { ...bundled, released: version.released, ...(version.source ? { source: version.source } : {}) });
      changes.push(`spec ${version.version}: released ${version.released}`);
    }
  }
  const uncatalogued = Object.values(lifecycle)
    .map((facts) => facts.msc)
    .filter((msc) => !known.has(msc))
    .sort((a, b) => a - b);
  if (uncatalogued.length > 0) changes.push(`${uncatalogued.length} MSC${uncatalogued.length === 1 ? '' : 's'} known to GitHub, not yet catalogued`);
  const refresh: CatalogueRefresh = {
    date,
    refreshedAt: overlay.refreshedAt,
    api: overlay.source.api,
    file,
    ...(overlay.since ? { since: overlay.since } : {}),
    lifecycle,
    uncatalogued,
    statusChanged,
    changes,
  };
  return { ...base, mscs, specVersions: [...versions.values()], refresh };
}
