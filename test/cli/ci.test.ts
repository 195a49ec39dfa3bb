import { existsSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { marked } from 'marked';
import { Ajv } from 'ajv';
import { specsPath } from '../../src/catalogue/paths.js';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { misbehaving, synapseLike } from '../fixtures/profiles.js';
import type { ServerProfile } from '../../src/demo/homeserver.js';

const AS_OF = '2026-11-22';
const dir = () => mkdtempSync(path.join(tmpdir(), 'msc-audit-ci-'));
const write = (directory: string, name: string, text: string) => {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
};
type Finding = { rule: string; subject: string; severity: string; waived?: { reason: string }; baseline?: string; policy: { source: string } };
const json = (stdout: string) => JSON.parse(stdout) as { findings: Finding[]; summary: Record<string, number>; baseline?: { fixed: Array<{ rule: string; subject: string }> }; features: Array<{ msc: number; state: string }> };

describe('config file: rules, waivers, requirements', () => {
  it('rule overrides change severities and turn rules off', async () => {
    const server = await serve(misbehaving);
    const work = dir();
    write(work, '.msc-audit.yaml', `server: ${server.url}\nas-of: ${AS_OF}\nrules:\n  unknown-spec-version: error\n  unknown-unstable-flag: off\n`);
    const result = await cli(['audit', '--format', 'json', '--config', path.join(work, '.msc-audit.yaml')]);
    const report = json(result.stdout);
    expect(report.findings.find((f) => f.rule === 'unknown-spec-version')?.severity).toBe('error');
    expect(report.findings.some((f) => f.rule === 'unknown-unstable-flag')).toBe(false);
  });

  it('an active waiver waives; an expired one stops waiving and warns; an unused one is reported', async () => {
    const server = await serve(misbehaving);
    const work = dir();
    const config = write(
      work,
      'ci.yaml',
      [
        `server: ${server.url}`,
        `as-of: ${AS_OF}`,
        'fail-on: error',
        'waivers:',
        '  - rule: premature-stable-endpoint',
        '    msc: 4143',
        '    reason: MatrixRTC rollout agreed with the client team',
        '    expires: 2027-01-31',
        '  - rule: unprefixed-unstable-endpoint',
        '    subject: GET /_matrix/client/unstable/account/whoami',
        '    reason: old route, removal scheduled',
        '    expires: 2026-01-01',
        '  - rule: closed-msc-flag',
        '    subject: org.matrix.msc9999',
        '    reason: no longer relevant',
        '    expires: 2027-01-01',
      ].join('\n'),
    );
    const result = await cli(['audit', '--config', config, '--format', 'json']);
    const report = json(result.stdout);
    const premature = report.findings.find((f) => f.rule === 'premature-stable-endpoint');
    expect(premature?.waived?.reason).toMatch(/MatrixRTC rollout/);
    const unprefixed = report.findings.find((f) => f.subject === 'GET /_matrix/client/unstable/account/whoami');
    expect(unprefixed?.waived).toBeUndefined();
    expect(report.findings.find((f) => f.rule === 'expired-waiver')).toMatchObject({ severity: 'warning' });
    expect(report.findings.find((f) => f.rule === 'unused-waiver')?.subject).toBe('closed-msc-flag org.matrix.msc9999');
    expect(report.summary['waived']).toBe(1);
    expect(result.code).toBe(1); // the expired waiver's finding still fails
  });

  it('requirements: met ones pass, unmet ones fail with requirement-not-met', async () => {
    const server = await serve(synapseLike);
    const work = dir();
    const config = write(
      work,
      'req.yaml',
      `server: ${server.url}\nas-of: ${AS_OF}\nfail-on: error\nrules: { unprefixed-unstable-endpoint: off }\nrequire:\n  - msc: 4186\n    form: unstable\n  - msc: 3916\n    form: stable\n  - msc: 4143\n    form: any\n    reason: calls\n`,
    );
    const result = await cli(['audit', '--config', config, '--format', 'json']);
    const report = json(result.stdout);
    // The MSC is the finding's msc; the subject says what was required, not the MSC again.
    expect(report.findings.filter((f) => f.rule === 'requirement-not-met').map((f) => [(f as Finding & { msc?: number }).msc, f.subject])).toEqual([[4143, 'required in either form']]);
    // It cites the config file it was written in, at the requirement's line.
    expect(report.findings.find((f) => f.rule === 'requirement-not-met')?.policy.source).toBe(`${config}:10`);
    expect(result.code).toBe(1);
  });

  it('a required MSC the catalogue does not know: exit 2 with file:line, before any probe', async () => {
    const server = await serve(synapseLike);
    const work = dir();
    const config = write(work, 'typo.yaml', `server: ${server.url}\nrequire:\n  - msc: 4186\n  - msc: 99999\n    form: stable\n`);
    for (const args of [['audit', '--config', config], ['baseline', path.join(work, 'b.json'), '--config', config]]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`msc-audit: ${config}:4: require: MSC99999 is not in the catalogue, so whether the server offers it cannot be checked: fix the number, or describe the MSC in a catalogue file (catalogue: in the config)`);
    }
    expect(server.requests).toEqual([]);
    expect(existsSync(path.join(work, 'b.json'))).toBe(false);
  });

  it('presets: strict judges by MSC2324 and makes lingering names errors; the command line overrides the file', async () => {
    const server = await serve(synapseLike);
    const work = dir();
    const config = write(work, 'strict.yaml', `preset: strict\nserver: ${server.url}\nas-of: ${AS_OF}\n`);
    const strict = json((await cli(['audit', '--config', config, '--format', 'json'])).stdout);
    expect(strict.findings.find((f) => f.rule === 'lingering-unstable-flag')?.severity).toBe('error');
    expect((strict as unknown as { policy: string }).policy).toBe('msc2324');
    const overridden = JSON.parse((await cli(['audit', '--config', config, '--policy', 'spec', '--format', 'json'])).stdout);
    expect(overridden.policy).toBe('spec');
  });

  it('several targets, each with its own overrides', async () => {
    const a = await serve(synapseLike);
    const b = await serve(misbehaving);
    const work = dir();
    const config = write(work, 'multi.yaml', `as-of: ${AS_OF}\ntargets:\n  - server: ${a.url}\n    name: staging\n    fail-on: none\n  - server: ${b.url}\n    name: bad\n`);
    const result = await cli(['audit', '--config', config, '--format', 'json']);
    const body = JSON.parse(result.stdout) as { reports: Array<{ target: { name: string }; failOn: string }> };
    expect(body.reports.map((r) => [r.target.name, r.failOn])).toEqual([
      ['staging', 'none'],
      ['bad', 'error'],
    ]);
    expect(result.code).toBe(1);
  });
});

