import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { measuredCli, type MeasuredRun } from '../helpers/measured-cli.js';
import { serve, TRUST_TEST_CA } from '../helpers/servers.js';
import { conformant, SECRET_TOKEN } from '../fixtures/profiles.js';
import {
  deepEverywhere,
  deepInside,
  escapes,
  escapesInError,
  FORBIDDEN_RAW,
  NASTY,
  hugeBodies,
  prototypeKeys,
  redirectProfile,
  slow,
  slowVersions,
  wide,
} from '../fixtures/hostile.js';
import type { ServerProfile } from '../../src/demo/homeserver.js';

/**
 * Hostile servers (issue 9): every run is the real executable in a child process, which reports
 * its own peak RSS; each must stay under 200 MB, end without an internal error, and print nothing
 * from the server raw. MSC_AUDIT_HOSTILE_STATS=1 prints wall time and peak RSS per run.
 */
const AS_OF = '2026-11-22';
const PEAK_RSS_LIMIT_MB = 200;
const stats: Array<{ name: string; wallMs: number; peakRssMb: number }> = [];

afterAll(() => {
  if (!process.env['MSC_AUDIT_HOSTILE_STATS']) return;
  for (const entry of [...stats].sort((a, b) => b.peakRssMb - a.peakRssMb)) {
    console.info(`hostile ${entry.name}: wall ${entry.wallMs} ms, peak RSS ${entry.peakRssMb.toFixed(1)} MB`);
  }
});

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'msc-audit-hostile-'));

async function run(name: string, args: string[], env: Record<string, string> = {}): Promise<MeasuredRun> {
  const result = await measuredCli(args, env);
  stats.push({ name, wallMs: result.wallMs, peakRssMb: result.peakRssMb });
  expect(result.peakRssMb, `${name}: peak RSS`).toBeLessThan(PEAK_RSS_LIMIT_MB);
  expect(result.stderr, `${name}: stderr`).not.toMatch(/internal error/);
  expect([0, 1, 3], `${name}: exit code (stderr: ${result.stderr})`).toContain(result.code);
  return result;
}

async function audit(profile: ServerProfile, extra: string[] = [], env: Record<string, string> = {}): Promise<MeasuredRun & { url: string }> {
  const server = await serve(profile);
  const result = await run(profile.name, ['audit', server.url, '--as-of', AS_OF, '--timeout', '3000', ...extra], env);
  return { ...result, url: server.url };
}

interface Probe {
  id: string;
  url: string;
  why: string;
  error?: string;
  jsonCut?: string;
  redirectProblem?: string;
  durationMs: number;
  classification: string;
}
const snapshotProbes = (file: string): Probe[] => (JSON.parse(readFileSync(file, 'utf8')) as { probes: Probe[] }).probes;
const probeAt = (probes: Probe[], pathname: string): Probe => {
  const found = probes.find((probe) => new URL(probe.url).pathname === pathname);
  if (!found) throw new Error(`no probe of ${pathname}`);
  return found;
};
const probeById = (probes: Probe[], id: string): Probe => {
  const found = probes.find((probe) => probe.id === id);
  if (!found) throw new Error(`no probe ${id}`);
  return found;
};

describe.concurrent('escapes, bidi and breakers from the server', { timeout: 120_000 }, () => {
  it('reach no output format raw: human, JSON (escaped), JUnit, GitHub, Markdown, trace and check', async () => {
    const dir = tmp();
    const file = (name: string): string => path.join(dir, name);
    const result = await audit(escapes, [
      '--format', 'json', '--verbose', '--save-snapshot', file('snapshot.json'),
      '--report', `human=${file('report.txt')}`, '--report', `junit=${file('report.xml')}`,
      '--report', `github=${file('report.github')}`, '--report', `markdown=${file('report.md')}`,
    ]);
    expect(result.code).toBe(1);
    const human = readFileSync(file('report.txt'), 'utf8');
    const junit = readFileSync(file('report.xml'), 'utf8');
    const github = readFileSync(file('report.github'), 'utf8');
    const markdown = readFileSync(file('report.md'), 'utf8');
    const snapshot = readFileSync(file('snapshot.json'), 'utf8');
    for (const [format, text] of Object.entries({ json: result.stdout, human, junit, github, markdown, snapshot, trace: result.stderr })) {
      const raw = FORBIDDEN_RAW.exec(text);
      expect(raw, `${format}: raw U+${raw?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} at ${raw?.index}`).toBeNull();
    }
    // JSON escapes, it does not strip: the flag names come back exactly as the server sent them.
    const report = JSON.parse(result.stdout) as { findings: Array<{ subject: string }> };
    expect(report.findings.some((finding) => finding.subject.includes('rlo\u202eolr'))).toBe(true);
    expect(report.findings.some((finding) => finding.subject.includes('msc3575\u200b'))).toBe(true);
    // Login types and well-known keys reach findings too, and come back exactly.
    expect(report.findings.some((finding) => finding.subject.includes(`org.example.${NASTY.c1}${NASTY.bidi}`))).toBe(true);
    expect(report.findings.some((finding) => finding.subject.includes(NASTY.workflow))).toBe(true);
    // Human output shows invisible characters, so look-alike flags can be told apart.
    expect(human).toContain('org.matrix.msc3575\\u200b');
    expect(human).toContain('rlo\\u202eolr');
    // JUnit stays well-formed XML; GitHub stays one workflow command per line.
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(new XMLParser().parse(junit)).toHaveProperty('testsuites');
    for (const line of github.trimEnd().split('\n')) expect(line).not.toMatch(/^::(?!(error|warning|notice) )/);
    expect(github).not.toMatch(/\n::set-output/);
    // `check` renders the saved snapshot again, in the human format.
    const checked = await run('hostile-escapes check', ['check', file('snapshot.json'), '--as-of', AS_OF]);
    expect(FORBIDDEN_RAW.exec(checked.stdout)).toBeNull();
  });

  it('reach no error line raw', async () => {
    const result = await audit(escapesInError, ['--retries', '0']);
    expect(result.code).toBe(3);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(FORBIDDEN_RAW.exec(result.stderr)).toBeNull();
    expect(result.stderr).toContain('\\u202e');
  });
});

