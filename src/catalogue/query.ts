import type { Catalogue } from './index.js';
import type { MscEntry, MscStatus } from './types.js';
import { compareSpecVersions } from './spec-versions.js';
import { unstableSegment } from './lint.js';

/** Filters of `catalogue list`; every filter given must hold. */
export interface EntryFilter {
  status?: MscStatus[];
  releasedIn?: string;
  /** A vendor prefix any unstable identifier starts with, e.g. org.matrix or uk.half-shot. */
  vendor?: string;
  has?: Array<'flag' | 'endpoint' | 'field' | 'unstable' | 'stable'>;
}

function vendorsOf(entry: MscEntry): string[] {
  const names = [
    ...entry.unstable.flags,
    ...entry.stable.flags,
    ...entry.unstable.fields.map((field) => field.name.replace(/^\./, '')),
    ...entry.unstable.endpoints.map((endpoint) => unstableSegment(endpoint.path) ?? ''),
  ];
  return names.filter((name) => name.includes('.'));
}

export function filterEntries(catalogue: Catalogue, filter: EntryFilter): MscEntry[] {
  return catalogue.allEntries().filter((entry) => {
    if (filter.status && !filter.status.includes(entry.status)) return false;
    if (filter.releasedIn && entry.released_in !== filter.releasedIn) return false;
    if (filter.vendor) {
      const prefix = filter.vendor.toLowerCase();
      if (!vendorsOf(entry).some((name) => name.toLowerCase() === prefix || name.toLowerCase().startsWith(`${prefix}.`))) return false;
    }
    for (const wanted of filter.has ?? []) {
      const both = [entry.unstable, entry.stable];
      const ok =
        wanted === 'flag'
          ? both.some((ids) => ids.flags.length > 0)
          : wanted === 'endpoint'
            ? both.some((ids) => ids.endpoints.length > 0)
            : wanted === 'field'
              ? both.some((ids) => ids.fields.length > 0)
              : hasIdentifiers(entry, wanted);
      if (!ok) return false;
    }
    return true;
  });
}

export function hasIdentifiers(entry: MscEntry, form: 'unstable' | 'stable'): boolean {
  const ids = entry[form];
  return ids.flags.length + ids.endpoints.length + ids.fields.length > 0;
}

export interface CatalogueStats {
  entries: number;
  vendorFeatures: number;
  checkedAgainstSpec?: string;
  byStatus: Record<string, number>;
  byVersion: Array<{ version: string; released?: string; mscs: number }>;
  withUnstableIdentifiers: number;
  flags: number;
  unstableEndpoints: number;
  stableEndpoints: number;
  fields: number;
}

export function catalogueStats(catalogue: Catalogue): CatalogueStats {
  const entries = catalogue.allEntries();
  const byStatus: Record<string, number> = {};
  for (const entry of entries) byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
  const byVersion = catalogue.specVersions
    .map((version) => ({ version: version.version, ...(version.released ? { released: version.released } : {}), mscs: entries.filter((entry) => entry.released_in === version.version).length }))
    .sort((a, b) => compareSpecVersions(a.version, b.version));
  const sum = (pick: (entry: MscEntry) => number): number => entries.reduce((total, entry) => total + pick(entry), 0);
  return {
    entries: entries.length,
    vendorFeatures: catalogue.allVendorFeatures().length,
    ...(catalogue.checkedAgainstSpec ? { checkedAgainstSpec: catalogue.checkedAgainstSpec } : {}),
    byStatus,
    byVersion,
    withUnstableIdentifiers: entries.filter((entry) => hasIdentifiers(entry, 'unstable')).length,
    flags: sum((entry) => entry.unstable.flags.length + entry.stable.flags.length),
    unstableEndpoints: sum((entry) => entry.unstable.endpoints.length),
    stableEndpoints: sum((entry) => entry.stable.endpoints.length),
    fields: sum((entry) => entry.unstable.fields.length + entry.stable.fields.length),
  };
}