describe('invalid config files: one line with file:line, exit 2', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['bad YAML', 'policy: spec\nrules: [unclosed\n', 3, /invalid YAML/],
    ['unknown key', 'policy: spec\nfail_on: error\n', 2, /unknown key "fail_on"/],
    ['wrong type', 'policy: spec\ninsecure: "yes"\n', 2, /insecure: must be boolean/],
    ['unknown rule id', 'rules:\n  lingering-unstable-flags: off\n', 2, /unknown rule id "lingering-unstable-flags"/],
    ['bad date', 'waivers:\n  - rule: closed-msc-flag\n    msc: 2836\n    reason: because\n    expires: 2026-02-30\n', 5, /not a real date/],
    ['bad severity', 'rules:\n  closed-msc-flag: fatal\n', 2, /must be one of off, info, warning, error/],
  ];
  for (const [name, text, line, message] of cases) {
    it(name, async () => {
      const file = write(dir(), '.msc-audit.yaml', text);
      const result = await cli(['audit', 'http://127.0.0.1:9', '--config', file]);
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${file}:${line}: `);
      expect(lines[0]).toMatch(message);
    });
  }
  it('.msc-audit.yaml in the working directory is found without --config', async () => {
    const work = dir();
    write(work, '.msc-audit.yaml', 'policy: lax\n');
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      import('node:child_process').then(({ execFile }) =>
        execFile(process.execPath, [path.resolve('bin/msc-audit.js'), 'audit', 'http://127.0.0.1:9'], { cwd: work, env: { PATH: process.env['PATH'] ?? '' } }, (error, _stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr: String(stderr) }),
        ),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.msc-audit\.yaml:1: policy: must be one of spec, msc2324/);
  });
});

describe('baselines', () => {
  it('findings in the baseline pass, new ones fail, vanished ones are listed as fixed', async () => {
    const profile: ServerProfile = { ...synapseLike, versions: { versions: (synapseLike.versions as { versions: string[] }).versions, unstable_features: { 'org.matrix.msc3916.stable': true } } };
    const server = await serve(profile);
    const work = dir();
    const baseline = path.join(work, 'baseline.json');
    const written = await cli(['baseline', baseline, server.url, '--as-of', AS_OF]);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/wrote baseline/);

    const same = await cli(['audit', server.url, '--baseline', baseline, '--as-of', AS_OF, '--format', 'json']);
    expect(same.code).toBe(0);
    expect(json(same.stdout).findings.every((f) => f.baseline === 'known')).toBe(true);

    server.setProfile({ ...profile, versions: { versions: (synapseLike.versions as { versions: string[] }).versions, unstable_features: { 'org.matrix.msc2836': true, msc_new: true } } });
    const changed = await cli(['audit', server.url, '--baseline', baseline, '--as-of', AS_OF, '--format', 'json']);
    const report = json(changed.stdout);
    expect(changed.code).toBe(1);
    expect(report.findings.filter((f) => f.baseline === 'new').map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      'closed-msc-flag org.matrix.msc2836',
      'flag-without-endpoint org.matrix.msc2836',
      'unknown-unstable-flag msc_new',
      'unprefixed-unstable-flag msc_new',
    ]);
    expect(report.baseline?.fixed.map((f) => f.subject)).toEqual(['org.matrix.msc3916.stable']);
  });
});

describe('diff', () => {
  it('reports a lost feature and exits 1 with --fail-on-regression', async () => {
    const server = await serve(synapseLike);
    const work = dir();
    const before = path.join(work, 'before.json');
    const after = path.join(work, 'after.json');
    await cli(['probe', server.url, '-o', before]);
    server.setProfile({ ...synapseLike, routes: synapseLike.routes.filter((route) => !route.path.includes('simplified_msc3575')), versions: { versions: ['v1.1'], unstable_features: {} } });
    await cli(['probe', server.url, '-o', after]);
    const result = await cli(['diff', before, after, '--fail-on-regression', '--format', 'json']);
    expect(result.code).toBe(1);
    const diff = JSON.parse(result.stdout);
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(JSON.parse(readFileSync(specsPath('schema', 'report.schema.json'), 'utf8')), 'report.schema.json');
    const validate = ajv.compile(JSON.parse(readFileSync(specsPath('schema', 'diff.schema.json'), 'utf8')));
    expect(validate(diff), JSON.stringify(validate.errors)).toBe(true);
    expect(diff.features.lost.map((c: { msc: number }) => c.msc)).toContain(4186);
    expect(diff.versions.dropped).toContain('v1.11');
    const human = await cli(['diff', before, after]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Features lost \(\d+\)$/m);
    const md = await cli(['diff', before, after, '--format', 'markdown']);
    const headings = marked.lexer(md.stdout).filter((t) => t.type === 'heading').map((t) => (t as { text: string }).text);
    expect(headings).toContain('msc-audit diff');
  });
});

describe('report formats, parsed back', () => {
  const hostile: ServerProfile = {
    ...misbehaving,
    versions: { versions: ['v1.1'], unstable_features: { 'x<&]]>::%0A|`y\nz::error::boom': true, 'a%25b,c:d': true } },
  };

  it('JUnit is well-formed XML whatever the server says: one suite per rule, one case per finding', async () => {
    const server = await serve(hostile);
    const work = dir();
    const junit = path.join(work, 'report.xml');
    const result = await cli(['audit', server.url, '--report', `junit=${junit}`, '--format', 'json', '--as-of', AS_OF]);
    expect(result.code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml);
    const suites = parsed.testsuites.testsuite as Array<{ name: string; tests: string; testcase: Array<{ name: string; failure?: { '#text': string } }> }>;
    for (const suite of suites) expect(suite.testcase.length).toBe(Number(suite.tests));
    const flags = suites.find((suite) => suite.name === 'unprefixed-unstable-flag')!;
    const failed = flags.testcase.find((c) => c.name.startsWith('x<&]]>::%0A|`y'));
    expect(failed?.failure?.['#text']).toContain('x<&]]>::%0A|`y');
    expect(readdirSync(work)).toEqual(['report.xml']);
  });

  it('GitHub annotations stay one command per line, whatever the finding says', async () => {
    const server = await serve(hostile);
    const summary = path.join(dir(), 'summary.md');
    writeFileSync(summary, '');
    const result = await cli(['audit', server.url, '--format', 'github', '--as-of', AS_OF], { GITHUB_STEP_SUMMARY: summary });
    const lines = result.stdout.trim().split('\n');
    const commands = lines.filter((line) => line.startsWith('::'));
    expect(commands.length).toBeGreaterThan(3);
    for (const line of commands) {
      expect(line).toMatch(/^::(error|warning|notice) title=[^:]*::/);
      // The data part may not open a new command or contain raw newlines or unescaped %.
      const data = line.replace(/^::(error|warning|notice) title=[^:]*::/, '');
      expect(data).not.toMatch(/%(?!25|0A|0D)/);
    }
    expect(commands.some((line) => line.includes('%250A') && line.includes('%0A'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^msc-audit .*: \d+ errors, \d+ warnings, \d+ info; \d+ failing the build$/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## msc-audit: /m);
  });

  it('Markdown keeps its structure: headings, summary and findings tables with one row per finding', async () => {
    const server = await serve(hostile);
    const result = await cli(['audit', server.url, '--format', 'markdown', '--as-of', AS_OF]);
    const tokens = marked.lexer(result.stdout);
    const headings = tokens.filter((t) => t.type === 'heading').map((t) => (t as { text: string }).text);
    expect(headings.slice(1)).toEqual(['Findings', 'Features']);
    const tables = tokens.filter((t) => t.type === 'table') as Array<{ header: unknown[]; rows: unknown[][] }>;
    const json = await cli(['audit', server.url, '--format', 'json', '--as-of', AS_OF]);
    expect(tables[1]!.header).toHaveLength(6);
    expect(tables[1]!.rows).toHaveLength(JSON.parse(json.stdout).findings.length);
    for (const row of tables[1]!.rows) expect(row).toHaveLength(6);
    expect(result.stdout).not.toMatch(/<(?!\/?br)/);
  });

  it('--quiet prints only the summary line; --verbose traces probes to stderr', async () => {
    const server = await serve(synapseLike);
    const quiet = await cli(['audit', server.url, '--quiet']);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(1);
    expect(quiet.stdout).toMatch(/^Summary: /);
    const verbose = await cli(['audit', server.url, '--verbose', '--quiet']);
    expect(verbose.stderr).toMatch(/^msc-audit: probe GET http:\/\/127\.0\.0\.1:\d+\/_matrix\/client\/versions → 200 \(\d+ ms\)$/m);
  });
});
