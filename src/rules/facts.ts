import type { Catalogue } from '../catalogue/index.js';
import type { MscEntry } from '../catalogue/types.js';
import { compareSpecVersions, versionIncludes } from '../catalogue/spec-versions.js';
import { isConclusivelyAbsent, isConclusivelyPresent } from '../probe/classify.js';
import type { ProbeRecord, Snapshot } from '../snapshot/types.js';
import { readVersionsDocument, type VersionsDocument } from '../snapshot/view.js';

/** Facts derived once from a snapshot and shared by every rule (pure, no I/O). */
export interface Facts {
  versionsDocument: VersionsDocument;
  advertisedVersions: string[];
  enabledFlags: string[];
  disabledFlags: string[];
  probesById: ReadonlyMap<string, ProbeRecord>;
  /** Endpoint probes of an MSC in one form. */
  endpointProbes(msc: number, form: 'unstable' | 'stable'): ProbeRecord[];
  /** The newest advertised version that contains the MSC, if any. */
  advertisedVersionContaining(entry: MscEntry): string | undefined;
}

export function deriveFacts(snapshot: Snapshot, catalogue: Catalogue): Facts {
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
  const advertisedVersions = versionsDocument.versions;
  return {
    versionsDocument,
    advertisedVersions,
    enabledFlags: versionsDocument.unstableFeatures.filter((flag) => flag.enabled).map((flag) => flag.name),
    disabledFlags: versionsDocument.unstableFeatures.filter((flag) => !flag.enabled).map((flag) => flag.name),
    probesById,
    endpointProbes: (msc, form) => byMsc.get(`${msc} ${form}`) ?? [],
    advertisedVersionContaining: (entry) => {
      if (entry.status !== 'released' || !entry.released_in) return undefined;
      const released = entry.released_in;
      // Only real spec versions count: "v1.99" promises nothing (unknown-spec-version reports it).
      return advertisedVersions
        .filter((version) => catalogue.isKnownVersion(version)).filter((version) => versionIncludes(version, released)).sort(compareSpecVersions).at(-1);
    },
  };
}

export { isConclusivelyAbsent, isConclusivelyPresent };
