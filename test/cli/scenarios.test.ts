import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import type { ServerProfile } from '../../src/demo/homeserver.js';
import { behindProxy, brokenVersions, conduitLike, conformant, deepFields, flaky, lingeringFields, misbehaving, SECRET_TOKEN, synapseLike } from '../fixtures/profiles.js';

interface Finding {
  rule: string;
  subject: string;
  msc?: number;
  evidence: Array<{ probe?: string }>;
}
interface Report {
  findings: Finding[];
  summary: { inconclusive: number };
}

const AS_OF = '2026-11-22';

async function audit(profile: ServerProfile, extra: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; report: Report; stderr: string }> {
  const server = await serve(profile);
  const result = await cli(['audit', server.url, '--format', 'json', '--as-of', AS_OF, '--retries', '1', '--timeout', '1500', ...extra], env);
  if (!result.stdout) throw new Error(`no report (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

/** `rule subject` pairs, sorted: the whole set must match, so a rule firing elsewhere fails the test. */
const pairs = (report: Report) => report.findings.map((finding) => `${finding.rule} ${finding.subject}`).sort();

describe('scenario profiles: every rule fires where it should and nowhere else', () => {
  it('misbehaving: each core rule on its real identifier', async () => {
    const { code, report } = await audit(misbehaving);
    expect(pairs(report)).toEqual(
      [
        'advertised-version-missing-endpoint GET /_matrix/client/v1/rooms/{roomId}/timestamp_to_event',
        'closed-msc-flag org.matrix.msc2836',
        'disabled-unstable-flag org.matrix.msc3026.busy_presence',
        'flag-without-endpoint org.matrix.msc4143',
        'lingering-unstable-endpoint GET /_matrix/client/unstable/org.matrix.msc3916/media/config',
        'lingering-unstable-flag org.matrix.msc3916.stable',
        'missing-stable-support MSC4151',
        'premature-stable-endpoint GET /_matrix/client/v1/rtc/transports',
        'premature-stable-flag org.matrix.msc4143.stable',
        'unknown-spec-version v1.99',
        'unknown-unstable-flag msc9998_feature',
        'unprefixed-unstable-endpoint GET /_matrix/client/unstable/account/whoami',
        'unprefixed-unstable-endpoint POST /_matrix/client/unstable/event_relationships',
        'unprefixed-unstable-flag msc9998_feature',
      ].sort(),
    );
    expect(code).toBe(1);
  });

  it('broken /versions: invalid-versions-response', async () => {
    const { code, report } = await audit(brokenVersions);
    expect(pairs(report)).toEqual(['invalid-versions-response /_matrix/client/versions']);
    expect(code).toBe(1);
  });

  it('synapse-like: unprefixed core routes and lingering MSC3916 names', async () => {
    const { report } = await audit(synapseLike);
    expect(pairs(report)).toEqual(
      [
        'disabled-unstable-flag io.element.e2ee_forced.public',
        'disabled-unstable-flag org.matrix.msc4143',
        'lingering-unstable-endpoint GET /_matrix/client/unstable/org.matrix.msc3916/media/config',
        'lingering-unstable-flag org.matrix.msc3916.stable',
        'unprefixed-unstable-endpoint GET /_matrix/client/unstable/account/whoami',
        'unprefixed-unstable-endpoint GET /_matrix/client/unstable/capabilities',
        'unprefixed-unstable-endpoint GET /_matrix/client/unstable/login',
        'unprefixed-unstable-endpoint GET /_matrix/client/unstable/pushrules/',
        'unprefixed-unstable-endpoint GET /_matrix/client/unstable/voip/turnServer',
      ].sort(),
    );
  });

  it('conduit-like: 404 without M_UNRECOGNIZED is weak evidence, so no flag-without-endpoint', async () => {
    const { code, report } = await audit(conduitLike);
    expect(pairs(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('behind a proxy: HTML 404 pages never become violations', async () => {
    const { code, report } = await audit(behindProxy);
    expect(pairs(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('flaky: 5xx, resets and timeouts are inconclusive and never violations; 429 and 500 are retried', async () => {
    const snapshotFile = path.join(mkdtempSync(path.join(tmpdir(), 'msc-audit-flaky-')), 'flaky.json');
    const { report } = await audit(flaky, ['--save-snapshot', snapshotFile]);
    expect(pairs(report)).toEqual([]);
    const probes = (JSON.parse(readFileSync(snapshotFile, 'utf8')) as { probes: Array<{ url: string; classification: string; attempts: number; why: string }> }).probes;
    const byPath = (p: string) => probes.find((probe) => new URL(probe.url).pathname === p)!;
    for (const p of ['/_matrix/client/v1/rtc/transports', '/_matrix/client/unstable/org.matrix.msc4143/rtc/transports', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync', '/_matrix/client/unstable/account/whoami']) {
      expect(byPath(p).classification, p).toBe('inconclusive');
    }
    expect(byPath('/_matrix/client/unstable/org.matrix.msc4143/rtc/transports').why).toMatch(/timeout/);
    // A 429 (with retry_after_ms) and a single 500 are retried and then read normally.
    expect(byPath('/_matrix/client/v1/media/config')).toMatchObject({ classification: 'present', attempts: 2 });
    expect(byPath('/_matrix/client/v1/media/preview_url')).toMatchObject({ classification: 'present', attempts: 2 });
    expect(report.summary.inconclusive).toBeGreaterThanOrEqual(4);
  });

  it('conformant: nothing under policy spec; the accepted MSC4186 stable endpoint is premature under msc2324', async () => {
    const spec = await audit(conformant);
    expect(pairs(spec.report)).toEqual([]);
    expect(spec.code).toBe(0);
    const strict = await audit(conformant, ['--policy', 'msc2324']);
    expect(strict.code).toBe(1);
    expect(pairs(strict.report)).toEqual(['premature-stable-endpoint POST /_matrix/client/v4/sync']);
  });

  it('deep fields, with a token: login types, capabilities, room versions and well-known keys are judged', async () => {
    const { report } = await audit(deepFields, ['--insecure'], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN });
    expect(pairs(report)).toEqual(
      [
        'premature-stable-field capability m.invite_permission_config_enforced',
        'undeclared-unstable-endpoint POST /_matrix/client/unstable/org.matrix.msc4108/rendezvous',
        'unprefixed-unstable-field capability custom_capability',
        'unprefixed-unstable-field login_type custom_login',
        'unprefixed-unstable-field well_known_key custom_key',
        'unstable-room-version-marked-stable room_version org.matrix.msc9999.v1',
      ].sort(),
    );
  });

  it('deep fields, without a token: only what anonymous documents show, and a flag hidden from anonymous users', async () => {
    const { report } = await audit(deepFields);
    expect(pairs(report)).toEqual(
      [
        'undeclared-unstable-endpoint GET /_matrix/client/unstable/org.matrix.msc4143/rtc/transports',
        'undeclared-unstable-endpoint POST /_matrix/client/unstable/org.matrix.msc4108/rendezvous',
        'unprefixed-unstable-field login_type custom_login',
        'unprefixed-unstable-field well_known_key custom_key',
      ].sort(),
    );
  });

  it('lingering fields: an unstable capability of an MSC in an advertised version', async () => {
    const { report } = await audit(lingeringFields, ['--insecure'], { MATRIX_ACCESS_TOKEN: SECRET_TOKEN });
    expect(pairs(report)).toEqual(['lingering-unstable-field capability uk.tcpip.msc4133.profile_fields']);
  });

  it('violations rest only on probes that were conclusive, across every profile', async () => {
    for (const profile of [misbehaving, flaky, behindProxy, conduitLike, synapseLike]) {
      const snapshotFile = path.join(mkdtempSync(path.join(tmpdir(), 'msc-audit-evidence-')), 'snapshot.json');
      const { report } = await audit(profile, ['--save-snapshot', snapshotFile]);
      const probes = new Map((JSON.parse(readFileSync(snapshotFile, 'utf8')) as { probes: Array<{ id: string; classification: string; confidence: string; purpose: string; status?: number }> }).probes.map((p) => [p.id, p]));
      for (const finding of report.findings.filter((f) => (f as unknown as { severity: string }).severity !== 'info')) {
        expect(finding.evidence.length).toBeGreaterThan(0);
        for (const item of finding.evidence) {
          if (!item.probe) continue;
          const probe = probes.get(item.probe)!;
          // Either a document that was read (status 200), or an endpoint judged with high confidence.
          const conclusive = probe.confidence === 'high' && probe.classification !== 'inconclusive';
          expect(conclusive || probe.status === 200, `${profile.name}: ${finding.rule} rests on ${item.probe}`).toBe(true);
        }
      }
    }
  });
});