describe.concurrent('prototype keys in every document', { timeout: 120_000 }, () => {
  it('are names like any other: reported where they break a rule, never found on Object.prototype', async () => {
    const dir = tmp();
    const result = await audit(prototypeKeys, ['--format', 'json', '--insecure', '--save-snapshot', path.join(dir, 'snapshot.json')], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN });
    const report = JSON.parse(result.stdout) as { findings: Array<{ rule: string; subject: string }>; server: { software?: { name?: string } } };
    const subjects = report.findings.map((finding) => `${finding.rule} ${finding.subject}`);
    // The default room version "toString" is not among the available ones, and not a spec room version.
    expect(subjects.some((subject) => /room/.test(subject) && subject.includes('toString'))).toBe(true);
    for (const key of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) expect(subjects).toContain(`unprefixed-unstable-flag ${key}`);
    // Capabilities, login types and well-known keys named after Object.prototype are still judged.
    expect(subjects.some((subject) => subject.startsWith('unprefixed-unstable-field') && subject.includes('hasOwnProperty'))).toBe(true);
    // The software name is the document's own "constructor", not a function found on a prototype.
    expect(report.server.software?.name).toBe('constructor');
  });
});

describe.concurrent('deep, wide and huge bodies', { timeout: 120_000 }, () => {
  for (const profile of [deepEverywhere, deepInside]) {
    it(`${profile.name}: a report, a snapshot, check and diff, no stack overflow`, async () => {
      const dir = tmp();
      const snapshot = path.join(dir, 'snapshot.json');
      const result = await audit(profile, ['--format', 'json', '--insecure', '--save-snapshot', snapshot, '-o', path.join(dir, 'report.json')], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN });
      expect([0, 1]).toContain(result.code);
      JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
      const cut = snapshotProbes(snapshot).filter((probe) => probe.jsonCut);
      expect(cut.length).toBeGreaterThan(3);
      expect(cut[0]!.jsonCut).toMatch(/nested deeper than 64 levels/);
      // What is within the limits is still judged.
      if (profile === deepInside) expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).findings.map((finding: { rule: string; subject: string }) => `${finding.rule} ${finding.subject}`)).toContain('unprefixed-unstable-flag msc9998_unprefixed');
      // Every renderer over the saved snapshot (JSON is the report above): two per profile.
      const formats = profile === deepEverywhere ? ['human', 'github'] : ['junit', 'markdown'];
      await Promise.all(formats.map((format) => run(`${profile.name} check ${format}`, ['check', snapshot, '--as-of', AS_OF, '--format', format])));
      // probe -o writes a snapshot too; diff reads two.
      const probed = path.join(dir, 'probed.json');
      if (profile === deepInside) expect((await run(`${profile.name} probe`, ['probe', result.url, '-o', probed, '--insecure'], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN })).code).toBe(0);
      const diff = await run(`${profile.name} diff`, ['diff', snapshot, profile === deepInside ? probed : snapshot, '--as-of', AS_OF]);
      expect(diff.code).toBe(0);
    });
  }

  it('wide: 11,000 flags are cut to the first 1,000, with a note', async () => {
    const snapshot = path.join(tmp(), 'snapshot.json');
    await audit(wide, ['--format', 'json', '--save-snapshot', snapshot]);
    expect(probeAt(snapshotProbes(snapshot), '/_matrix/client/versions').jsonCut).toMatch(/more than 1000 keys or items in one object or array/);
  });

  it('huge: 200 MB bodies are read up to the cap, in bounded memory', async () => {
    const snapshot = path.join(tmp(), 'snapshot.json');
    const result = await audit(hugeBodies, ['--format', 'json', '--save-snapshot', snapshot]);
    expect(result.code).toBe(0);
    const login = probeAt(snapshotProbes(snapshot), '/_matrix/client/v3/login') as Probe & { truncated?: boolean; bodyBytes?: number };
    expect(login.truncated).toBe(true);
    expect(login.bodyBytes).toBe(256 * 1024);
  });
});

