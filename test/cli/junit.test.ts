import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { misbehaving } from '../fixtures/profiles.js';
import { RULES } from '../../src/rules/index.js';

interface TestCase {
  classname: string;
  name: string;
  failure?: { type: string; message: string; '#text': string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  testcase: TestCase[];
}
type Finding = { rule: string; severity: string; msc?: number; subject: string; message: string };

describe('JUnit: one test case per finding', () => {
  it('from the demo: a failing case for each error finding, passing ones below --fail-on, one passing case per quiet rule', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-junit-'));
    const jsonFile = path.join(work, 'report.json');
    const result = await cli(['demo', '--format', 'junit', '--report', `json=${jsonFile}`, '--as-of', '2026-11-22', '--fail-on', 'error']);
    expect(result.code).toBe(1);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(result.stdout);
    const suites = parsed.testsuites.testsuite as Suite[];
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { findings: Finding[] };
    const errors = report.findings.filter((finding) => finding.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(report.findings.length).toBeGreaterThan(errors.length);

    // One suite per rule, every rule there.
    for (const rule of RULES) expect(suites.filter((suite) => suite.name === rule.id)).toHaveLength(1);
    const caseName = (finding: Finding) => `${finding.msc !== undefined ? `MSC${finding.msc} ` : ''}${finding.subject}`;
    const failing = suites.flatMap((suite) => suite.testcase.filter((c) => c.failure).map((c) => `${suite.name} ${c.name}`));
    expect(failing.sort()).toEqual(errors.map((finding) => `${finding.rule} ${caseName(finding)}`).sort());
    expect(Number(parsed.testsuites.failures)).toBe(errors.length);
    expect(Number(parsed.testsuites.tests)).toBe(suites.reduce((sum, suite) => sum + suite.testcase.length, 0));

    for (const suite of suites) {
      const findings = report.findings.filter((finding) => finding.rule === suite.name);
      expect(suite.testcase).toHaveLength(Math.max(1, new Set(findings.map(caseName)).size));
      expect(Number(suite.tests)).toBe(suite.testcase.length);
      expect(Number(suite.failures)).toBe(suite.testcase.filter((c) => c.failure).length);
      if (findings.length === 0) expect(suite.testcase).toEqual([{ classname: `msc-audit.${suite.name}`, name: 'no findings' }]);
      for (const finding of findings) {
        const testCase = suite.testcase.find((c) => c.name === caseName(finding))!;
        if (finding.severity === 'error') {
          // The failure says what is wrong in its message, and the evidence and policy in its text.
          expect(testCase.failure?.message).toBe(finding.message);
          expect(testCase.failure?.['#text']).toMatch(/evidence: /);
          expect(testCase.failure?.['#text']).toMatch(/policy: /);
        } else {
          expect(testCase.failure).toBeUndefined();
          expect(testCase['system-out']).toContain(finding.message);
        }
      }
    }
  });
});

it('the threshold is --fail-on: at warning, warnings fail too', async () => {
  const result = await cli(['demo', '--format', 'junit', '--as-of', '2026-11-22', '--fail-on', 'warning']);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(result.stdout);
  const types = (parsed.testsuites.testsuite as Suite[]).flatMap((suite) => suite.testcase.flatMap((c) => (c.failure ? [c.failure.type] : [])));
  expect(new Set(types)).toEqual(new Set(['error', 'warning']));
});

it('several targets (config targets:): a suite per target and rule, named and hosted by the target, each failing at its own --fail-on', async () => {
  // The same misbehaving server twice: only each target's own --fail-on tells their suites apart.
  const quiet = await serve(misbehaving);
  const loud = await serve(misbehaving);
  const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-junit-multi-'));
  const config = path.join(work, 'multi.yaml');
  writeFileSync(config, `as-of: 2026-11-22\ntargets:\n  - server: ${quiet.url}\n    name: staging\n    fail-on: none\n  - server: ${loud.url}\n    name: bad\n`);
  const jsonFile = path.join(work, 'reports.json');
  const result = await cli(['audit', '--config', config, '--format', 'junit', '--report', `json=${jsonFile}`]);
  expect(result.code).toBe(1);
  expect(XMLValidator.validate(result.stdout)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(result.stdout);
  const suites = parsed.testsuites.testsuite as Array<Suite & { hostname: string }>;
  const reports = (JSON.parse(readFileSync(jsonFile, 'utf8')) as { reports: Array<{ target: { name: string }; findings: Finding[] }> }).reports;
  expect(reports.map((report) => report.target.name)).toEqual(['staging', 'bad']);
  const perTarget = suites.length / 2;
  expect(perTarget).toBeGreaterThanOrEqual(RULES.length);
  for (const [index, name] of ['staging', 'bad'].entries()) {
    const own = suites.slice(index * perTarget, (index + 1) * perTarget);
    for (const suite of own) {
      expect(suite.name.startsWith(`${name} `)).toBe(true);
      expect(suite.hostname).toBe(name);
    }
    const failing = own.flatMap((suite) => suite.testcase.filter((c) => c.failure).map((c) => `${suite.name.slice(name.length + 1)} ${c.name}`));
    // staging fails at none: nothing fails there, whatever it found; bad fails on each error finding.
    const errors = name === 'staging' ? [] : reports[index]!.findings.filter((finding) => finding.severity === 'error');
    expect(failing.sort()).toEqual([...new Set(errors.map((finding) => `${finding.rule} ${finding.msc !== undefined ? `MSC${finding.msc} ` : ''}${finding.subject}`))].sort());
  }
  for (const report of reports) expect(report.findings.some((finding) => finding.severity === 'error')).toBe(true);
  expect(Number(parsed.testsuites.failures)).toBe(suites.reduce((sum, suite) => sum + Number(suite.failures), 0));
});
