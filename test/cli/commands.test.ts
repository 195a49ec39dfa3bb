import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve, TRUST_TEST_CA } from '../helpers/servers.js';
import { demoProfile } from '../../src/demo/profile.js';
import { specsPath } from '../../src/catalogue/paths.js';

const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-commands-'));
const reportSchema = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(specsPath('schema', 'report.schema.json'), 'utf8')));
const snapshotSchema = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(specsPath('schema', 'snapshot.schema.json'), 'utf8')));

describe('probe, check and audit agree', () => {
  it('audit = probe + check, and the JSON report follows its published schema', async () => {
    const server = await serve(demoProfile());
    const snapshotFile = path.join(work, 'demo.snapshot.json');
    const probe = await cli(['probe', server.url, '-o', snapshotFile]);
    expect(probe.code).toBe(0);
    expect(probe.stderr).toMatch(/wrote .*demo\.snapshot\.json: \d+ probes/);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(snapshotSchema(snapshot), JSON.stringify(snapshotSchema.errors)).toBe(true);

    const check = await cli(['check', snapshotFile, '--format', 'json', '--as-of', '2026-11-22']);
    const audit = await cli(['audit', server.url, '--format', 'json', '--as-of', '2026-11-22', '--save-snapshot', path.join(work, 'saved.json')]);
    expect(check.code).toBe(1);
    expect(audit.code).toBe(1);
    const fromCheck = JSON.parse(check.stdout);
    const fromAudit = JSON.parse(audit.stdout);
    expect(reportSchema(fromAudit), JSON.stringify(reportSchema.errors)).toBe(true);
    expect(fromCheck.findings.map((f: { rule: string; subject: string }) => `${f.rule} ${f.subject}`)).toEqual(
      fromAudit.findings.map((f: { rule: string; subject: string }) => `${f.rule} ${f.subject}`),
    );
    expect(existsSync(path.join(work, 'saved.json'))).toBe(true);
    expect(fromAudit).toMatchObject({ schemaVersion: 1, policy: 'spec', asOf: '2026-11-22', target: { baseUrl: server.url } });
    expect(fromAudit.summary.probes).toBeGreaterThan(10);
    expect(fromAudit.server.software).toEqual({ name: 'msc-audit demo homeserver', version: '1.0' });
  });

  it('--fail-on sets the exit code; --output writes the report atomically', async () => {
    const server = await serve(demoProfile());
    const out = path.join(work, 'report.json');
    const none = await cli(['audit', server.url, '--fail-on', 'none', '--format', 'json', '-o', out]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });

  it('every finding names rule, severity, subject, evidence and policy passage', async () => {
    const server = await serve(demoProfile());
    const report = JSON.parse((await cli(['audit', server.url, '--format', 'json'])).stdout);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.rule).toMatch(/^[a-z-]+$/);
      expect(['error', 'warning', 'info']).toContain(finding.severity);
      expect(finding.subject.length).toBeGreaterThan(0);
      expect(finding.evidence.length).toBeGreaterThan(0);
      expect(finding.policy.source).toMatch(/matrix-org\//);
    }
  });
});

describe('discovery', () => {
  it('follows .well-known/matrix/client for a server name, and federation delegation to name the software', async () => {
    const federation = await serve({ name: 'federation', versions: { versions: ['v1.11'] }, routes: [], unknownPaths: 'matrix', federationVersion: { name: 'Delegated', version: '9.9' } }, { tls: true });
    const client = await serve({ name: 'client', versions: { versions: ['v1.11'] }, routes: [], unknownPaths: 'matrix', federationVersion: null, wellKnownServer: { 'm.server': `localhost:${federation.port}` } }, { tls: true });
    client.setProfile({ name: 'client', versions: { versions: ['v1.11'] }, routes: [], unknownPaths: 'matrix', federationVersion: null, wellKnown: { 'm.homeserver': { base_url: client.url } }, wellKnownServer: { 'm.server': `localhost:${federation.port}` } });
    const result = await cli(['audit', `localhost:${client.port}`, '--format', 'json'], TRUST_TEST_CA);
    const report = JSON.parse(result.stdout);
    expect(report.target.discovery).toMatch(/m\.homeserver\.base_url of https:\/\/localhost:\d+\/\.well-known\/matrix\/client/);
    expect(report.server.software).toEqual({ name: 'Delegated', version: '9.9' });
    expect(federation.requests.every((request) => !request.authorization)).toBe(true);
  });
});