describe.concurrent('slow servers: --timeout bounds each whole request', { timeout: 120_000 }, () => {
  it('trickling bodies, slowloris headers and silence end within --timeout (plus 1 s), as inconclusive probes', async () => {
    const snapshot = path.join(tmp(), 'snapshot.json');
    const result = await audit(slow, ['--format', 'json', '--timeout', '1000', '--retries', '0', '--save-snapshot', snapshot]);
    expect(result.code).toBe(0);
    const probes = snapshotProbes(snapshot);
    for (const pathname of ['/_matrix/client/v3/login', '/_matrix/federation/v1/version', '/_matrix/client/v1/auth_metadata', '/.well-known/matrix/client']) {
      const probe = probeAt(probes, pathname);
      expect(probe.classification, pathname).toBe('inconclusive');
      expect(probe.error, pathname).toMatch(/timeout/);
      expect(probe.durationMs, `${pathname} took ${probe.durationMs} ms`).toBeLessThanOrEqual(2000);
    }
  });

  it('a trickling /versions ends the run with exit 3, saying it timed out', async () => {
    const result = await audit(slowVersions, ['--timeout', '1000', '--retries', '1']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/versions: .* did not answer in time \(timeout\).* \(2 attempts\)/);
  });
});

describe.concurrent('redirects', { timeout: 120_000 }, () => {
  it('a loop, a chain longer than the limit and another origin are inconclusive, each named as such', async () => {
    const snapshot = path.join(tmp(), 'snapshot.json');
    await audit(redirectProfile('ok'), ['--format', 'json', '--save-snapshot', snapshot]);
    const probes = snapshotProbes(snapshot);
    expect(probeById(probes, 'login').why).toMatch(/a redirect loop \(back to http:\/\/127\.0\.0\.1:\d+\/loop-a\)/);
    expect(probeById(probes, 'federation-version').why).toMatch(/more than 3 redirects in a row/);
    expect(probeById(probes, 'auth-metadata').why).toMatch(/169\.254\.169\.254.*another origin/);
  });

  it('on /versions: exit 3 with the true reason', async () => {
    const loop = await audit(redirectProfile('loop'));
    expect(loop.code).toBe(3);
    expect(loop.stderr).toMatch(/a redirect loop/);
    expect(loop.stderr).not.toMatch(/another origin/);
    const chain = await audit(redirectProfile('chain'));
    expect(chain.code).toBe(3);
    expect(chain.stderr).toMatch(/more than 3 redirects in a row/);
  });

  it('on .well-known discovery: a same-origin loop is not called another origin', async () => {
    const server = await serve({ ...conformant, name: 'well-known-loop', redirects: [{ path: '/.well-known/matrix/client', location: '/.well-known/matrix/client' }] }, { tls: true });
    const result = await run('hostile-well-known-loop', ['audit', `localhost:${server.port}`, '--as-of', AS_OF], TRUST_TEST_CA);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/a redirect loop/);
    expect(result.stderr).not.toMatch(/another origin/);
  });
});

describe.concurrent('TLS', { timeout: 120_000 }, () => {
  it('a self-signed certificate and a certificate for another host end with exit 3, and the token is never sent', async () => {
    const selfSigned = await serve({ ...conformant, name: 'self-signed' }, { tls: true });
    const untrusted = await run('hostile-self-signed', ['audit', selfSigned.url, '--as-of', AS_OF, '--retries', '0'], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN });
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr.trimEnd().split('\n')).toHaveLength(1);
    const wrongHost = await serve({ ...conformant, name: 'wrong-host' }, { tls: true, host: '127.0.0.2' });
    const mismatch = await run('hostile-wrong-host', ['audit', wrongHost.url, '--as-of', AS_OF, '--retries', '0'], { ...TRUST_TEST_CA, MATRIX_ACCESS_TOKEN: SECRET_TOKEN });
    expect(mismatch.code).toBe(3);
    expect(mismatch.stderr.trimEnd().split('\n')).toHaveLength(1);
    for (const text of [untrusted.stderr, mismatch.stderr]) expect(text).not.toContain(SECRET_TOKEN);
    expect([...selfSigned.requests, ...wrongHost.requests].filter((request) => request.authorization)).toEqual([]);
  });
});
