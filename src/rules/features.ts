import type { Catalogue } from '../catalogue/index.js';
import type { Snapshot } from '../snapshot/types.js';
import { deriveFacts } from './facts.js';
import { statusOn } from '../catalogue/lifecycle.js';
import { withAmbiguousProbes } from './ambiguous-probes.js';

export type FeatureState = 'absent' | 'unstable' | 'stable' | 'both' | 'inconclusive';

export interface FeatureRow {
  msc: number;
  title: string;
  /** Its status on the day judged (as of), as far as the catalogue's dates show. */
  status: string;
  /** A later status it may already have had that day: a date the catalogue lacks (not counted against the server). */
  statusMaybe?: string;
  releasedIn?: string;
  state: FeatureState;
  /** How each form was detected, e.g. "flag org.matrix.msc3440", "GET /_matrix/... → 401 M_MISSING_TOKEN". */
  unstable: string[];
  stable: string[];
  inconclusive: string[];
  /** Answers that a templated spec endpoint also gives (so they prove nothing), when there are any. */
  ambiguous?: string[];
}

/**
 * What the server offers, per MSC: the view an operator wants when reading /versions.
 * Only MSCs the server shows something of (a flag, a probed endpoint) are listed. With `asOf`,
 * an advertised version counts only if it was released by then (as in the rules).
 */
export function featureView(given: Snapshot, catalogue: Catalogue, asOf?: string): FeatureRow[] {
  const facts = deriveFacts(withAmbiguousProbes(given, catalogue), catalogue, asOf);
  const rows: FeatureRow[] = [];
  for (const entry of catalogue.allEntries()) {
    const unstable: string[] = [];
    const stable: string[] = [];
    const inconclusive: string[] = [];
    const ambiguous: string[] = [];
    for (const flag of facts.enabledFlags) {
      const match = catalogue.flag(flag);
      if (match?.entry.msc !== entry.msc) continue;
      const onlyWithToken = facts.flagVisibility.get(flag) === 'authenticated' ? ' (only with a token)' : '';
      (match.form === 'stable' ? stable : unstable).push(`flag ${flag}${onlyWithToken}`);
    }
    for (const field of facts.observedFields) {
      for (const match of catalogue.fieldsNamed(field.name)) {
        if (match.entry.msc !== entry.msc || (match.field.kind !== field.kind && match.field.kind !== 'other')) continue;
        (match.form === 'stable' ? stable : unstable).push(`${field.kind} ${field.name} (${field.where})`);
      }
    }
    let probed = false;
    for (const form of ['unstable', 'stable'] as const) {
      for (const probe of facts.endpointProbes(entry.msc, form)) {
        probed = true;
        const path = probe.template ?? new URL(probe.url).pathname;
        const line = `${probe.method} ${path} (${probe.status ?? probe.error ?? '-'}${probe.errcode ? ` ${probe.errcode}` : ''})`;
        if (probe.classification === 'present') (form === 'stable' ? stable : unstable).push(probe.confidence === 'low' ? `${line}, low confidence` : line);
        else if (probe.classification === 'inconclusive') inconclusive.push(line);
        else if (probe.classification === 'ambiguous') ambiguous.push(`${line}: proves nothing, the spec's ${probe.shadowedBy ?? 'templated endpoint'} answers this path too`);
      }
    }
    if (!probed && unstable.length === 0 && stable.length === 0) continue;
    const version = facts.advertisedVersionContaining(entry);
    if (version && (unstable.length > 0 || stable.length > 0)) stable.push(`advertises ${version}`);
    const state: FeatureState =
      unstable.length > 0 && stable.length > 0 ? 'both' : unstable.length > 0 ? 'unstable' : stable.length > 0 ? 'stable' : inconclusive.length + ambiguous.length > 0 ? 'inconclusive' : 'absent';
    // The MSC's standing on the day judged, as the rules see it: judged as of 2021, an MSC
    // released in 2024 was not released yet (where a date is unknown, the status it surely had).
    const standing = asOf === undefined ? undefined : statusOn(entry, asOf, catalogue);
    const status = standing?.status ?? entry.status;
    rows.push({
      msc: entry.msc,
      title: entry.title,
      status,
      ...(standing?.unknown ? { statusMaybe: standing.unknown.maybe } : {}),
      ...(entry.released_in && status === 'released' ? { releasedIn: entry.released_in } : {}),
      state,
      unstable,
      stable,
      inconclusive,
      ...(ambiguous.length > 0 ? { ambiguous } : {}),
    });
  }
  return rows;
}
