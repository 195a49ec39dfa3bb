import type { Report } from './model.js';
import type { Finding } from '../rules/types.js';
import { RULES } from '../rules/index.js';
import { META_FINDING_IDS } from '../config/finding-ids.js';
import { failingFindings } from '../ci/apply.js';
import { xml } from './escape.js';

/**
 * JUnit XML, for CI test views (GitLab, Jenkins, GitHub Actions' junit reporters), which list
 * each test case on its own line with its message:
 * - one test suite per rule (per target and rule when a run has several targets);
 * - one test case per finding subject: it fails when one of its findings fails the build (at or
 *   above --fail-on, not waived, not in the baseline), and passes otherwise, its findings in
 *   system-out;
 * - one passing test case for a rule that found nothing, so dashboards count every check.
 */
const NOTHING_FOUND = 'no findings';

function findingLine(finding: Finding): string {
  const notes = [finding.severity, finding.waived ? `waived until ${finding.waived.expires}: ${finding.waived.reason}` : undefined, finding.baseline === 'known' ? 'known from baseline' : undefined];
  return `[${notes.filter(Boolean).join(', ')}] ${finding.msc !== undefined ? `MSC${finding.msc} ` : ''}${finding.subject}: ${finding.message}`;
}

/** Everything a reader needs to act on a finding, as the failure's text. */
function findingDetail(finding: Finding): string {
  return [
    findingLine(finding),
    ...finding.evidence.map((evidence) => `evidence: ${evidence.detail}`),
    ...(finding.caveat ? [`caveat: ${finding.caveat}`] : []),
    ...(finding.reproduce ? [`reproduce: ${finding.reproduce}`] : []),
    `policy: ${finding.policy.summary} (${finding.policy.source})`,
  ].join('\n');
}

function testCase(classname: string, name: string, findings: readonly Finding[], failing: ReadonlySet<Finding>): { text: string; failed: boolean } {
  const failed = findings.filter((finding) => failing.has(finding));
  const passed = findings.filter((finding) => !failing.has(finding));
  const body = [
    ...(failed.length > 0 ? [`      <failure type="${xml(failed[0]!.severity)}" message="${xml(failed[0]!.message.slice(0, 500))}">${xml(failed.map(findingDetail).join('\n\n'))}</failure>`] : []),
    ...(passed.length > 0 ? [`      <system-out>${xml(passed.map(findingDetail).join('\n\n'))}</system-out>`] : []),
  ];
  const open = `    <testcase classname="${xml(classname)}" name="${xml(name)}"`;
  return { text: body.length > 0 ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open} />`, failed: failed.length > 0 };
}

export function renderJunit(reports: readonly Report[]): string {
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  const ids = [...RULES.map((rule) => rule.id), ...META_FINDING_IDS];
  for (const report of reports) {
    const target = report.target.name ?? report.target.baseUrl;
    const failing = new Set(failingFindings(report.findings, report.failOn));
    for (const id of ids) {
      const findings = report.findings.filter((finding) => finding.rule === id);
      // One case per subject: findings of a rule that share a subject (rare: two MSCs) share a line.
      const bySubject = new Map<string, Finding[]>();
      for (const finding of findings) {
        const name = `${finding.msc !== undefined ? `MSC${finding.msc} ` : ''}${finding.subject}`;
        bySubject.set(name, [...(bySubject.get(name) ?? []), finding]);
      }
      const classname = `msc-audit.${id}`;
      const cases = bySubject.size > 0 ? [...bySubject].map(([name, group]) => testCase(classname, name, group, failing)) : [testCase(classname, NOTHING_FOUND, [], failing)];
      const suiteFailures = cases.filter((item) => item.failed).length;
      total += cases.length;
      failures += suiteFailures;
      const suiteName = reports.length > 1 ? `${target} ${id}` : id;
      suites.push(
        `  <testsuite name="${xml(suiteName)}" hostname="${xml(target)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.map((item) => item.text).join('\n')}\n  </testsuite>`,
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="msc-audit" tests="${total}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
