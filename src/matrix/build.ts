import type { Catalogue } from '../catalogue/index.js';
import { filterEntries, type EntryFilter } from '../catalogue/query.js';
import type { Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/types.js';
import { curlFor } from '../rules/evidence.js';
import { toolVersion } from '../util/version.js';
import { CELL_STATES, MATRIX_SCHEMA_VERSION, type CellState, type MatrixCell, type MatrixRow, type MatrixServer, type SeverityCounts, type SupportMatrix } from './model.js';

/** One server as the matrix sees it: its report (and snapshot, for curl lines) when audited. */
export interface MatrixInput {
  server: string;
  status: MatrixServer['status'];
  reason?: string;
  report?: Report;
  snapshot?: Snapshot;
}

export interface MatrixFilter extends Omit<EntryFilter, 'has'> {
  msc?: number[];
}

const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });
const active = (report: Report) => report.findings.filter((finding) => !finding.waived && finding.baseline !== 'known');

function serverOf(input: MatrixInput): MatrixServer {
  const findings = zero();
  if (input.report) for (const finding of active(input.report)) findings[finding.severity] += 1;
  return {
    server: input.server,
    ...(input.report ? { baseUrl: input.report.target.baseUrl } : {}),
    status: input.status,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.report?.server.software ? { software: input.report.server.software } : {}),
    versions: input.report?.server.versions ?? [],
    findings,
  };
}

/** Commands that show a cell's evidence again: the probes of that MSC, or /versions for a flag. */
function curlLines(input: MatrixInput, msc: number, evidence: readonly string[]): string[] {
  const lines: string[] = [];
  if (input.snapshot) {
    if (evidence.some((line) => / flag /.test(line) || /advertises /.test(line))) {
      const versions = input.snapshot.probes.find((probe) => probe.id === input.snapshot!.documents.versions);
      if (versions) lines.push(curlFor(versions));
    }
    for (const probe of input.snapshot.probes) {
      if (probe.msc === msc && probe.purpose !== 'control' && probe.classification !== 'absent') lines.push(curlFor(probe));
    }
  }
  for (const finding of input.report?.findings ?? []) if (finding.msc === msc && finding.reproduce) lines.push(finding.reproduce);
  return [...new Set(lines)];
}

function cellOf(input: MatrixInput, msc: number): MatrixCell {
  const report = input.report;
  if (!report) return { state: 'not-audited' };
  const feature = report.features.find((row) => row.msc === msc);
  const findings = active(report).filter((finding) => finding.msc === msc);
  const evidence = [
    ...(feature?.unstable ?? []).map((line) => `unstable: ${line}`),
    ...(feature?.stable ?? []).map((line) => `stable: ${line}`),
    ...(feature?.inconclusive ?? []).map((line) => `inconclusive: ${line}`),
    ...findings.map((finding) => `${finding.severity} ${finding.rule}: ${finding.message}`),
  ];
  const cell: MatrixCell = { state: feature?.state ?? 'absent' };
  if (findings.length > 0) {
    const violations = zero();
    for (const finding of findings) violations[finding.severity] += 1;
    cell.violations = violations;
  }
  if (evidence.length > 0) {
    cell.evidence = evidence;
    const curl = curlLines(input, msc, evidence);
    if (curl.length > 0) cell.curl = curl;
  }
  return cell;
}

const byServer = (a: MatrixInput, b: MatrixInput): number => (a.server < b.server ? -1 : a.server > b.server ? 1 : 0);

/**
 * The support matrix: a pure function of the servers' reports and the catalogue. Rows are
 * the MSCs some server shows something of (or has a finding about), plus those asked for
 * with --msc; the catalogue filters (--status, --released-in, --vendor) then apply.
 */
export function buildMatrix(inputs: readonly MatrixInput[], catalogue: Catalogue, filter: MatrixFilter = {}): SupportMatrix {
  const ordered = [...inputs].sort(byServer);
  const seen = new Map<number, { title: string; status: string; releasedIn?: string }>();
  for (const input of ordered) {
    for (const feature of input.report?.features ?? []) {
      if (feature.state !== 'absent') seen.set(feature.msc, { title: feature.title, status: feature.status, ...(feature.releasedIn ? { releasedIn: feature.releasedIn } : {}) });
    }
    for (const finding of input.report ? active(input.report) : []) {
      if (finding.msc !== undefined && !seen.has(finding.msc)) {
        const entry = catalogue.msc(finding.msc);
        seen.set(finding.msc, { title: entry?.title ?? '(not in the catalogue)', status: entry?.status ?? 'unknown', ...(entry?.released_in ? { releasedIn: entry.released_in } : {}) });
      }
    }
  }
  for (const msc of filter.msc ?? []) {
    const entry = catalogue.msc(msc);
    if (!seen.has(msc)) seen.set(msc, { title: entry?.title ?? '(not in the catalogue)', status: entry?.status ?? 'unknown', ...(entry?.released_in ? { releasedIn: entry.released_in } : {}) });
  }
  const catalogueFiltered = filter.status || filter.releasedIn || filter.vendor;
  const allowed = catalogueFiltered
    ? new Set(filterEntries(catalogue, { ...(filter.status ? { status: filter.status } : {}), ...(filter.releasedIn ? { releasedIn: filter.releasedIn } : {}), ...(filter.vendor ? { vendor: filter.vendor } : {}) }).map((entry) => entry.msc))
    : undefined;
  const wanted = filter.msc ? new Set(filter.msc) : undefined;
  const rows: MatrixRow[] = [];
  for (const [msc, info] of [...seen].sort((a, b) => a[0] - b[0])) {
    if (wanted && !wanted.has(msc)) continue;
    if (allowed && !allowed.has(msc)) continue;
    const cells = ordered.map((input) => cellOf(input, msc));
    const summary = Object.fromEntries(CELL_STATES.map((state) => [state, 0])) as Record<CellState, number>;
    for (const cell of cells) summary[cell.state] += 1;
    rows.push({ msc, ...info, summary, shipping: summary.unstable + summary.stable + summary.both, cells });
  }
  const judged = ordered.find((input) => input.report)?.report;
  return {
    schemaVersion: MATRIX_SCHEMA_VERSION,
    kind: 'msc-audit-matrix',
    tool: { name: 'msc-audit', version: toolVersion() },
    ...(judged ? { policy: judged.policy, asOf: judged.asOf } : {}),
    catalogue: { entries: catalogue.mscs.size, ...(catalogue.checkedAgainstSpec ? { checkedAgainstSpec: catalogue.checkedAgainstSpec } : {}) },
    filter: {
      ...(filter.msc ? { msc: filter.msc } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.releasedIn ? { releasedIn: filter.releasedIn } : {}),
      ...(filter.vendor ? { vendor: filter.vendor } : {}),
    },
    servers: ordered.map(serverOf),
    rows,
  };
}
