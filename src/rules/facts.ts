import type { Catalogue } from '../catalogue/index.js';
import type { MscEntry } from '../catalogue/types.js';
import { compareSpecVersions, versionIncludes } from '../catalogue/spec-versions.js';
import { isConclusivelyAbsent, isConclusivelyPresent } from '../probe/classify.js';
import type { ProbeRecord, Snapshot } from '../snapshot/types.js';
import { readVersionsDocument, type VersionsDocument } from '../snapshot/view.js';
import { observeFields, type ObservedField } from './observed-fields.js';

/** Facts derived once from a snapshot and shared by every rule (pure, no I/O). */
export interface Facts {
  versionsDocument: VersionsDocument;
  /** The same document read with the token, when there was one and it could be read. */
  authenticatedVersions?: VersionsDocument;
  /**
   * A token was given but /versions read with it could not be read (a 5xx, a proxy page, a
   * timeout): flags and versions shown only to logged-in users are unknown, so no rule may
   * conclude from their absence.
   */
  authenticatedVersionsUnread: boolean;
  /** Where each enabled flag was seen: anonymously, only with the token, or both. */
  flagVisibility: ReadonlyMap<string, 'anonymous' | 'authenticated' | 'both'>;
  /** Identifiers read from documents (login flows, capabilities, well-known, push rules, ...). */
  observedFields: ObservedField[];
  advertisedVersions: string[];
  enabledFlags: string[];
  disabledFlags: string[];
  probesById: ReadonlyMap<string, ProbeRecord>;
  /** Endpoint probes of an MSC in one form. */
  endpointProbes(msc: number, form: 'unstable' | 'stable'): ProbeRecord[];
  /** The newest advertised version that contains the MSC, if any. */
  advertisedVersionContaining(entry: MscEntry): string | undefined;
}

/**
 * `asOf` (YYYY-MM-DD) limits the advertised versions that count to releases of that day or
 * earlier: a version released later promises nothing on that day. Without it, every known
 * release counts (the catalogue's view today).
 */
export function deriveFacts(snapshot: Snapshot, catalogue: Catalogue, asOf?: string): Facts {
  const versionsDocument = readVersionsDocument(snapshot);
  const probesById = new Map(snapshot.probes.map((probe) => [probe.id, probe]));
  const byMsc = new Map<string, ProbeRecord[]>();
  for (const probe of snapshot.probes) {
    if (probe.purpose !== 'endpoint' || probe.msc === undefined || !probe.form) continue;
    const key = `${probe.msc} ${probe.form}`;
    const list = byMsc.get(key) ?? [];
    list.push(probe);
    byMsc.set(key, list);
  }
  const authenticated = snapshot.documents['versions-authenticated'] ? readVersionsDocument(snapshot, 'versions-authenticated') : undefined;
  const usableAuthenticated = authenticated?.state === 'ok' ? authenticated : undefined;
  const advertisedVersions = [...new Set([...versionsDocument.versions, ...(usableAuthenticated?.versions ?? [])])];
  // The spec lets servers show some features only to logged-in users: a flag counts if either view has it.
  const visibility = new Map<string, 'anonymous' | 'authenticated' | 'both'>();
  const values = new Map<string, boolean>();
  for (const flag of versionsDocument.unstableFeatures) {
    values.set(flag.name, flag.enabled);
    if (flag.enabled) visibility.set(flag.name, 'anonymous');
  }
  for (const flag of usableAuthenticated?.unstableFeatures ?? []) {
    values.set(flag.name, (values.get(flag.name) ?? false) || flag.enabled);
    if (flag.enabled) visibility.set(flag.name, visibility.has(flag.name) ? 'both' : 'authenticated');
  }
  // The advertised versions that count, newest first: computed once, asked for every MSC by several rules.
  let countedNewestFirst: string[] | undefined;
  const countsOn = (version: string): boolean => {
    if (!catalogue.isKnownVersion(version)) return false;
    if (asOf === undefined) return true;
    return catalogue.versionStanding(version, asOf).kind === 'released';
  };
  return {
    versionsDocument,
    ...(usableAuthenticated ? { authenticatedVersions: usableAuthenticated } : {}),
    authenticatedVersionsUnread: authenticated !== undefined && (authenticated.state === 'inconclusive' || authenticated.state === 'not-json'),
    flagVisibility: visibility,
    observedFields: observeFields(snapshot),
    advertisedVersions,
    enabledFlags: [...values].filter(([, enabled]) => enabled).map(([name]) => name),
    disabledFlags: [...values].filter(([, enabled]) => !enabled).map(([name]) => name),
    probesById,
    endpointProbes: (msc, form) => byMsc.get(`${msc} ${form}`) ?? [],
    advertisedVersionContaining: (entry) => {
      if (entry.status !== 'released' || !entry.released_in) return undefined;
      const released = entry.released_in;
      // Only real spec versions released by asOf count: "v1.99" promises nothing, nor does v1.11
      // judged as of 2020 (unknown-spec-version reports both). A version that contains the MSC
      // is released no earlier than the MSC, so the MSC counts as released on asOf too.
      countedNewestFirst ??= advertisedVersions.filter((version) => countsOn(version)).sort(compareSpecVersions).reverse();
      return countedNewestFirst.find((version) => versionIncludes(version, released));
    },
  };
}

export { isConclusivelyAbsent, isConclusivelyPresent };
