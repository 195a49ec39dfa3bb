import type { Catalogue } from '../catalogue/index.js';
import type { Snapshot } from '../snapshot/types.js';
import { deriveFacts } from './facts.js';
import { compareSpecVersions, isSpecVersionId } from '../catalogue/spec-versions.js';
import { withAmbiguousProbes } from './ambiguous-probes.js';
import { RULES } from './index.js';
import type { PolicyId } from './policy.js';
import { severityRank, type Finding, type Rule } from './types.js';
import type { Requirement } from '../config/types.js';

export interface CheckInput {
  snapshot: Snapshot;
  catalogue: Catalogue;
  policy: PolicyId;
  asOf: string;
  rules?: readonly Rule[];
  requirements?: readonly Requirement[];
}

/** Subjects in a stable order; spec versions in release order (v1.2 before v1.10). */
function compareSubjects(a: string, b: string): number {
  return isSpecVersionId(a) && isSpecVersionId(b) ? compareSpecVersions(a, b) : a.localeCompare(b);
}

/** Run the rules over a snapshot: a pure function of its inputs. */
export function checkSnapshot(input: CheckInput): Finding[] {
  // Answers a templated spec endpoint also gives are ambiguous, whichever version of msc-audit wrote the snapshot.
  const snapshot = withAmbiguousProbes(input.snapshot, input.catalogue);
  const facts = deriveFacts(snapshot, input.catalogue, input.asOf);
  const context = { snapshot, catalogue: input.catalogue, policy: input.policy, asOf: input.asOf, facts, requirements: input.requirements ?? [] };
  const findings: Finding[] = [];
  for (const rule of input.rules ?? RULES) {
    for (const hit of rule.check(context)) {
      const { passage, severity, ...rest } = hit;
      findings.push({
        rule: rule.id,
        severity: severity !== undefined && severityRank(severity) < severityRank(rule.severity) ? severity : rule.severity,
        ...rest,
        policy: { id: input.policy, passage: passage.id, summary: passage.summary, source: passage.source },
      });
    }
  }
  // Deterministic order: severity, then rule order, then subject.
  const ruleOrder = new Map((input.rules ?? RULES).map((rule, index) => [rule.id, index]));
  return findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (ruleOrder.get(a.rule) ?? 0) - (ruleOrder.get(b.rule) ?? 0) || compareSubjects(a.subject, b.subject),
  );
}
