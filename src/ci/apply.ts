import type { AuditSettings, Waiver } from '../config/types.js';
import type { Finding, Severity } from '../rules/types.js';
import { SEVERITIES, severityRank } from '../rules/types.js';

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
  /** Findings about the config itself (expired and unused waivers), subject to rule overrides too. */
  const pushMeta = (rule: string, fallback: Severity, waiver: Waiver, message: string, detail: string): void => {
    const severity = severityOf(rule, fallback);
    if (severity === 'off') return;
    result.push({ rule, severity, ...(waiver.msc !== undefined ? { msc: waiver.msc } : {}), subject: describeWaiver(waiver), message, evidence: [{ document: waiver.origin ?? 'config', detail }], policy });
  };

  for (const finding of findings) {
    const severity = severityOf(finding.rule, finding.severity);
    if (severity === 'off') continue;
    const candidates = settings.waivers.filter((waiver) => matches(waiver, finding));
    const active = candidates.find((waiver) => waiver.expires >= settings.asOf);
    for (const waiver of candidates) used.add(waiver);
    result.push({ ...finding, severity, ...(active ? { waived: { reason: active.reason, expires: active.expires } } : {}) });
    if (!active) for (const waiver of candidates) pushMeta('expired-waiver', 'warning', waiver, `the waiver for ${describeWaiver(waiver)} expired on ${waiver.expires} ("${waiver.reason}"), so it no longer waives: fix the finding or renew the waiver`, `expires ${waiver.expires}, as of ${settings.asOf}`);
  }
  for (const waiver of settings.waivers) {
    if (!used.has(waiver)) pushMeta('unused-waiver', 'info', waiver, `the waiver for ${describeWaiver(waiver)} matches no finding any more: remove it from the config`, `reason "${waiver.reason}", expires ${waiver.expires}`);
  }

  let fixed: FindingIdentity[] = [];
  if (baseline) {
    const known = new Set(baseline.map(identityKey));
    const current = new Set(result.map(identityKey));
    for (const finding of result) finding.baseline = known.has(identityKey(finding)) ? 'known' : 'new';
    fixed = baseline.filter((old) => !current.has(identityKey(old)));
  }
  result.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return { findings: result, fixed };
}

/** Findings that fail the build: at or above the threshold, not waived, not known from the baseline. */
export function failingFindings(findings: readonly Finding[], failOn: Severity | 'none'): Finding[] {
  if (failOn === 'none') return [];
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.filter((finding) => !finding.waived && finding.baseline !== 'known' && SEVERITIES.indexOf(finding.severity) <= threshold);
}
