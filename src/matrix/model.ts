import type { FeatureState } from '../rules/features.js';
import type { PolicyId } from '../rules/policy.js';

/**
 * The support matrix as data: MSCs (rows) by servers (columns). What `matrix --format json`
 * prints (schema: specs/schema/matrix.schema.json) and what the other formats render.
 */
export const MATRIX_SCHEMA_VERSION = 1;

/** A cell: a feature state of the server's report, or not-audited when there is no report. */
export type CellState = FeatureState | 'not-audited';
export const CELL_STATES: readonly CellState[] = ['both', 'stable', 'unstable', 'inconclusive', 'absent', 'not-audited'];

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface MatrixServer {
  /** The normalised server (URL or server name) as listed. */
  server: string;
  baseUrl?: string;
  status: 'audited' | 'unreachable' | 'not-auditable' | 'failed';
  reason?: string;
  software?: { name?: string; version?: string };
  versions: string[];
  /** Findings by severity (waived and baseline-known ones excluded). */
  findings: SeverityCounts;
}

export interface MatrixCell {
  state: CellState;
  /** Findings about this MSC on this server, by severity (only when there are some). */
  violations?: SeverityCounts;
  /** How each form was seen ("unstable: flag org.matrix.msc3575"), and the findings' messages. */
  evidence?: string[];
  /** Commands that show the evidence again. */
  curl?: string[];
}

export interface MatrixRow {
  msc: number;
  title: string;
  status: string;
  releasedIn?: string;
  /** How many servers are in each state. */
  summary: Record<CellState, number>;
  /** Servers that ship it in some form (unstable, stable or both). */
  shipping: number;
  /** One cell per server, in the order of `servers`. */
  cells: MatrixCell[];
}

export interface SupportMatrix {
  schemaVersion: typeof MATRIX_SCHEMA_VERSION;
  kind: 'msc-audit-matrix';
  tool: { name: string; version: string };
  policy?: PolicyId;
  asOf?: string;
  catalogue: { entries: number; checkedAgainstSpec?: string };
  filter: { msc?: number[]; status?: string[]; releasedIn?: string; vendor?: string };
  servers: MatrixServer[];
  rows: MatrixRow[];
}
