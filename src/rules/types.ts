import type { Catalogue } from '../catalogue/index.js';
import type { Snapshot } from '../snapshot/types.js';
import type { Facts } from './facts.js';
import type { Passage, PolicyId } from './policy.js';
import type { Requirement } from '../config/types.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export interface Evidence {
  /** The probe that saw it (an id in snapshot.probes). */
  probe?: string;
  /** Or the document and key it was read from, e.g. "/versions unstable_features". */
  document?: string;
  detail: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  msc?: number;
  /** The flag, path, field or version string the finding is about. */
  subject: string;
  message: string;
  evidence: Evidence[];
  policy: { id: PolicyId; passage: string; summary: string; source: string };
  /** A command that shows the evidence again (any token as $MATRIX_ACCESS_TOKEN). */
  reproduce?: string;
  /** A caveat, e.g. that the catalogue may be older than --as-of. */
  caveat?: string;
  /** Accepted by a waiver in the config: shown, but does not fail the build. */
  waived?: { reason: string; expires: string };
  /** With --baseline: "known" findings were in the baseline and do not fail the build. */
  baseline?: 'known' | 'new';
}

export interface RuleContext {
  snapshot: Snapshot;
  catalogue: Catalogue;
  policy: PolicyId;
  /** The date the judgement is made for (YYYY-MM-DD); the only source of time. */
  asOf: string;
  facts: Facts;
  /** MSCs the deployment must offer (config `require:`). */
  requirements: readonly Requirement[];
}

/** What a rule returns; the engine adds rule id, severity and policy. */
export interface RuleHit {
  msc?: number;
  subject: string;
  message: string;
  evidence: Evidence[];
  passage: Passage;
  reproduce?: string;
  caveat?: string;
  /**
   * A lower severity than the rule's, for a finding that rests on a fact the catalogue cannot
   * establish (an unknown date): it is shown with its caveat but never accuses. Never higher.
   */
  severity?: Severity;
}

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  /** Why the rule exists, citing its sources. */
  rationale: string;
  /** What to do about a finding. */
  fix: string;
  check(context: RuleContext): RuleHit[];
}