describe('the human report', () => {
  it('groups findings by severity, shows the feature table and a summary line, without colour under NO_COLOR', async () => {
    const server = await serve(demoProfile());
    const result = await cli(['audit', server.url, '--as-of', '2026-11-22']);
    expect(result.stdout).toMatch(/^Errors \(\d+\)$/m);
    expect(result.stdout).toMatch(/^Features the server shows \(\d+ MSCs\)$/m);
    expect(result.stdout).toMatch(/^Summary: \d+ errors?, \d+ warnings?, \d+ info · \d+ probes \(0 inconclusive\) in [\d.]+ s · \d+ failing \(fail on error\)$/m);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours with --color, and strips escape sequences coming from the server', async () => {
    const profile = demoProfile();
    (profile.versions as { unstable_features: Record<string, boolean> }).unstable_features['com.evil\u001b[2J\u001b]0;pwned\u0007.flag'] = true;
    profile.federationVersion = { name: 'Evil\u001b[31mServer', version: '1\n2' };
    const server = await serve(profile);
    const result = await cli(['audit', server.url, '--color']);
    expect(result.stdout).toMatch(/\u001b\[/);
    expect(result.stdout).not.toMatch(/\u001b\[2J|\u001b\]0;|\u001b\[31mServer/);
    expect(result.stdout).toMatch(/com\.evil\.flag/);
    expect(result.stdout).toMatch(/ EvilServer 1 2\n/);
  });
});

describe('explain', () => {
  it('explains a flag, an MSC, an endpoint and a rule', async () => {
    const flag = await cli(['explain', 'org.matrix.simplified_msc3575']);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toMatch(/the unstable flag of MSC4186/);
    const msc = await cli(['explain', 'MSC4186']);
    expect(msc.stdout).toMatch(/^MSC4186: Simplified Sliding Sync/m);
    expect(msc.stdout).toMatch(/unstable\s+stable/);
    const endpoint = await cli(['explain', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync']);
    expect(endpoint.stdout).toMatch(/the unstable endpoint of MSC4186/);
    const rule = await cli(['explain', 'premature-stable-endpoint']);
    expect(rule.stdout).toMatch(/^premature-stable-endpoint \(error\)/);
    expect(rule.stdout).toMatch(/fix:/);
  });

  it('tells when a spec endpoint was added, and recognises unprefixed mirrors of it', async () => {
    expect((await cli(['explain', '/_matrix/client/v3/account/whoami'])).stdout).toMatch(/GET \/_matrix\/client\/v3\/account\/whoami: a client-server spec endpoint, added in r0\.3\.0/);
    expect((await cli(['explain', '/_matrix/client/v1/rooms/!a:b/threads'])).stdout).toMatch(/added in v1\.4/);
    expect((await cli(['explain', '/_matrix/client/unstable/account/whoami'])).stdout).toMatch(/mirrors GET \/_matrix\/client\/v3\/account\/whoami under \/unstable\/ without a vendor prefix/);
  });

  it('prints entries in the catalogue schema with --format json', async () => {
    const result = await cli(['explain', 'MSC4186', '--format', 'json']);
    const body = JSON.parse(result.stdout);
    const validate = new Ajv({ strict: false }).addSchema(JSON.parse(readFileSync(specsPath('schema', 'catalogue.schema.json'), 'utf8'))).getSchema('https://msc-audit.invalid/schema/catalogue.schema.json')!;
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body.mscs[0].msc).toBe(4186);
  });
});

describe('demo', () => {
  it('audits the built-in demo server, labelled as a demo, and exits 0', async () => {
    const result = await cli(['demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DEMO: /);
    expect(result.stdout).toMatch(/premature-stable-endpoint/);
  });
});
