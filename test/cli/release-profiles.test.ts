import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import type { RunningHomeserver, ServerProfile } from '../../src/demo/homeserver.js';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { profiledReleases, releaseProfile, SECRET_TOKEN } from '../fixtures/profiles.js';

/**
 * A conformant server of every spec release, generated from the spec's endpoint history, audited
 * end to end through the CLI with and without a token: any error or warning is a false finding.
 * The audits run concurrently to keep the wall time small.
 */
interface Report {
  findings: Array<{ rule: string; severity: string; subject: string }>;
  auth: { authenticated: boolean; userId?: string };
}

const catalogue = await loadCatalogue();
const versions = catalogue.specVersions.map((version) => version.version);
const tokenFile = path.join(mkdtempSync(path.join(tmpdir(), 'msc-audit-release-')), 'token');
writeFileSync(tokenFile, SECRET_TOKEN);
const IDENTITY = { userId: '@auditor:release.test', deviceId: 'RELEASEDEVICE' };
const profileOf = (release: string): ServerProfile => releaseProfile(release, { endpoints: catalogue.specEndpoints(), versions, tokens: { [SECRET_TOKEN]: IDENTITY } });

async function audit(server: RunningHomeserver, token: boolean): Promise<{ code: number; report?: Report; stderr: string }> {
  const result = await cli(['audit', server.url, '--format', 'json', '--as-of', '2026-11-22', ...(token ? ['--insecure', '--token-file', tokenFile] : [])]);
  return { code: result.code, stderr: result.stderr, ...(result.stdout ? { report: JSON.parse(result.stdout) as Report } : {}) };
}

/** Run at most `limit` tasks at a time. */
async function bounded<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

const accusations = (report: Report | undefined) =>
  (report?.findings ?? [])
    .filter((finding) => finding.severity !== 'info')
    .map((finding) => `${finding.severity} ${finding.rule} ${finding.subject}`);

describe('generated conformant release profiles audit clean', () => {
  it('r0.6.1 and v1.1 … v1.19, each with and without a token: 0 errors, 0 warnings', async () => {
    const releases = profiledReleases(versions);
    expect(releases).toEqual(['r0.6.1', ...Array.from({ length: 19 }, (_, index) => `v1.${index + 1}`)]);
    const servers = await Promise.all(releases.map((release) => serve(profileOf(release))));
    const runs = await bounded(
      releases.flatMap((release, index) => [false, true].map((token) => async () => ({ release, token, ...(await audit(servers[index]!, token)) }))),
      4,
    );
    const unclean = runs.filter((run) => !run.report || accusations(run.report).length > 0 || run.code !== 0).map((run) => `${run.release}${run.token ? ' (token)' : ''}: exit ${run.code} ${accusations(run.report).join('; ')} ${run.report ? '' : run.stderr}`);
    expect(unclean).toEqual([]);
    for (const run of runs.filter((candidate) => candidate.token)) expect(run.report?.auth).toMatchObject({ authenticated: true, userId: IDENTITY.userId });
    // The r0.6.1 server has no /v3/ paths: its token was verified through /r0/account/whoami.
    const r0 = servers[0]!.requests.filter((request) => request.authorization !== undefined);
    expect(r0.map((request) => request.path)).toContain('/_matrix/client/r0/account/whoami');
    expect(r0.map((request) => request.path)).not.toContain('/_matrix/client/v3/account/whoami');
  }, 240_000);

  it('the same audits catch a release server that lacks an endpoint, or serves the wrong path form', async () => {
    const v16 = profileOf('v1.6');
    const withoutTimestamp = { ...v16, routes: v16.routes.filter((route) => route.path !== '/_matrix/client/v1/rooms/{roomId}/timestamp_to_event') };
    const r0 = profileOf('r0.6.1');
    const r0AsV3 = { ...r0, routes: r0.routes.map((route) => ({ ...route, path: route.path.replace(/^\/_matrix\/(client|media)\/r0\//, '/_matrix/$1/v3/') })) };
    const [missing, wrongForm] = await Promise.all([serve(withoutTimestamp), serve(r0AsV3)]);
    const [missingRun, wrongFormRun, wrongFormToken] = await Promise.all([audit(missing, false), audit(wrongForm, false), audit(wrongForm, true)]);
    expect(accusations(missingRun.report)).toEqual(['error advertised-version-missing-endpoint GET /_matrix/client/v1/rooms/{roomId}/timestamp_to_event']);
    expect(accusations(wrongFormRun.report)).toContain('error advertised-version-missing-endpoint GET /_matrix/client/r0/sync');
    expect(accusations(wrongFormRun.report).every((line) => line.includes('/_matrix/client/r0/') || line.includes('/_matrix/media/r0/'))).toBe(true);
    // The token cannot be verified where an r0.6.1 server must answer it.
    expect(wrongFormToken.code).toBe(3);
    expect(wrongFormToken.stderr).toMatch(/GET \/_matrix\/client\/r0\/account\/whoami answered 404/);
  }, 120_000);
});
