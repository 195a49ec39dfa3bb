import type { Report } from './model.js';
import { RULES } from '../rules/index.js';
import { META_FINDING_IDS } from '../config/finding-ids.js';
import { failingFindings } from '../ci/apply.js';
import { xml } from './escape.js';

/**
 * JUnit XML: one test suite per target, one test case per check (rule), so dashboards show
 * totals. A case fails when it has findings that fail the build (at or above failOn, not
 * waived, not in the baseline); its other findings go to system-out.
 */
export function renderJunit(reports: readonly Report[]): string {
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  for (const report of reports) {
    const suiteName = report.target.name ?? report.target.baseUrl;
    const failing = new Set(failingFindings(report.findings, report.failOn));
    const ids = [...RULES.map((rule) => rule.id), ...META_FINDING_IDS];
    const cases = ids.map((id) => {
      const findings = report.findings.filter((finding) => finding.rule === id);
      const failed = findings.filter((finding) => failing.has(finding));
      const other = findings.filter((finding) => !failing.has(finding));
      const line = (finding: (typeof findings)[number]): string =>
        `[${finding.severity}${finding.waived ? `, waived until ${finding.waived.expires}: ${finding.waived.reason}` : ''}${finding.baseline === 'known' ? ', known from baseline' : ''}] ${finding.msc !== undefined ? `MSC${finding.msc} ` : ''}${finding.subject}: ${finding.message}`;
      const body = [
        ...(failed.length > 0
          ? [`      <failure type="${xml(failed[0]!.severity)}" message="${xml(`${failed.length} finding(s): ${failed.map((f) => f.subject).join(', ')}`.slice(0, 500))}">${xml(failed.map(line).join('\n'))}</failure>`]
          : []),
        ...(other.length > 0 ? [`      <system-out>${xml(other.map(line).join('\n'))}</system-out>`] : []),
      ];
      return `    <testcase classname="msc-audit.${xml(suiteName)}" name="${xml(id)}"${body.length ? `>\n${body.join('\n')}\n    </testcase>` : ' />'}`;
    });
    const suiteFailures = cases.filter((text) => text.includes('<failure')).length;
    total += cases.length;
    failures += suiteFailures;
    suites.push(
      `  <testsuite name="${xml(suiteName)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0" time="${(report.summary.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="msc-audit" tests="${total}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
