import type { Report } from '../report/model.js';
import type { Finding } from '../rules/types.js';
import type { FeatureRow } from '../rules/features.js';
import { identityKey, type FindingIdentity } from './apply.js';

/** What changed between two runs: features by MSC and form, findings by identity, spec versions. */
export interface FeatureChange {
  msc: number;
  title: string;
  from: string;
  to: string;
  forms: Array<'unstable' | 'stable'>;
}

export interface DiffResult {
  schemaVersion: 1;
  old: { target: string; asOf: string };
  new: { target: string; asOf: string };
  features: { gained: FeatureChange[]; lost: FeatureChange[] };
  findings: { new: Finding[]; fixed: FindingIdentity[] };
  versions: { added: string[]; dropped: string[] };
  regression: boolean;
}

function forms(row: FeatureRow | undefined): Set<'unstable' | 'stable'> {
  const state = row?.state ?? 'absent';
  return new Set(state === 'both' ? ['unstable', 'stable'] : state === 'unstable' ? ['unstable'] : state === 'stable' ? ['stable'] : []);
}

export function diffReports(before: Report, after: Report): DiffResult {
  const oldRows = new Map(before.features.map((row) => [row.msc, row]));
  const newRows = new Map(after.features.map((row) => [row.msc, row]));
  const gained: FeatureChange[] = [];
  const lost: FeatureChange[] = [];
  for (const msc of [...new Set([...oldRows.keys(), ...newRows.keys()])].sort((a, b) => a - b)) {
    const was = oldRows.get(msc);
    const is = newRows.get(msc);
    // An inconclusive side proves nothing either way.
    if (was?.state === 'inconclusive' || is?.state === 'inconclusive') continue;
    const before = forms(was);
    const after = forms(is);
    const title = is?.title ?? was?.title ?? '';
    const change = (list: Array<'unstable' | 'stable'>): FeatureChange => ({ msc, title, from: was?.state ?? 'absent', to: is?.state ?? 'absent', forms: list });
    const added = [...after].filter((form) => !before.has(form));
    const removed = [...before].filter((form) => !after.has(form));
    if (added.length > 0) gained.push(change(added));
    if (removed.length > 0) lost.push(change(removed));
  }
  const oldKeys = new Set(before.findings.map(identityKey));
  const newKeys = new Set(after.findings.map(identityKey));
  const newFindings = after.findings.filter((finding) => !oldKeys.has(identityKey(finding)));
  const fixed = before.findings.filter((finding) => !newKeys.has(identityKey(finding))).map(({ rule, subject, msc }) => ({ rule, subject, ...(msc !== undefined ? { msc } : {}) }));
  const oldVersions = new Set(before.server.versions);
  const newVersions = new Set(after.server.versions);
  return {
    schemaVersion: 1,
    old: { target: before.target.baseUrl, asOf: before.asOf },
    new: { target: after.target.baseUrl, asOf: after.asOf },
    features: { gained, lost },
    findings: { new: newFindings, fixed },
    versions: { added: [...newVersions].filter((v) => !oldVersions.has(v)), dropped: [...oldVersions].filter((v) => !newVersions.has(v)) },
    regression: lost.length > 0 || newFindings.length > 0,
  };
}
