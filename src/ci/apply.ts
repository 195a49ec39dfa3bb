import type { AuditSettings, Waiver } from '../config/types.js';
import type { Finding, Severity } from '../rules/types.js';
import { SEVERITIES } from '../rules/types.js';

/**
 * What a CI run adds on top of the rules: severity overrides, waivers (with expiry), and a
 * baseline of known findings. Pure: findings in, findings out.
 */
export interface FindingIdentity {
  rule: string;
  subject: string;
  msc?: number;
}

/** Identity of a finding across runs: rule + subject + MSC, never probe ids or counts. */
export function identityKey(finding: FindingIdentity): string {
  return `${finding.rule}\u0000${finding.subject}\u0000${finding.msc ?? ''}`;
}

export interface Applied {
  findings: Finding[];
  /** Baseline findings that no longer occur. */
  fixed: FindingIdentity[];
}

function matches(waiver: Waiver, finding: Finding): boolean {
  return waiver.rule === finding.rule && (waiver.subject === undefined || waiver.subject === finding.subject) && (waiver.msc === undefined || waiver.msc === finding.msc);
}

function describeWaiver(waiver: Waiver): string {
  return [waiver.rule, waiver.subject, waiver.msc !== undefined ? `MSC${waiver.msc}` : undefined].filter(Boolean).join(' ');
}

const CONFIG_PASSAGE = { id: 'config-waivers', summary: 'Waivers accept known debt for a reason and until a date (config file, waivers:).', source: '.msc-audit.yaml' };

export function applySettings(findings: readonly Finding[], settings: Pick<AuditSettings, 'rules' | 'waivers' | 'asOf' | 'policy'>, baseline?: readonly FindingIdentity[]): Applied {
  const severityOf = (rule: string, fallback: Severity): Severity | 'off' => settings.rules[rule] ?? fallback;
  const result: Finding[] = [];
  const used = new Set<Waiver>();
  const policy = { id: settings.policy, passage: CONFIG_PASSAGE.id, summary: CONFIG_PASSAGE.summary, source: CONFIG_PASSAGE.source };

  for (const finding of findings) {
    const severity = severityOf(finding.rule, finding.severity);
    if (severity === 'off') continue;
    const candidates = settings.waivers.filter((waiver) => matches(waiver, finding));
    const active = candidates.find((waiver) => waiver.expires >= settings.asOf);
    for (const waiver of candidates) used.add(waiver);
    result.push({ ...finding, severity, ...(active ? { waived: { reason: active.reason, expires: active.expires } } : {}) });
    if (!active) {
      for (const waiver of candidates) {
        const metaSeverity = severityOf('expired-waiver', 'warning');
        if (metaSeverity === 'off') continue;
        result.push({
          rule: 'expired-waiver',
          severity: metaSeverity,
          ...(finding.msc !== undefined ? { msc: finding.msc } : {}),
          subject: describeWaiver(waiver),
          message: `the waiver for ${describeWaiver(waiver)} expired on ${waiver.expires} ("${waiver.reason}"), so it no longer waives: fix the finding or renew the waiver`,
          evidence: [{ document: waiver.origin ?? 'config', detail: `expires ${waiver.expires}, as of ${settings.asOf}` }],
          policy,
        });
      }
    }
  }
  for (const waiver of settings.waivers) {
    if (used.has(waiver)) continue;
    const metaSeverity = severityOf('unused-waiver', 'info');
    if (metaSeverity === 'off') continue;
    result.push({
      rule: 'unused-waiver',
      severity: metaSeverity,
      ...(waiver.msc !== undefined ? { msc: waiver.msc } : {}),
      subject: describeWaiver(waiver),
      message: `the waiver for ${describeWaiver(waiver)} matches no finding any more: remove it from the config`,
      evidence: [{ document: waiver.origin ?? 'config', detail: `reason "${waiver.reason}", expires ${waiver.expires}` }],
      policy,
    });
  }

  let fixed: FindingIdentity[] = [];
  if (baseline) {
    const known = new Set(baseline.map(identityKey));
    const current = new Set(result.map(identityKey));
    for (const finding of result) finding.baseline = known.has(identityKey(finding)) ? 'known' : 'new';
    fixed = baseline.filter((old) => !current.has(identityKey(old)));
  }
  const rank = (severity: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(severity);
  result.sort((a, b) => rank(b.severity) - rank(a.severity));
  return { findings: result, fixed };
}

/** Findings that fail the build: at or above the threshold, not waived, not known from the baseline. */
export function failingFindings(findings: readonly Finding[], failOn: Severity | 'none'): Finding[] {
  if (failOn === 'none') return [];
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.filter((finding) => !finding.waived && finding.baseline !== 'known' && SEVERITIES.indexOf(finding.severity) <= threshold);
}
