import type { DatedTransition, MscEntry, MscStatus, TransitionKind } from './types.js';

/**
 * An MSC's lifecycle on a given day, from its dated transitions (docs/catalogue-format.md,
 * "Lifecycle dates"). The catalogue's `status` is true as of the day the catalogue was checked;
 * for an earlier day the status is derived from the dates, and where a date is missing the
 * answer says which date, so that rules can add a caveat instead of accusing.
 */

/** What lifecycle.ts needs from a catalogue (kept narrow so it works on raw data too). */
export interface LifecycleCatalogue {
  releaseDate(version: string): string | undefined;
  /** The day the catalogued statuses were last true for certain. */
  readonly checkedAgainstSpec: string | undefined;
}

export type LifecycleEventKind = TransitionKind | 'released';

export interface LifecycleEvent extends DatedTransition {
  kind: LifecycleEventKind;
}

/** The release as a dated event: the date of `released_in` in the spec versions. */
export function releaseEvent(entry: MscEntry, catalogue: LifecycleCatalogue): LifecycleEvent | undefined {
  if (!entry.released_in) return undefined;
  const date = catalogue.releaseDate(entry.released_in);
  return date ? { kind: 'released', date, source: `specs/spec-versions.yaml ${entry.released_in}` } : undefined;
}

/** Every dated event of an entry, oldest first (the release included). */
export function lifecycleEvents(entry: MscEntry, catalogue: LifecycleCatalogue): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  for (const [kind, transition] of Object.entries(entry.transitions ?? {}) as Array<[TransitionKind, DatedTransition | undefined]>) {
    if (transition) events.push({ kind, ...transition });
  }
  const released = releaseEvent(entry, catalogue);
  if (released) events.push(released);
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * When the MSC completed FCP with disposition merge: the FCP's end where a source dates it,
 * otherwise the merge of the proposal into matrix-spec-proposals (which follows it).
 */
export function acceptance(entry: MscEntry): DatedTransition | undefined {
  const finished = entry.transitions?.fcp_finished;
  if (finished?.disposition === 'merge') return finished;
  return entry.transitions?.accepted;
}

export type MissingDate = 'acceptance' | 'release' | 'closing' | 'FCP start';

export interface StatusOn {
  /** The status on that day as far as the dates establish it. */
  status: MscStatus;
  /**
   * Set when a date is missing and the day is before the catalogue's check: the MSC may already
   * have reached `maybe` on that day. Rules must not accuse on the difference.
   */
  unknown?: { maybe: MscStatus; missing: MissingDate };
  /** The dated event that decided the status, if any (for messages). */
  since?: LifecycleEvent;
}

/** Is the day on or after `certainFrom`, from when the catalogued status held for certain? */
function knownAsCatalogued(asOf: string, certainFrom: string | undefined): boolean {
  return certainFrom === undefined || asOf >= certainFrom;
}

/** The status before acceptance: in FCP once a dated FCP start has passed, otherwise open. */
function beforeAcceptance(entry: MscEntry, asOf: string): StatusOn {
  const started = entry.transitions?.fcp_started;
  return started && started.date <= asOf ? { status: 'fcp', since: { kind: 'fcp_started', ...started } } : { status: 'open' };
}

function accepted(entry: MscEntry, asOf: string, certainFrom: string | undefined): StatusOn {
  const dated = acceptance(entry);
  if (dated) return dated.date <= asOf ? { status: 'accepted', since: { kind: 'accepted', ...dated } } : beforeAcceptance(entry, asOf);
  if (knownAsCatalogued(asOf, certainFrom)) return { status: 'accepted' };
  return { ...beforeAcceptance(entry, asOf), unknown: { maybe: 'accepted', missing: 'acceptance' } };
}

/** The MSC's status on `asOf` (YYYY-MM-DD). */
export function statusOn(entry: MscEntry, asOf: string, catalogue: LifecycleCatalogue): StatusOn {
  const checked = catalogue.checkedAgainstSpec;
  switch (entry.status) {
    case 'open':
      return { status: 'open' };
    case 'fcp': {
      const started = entry.transitions?.fcp_started;
      if (started) return started.date <= asOf ? { status: 'fcp', since: { kind: 'fcp_started', ...started } } : { status: 'open' };
      return knownAsCatalogued(asOf, checked) ? { status: 'fcp' } : { status: 'open', unknown: { maybe: 'fcp', missing: 'FCP start' } };
    }
    case 'accepted':
      return accepted(entry, asOf, checked);
    case 'released': {
      const released = releaseEvent(entry, catalogue);
      if (released) return released.date <= asOf ? { status: 'released', since: released } : accepted(entry, asOf, released.date);
      if (knownAsCatalogued(asOf, checked)) return { status: 'released' };
      const before = accepted(entry, asOf, checked);
      return { ...before, unknown: { maybe: 'released', missing: 'release' } };
    }
    case 'closed':
    case 'superseded': {
      const closed = entry.transitions?.closed;
      // Before it closed, it was wherever its other dates put it (a merged MSC can be superseded later).
      const before = acceptance(entry)?.date !== undefined && acceptance(entry)!.date <= asOf ? { status: 'accepted' as const } : beforeAcceptance(entry, asOf);
      if (closed) return closed.date <= asOf ? { status: entry.status, since: { kind: 'closed', ...closed } } : before;
      if (knownAsCatalogued(asOf, checked)) return { status: entry.status };
      return { ...before, unknown: { maybe: entry.status, missing: 'closing' } };
    }
  }
}

/** "the acceptance date of MSC1234 is not known, so on 2020-01-01 it may already have been accepted" */
export function describeUnknown(entry: MscEntry, asOf: string, state: StatusOn): string | undefined {
  if (!state.unknown) return undefined;
  return `the ${state.unknown.missing} date of MSC${entry.msc} is not in the catalogue, so on ${asOf} it may already have been ${state.unknown.maybe} (it is ${entry.status} today): not counted against the server`;
}
