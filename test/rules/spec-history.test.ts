import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { checkSnapshot } from '../../src/rules/engine.js';
import { ruleById } from '../../src/rules/index.js';
import { planProbes } from '../../src/probe/plan.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { probe, snapshot } from '../helpers/build.js';

/**
 * advertised-version-missing-endpoint against the bundled spec history: the false findings seen
 * on real servers (Synapse 1.67, advertising r0.0.1 … v1.2) stay gone, and each server is held to
 * the path form its advertised versions promise.
 */
const catalogue = await loadCatalogue();
const missing = (snap: Snapshot) =>
  checkSnapshot({ snapshot: snap, catalogue, policy: 'spec', asOf: '2026-11-22', rules: [ruleById('advertised-version-missing-endpoint')!] }).map((finding) => finding.subject).sort();
const absent = (method: string, path: string, template?: string) =>
  probe({ purpose: 'inventory', method, url: `https://hs.test${path}`, ...(template ? { template } : {}), status: 404, errcode: 'M_UNRECOGNIZED', classification: 'absent', confidence: 'high' });

const SYNAPSE_1_67 = ['r0.0.1', 'r0.1.0', 'r0.2.0', 'r0.3.0', 'r0.4.0', 'r0.5.0', 'r0.6.0', 'r0.6.1', 'v1.1', 'v1.2'];
const R0_ONLY = ['r0.0.1', 'r0.1.0', 'r0.2.0', 'r0.3.0', 'r0.4.0', 'r0.5.0', 'r0.6.0', 'r0.6.1'];

describe('advertised-version-missing-endpoint with the spec history of every release', () => {
  it('does not require GET /_matrix/client/v1/auth_metadata (v1.15) nor PUT profile/{keyName} (v1.16) of a server advertising up to v1.2', () => {
    const snap = snapshot({
      versions: { versions: SYNAPSE_1_67 },
      probes: [
        absent('GET', '/_matrix/client/v1/auth_metadata'),
        absent('PUT', '/_matrix/client/v3/profile/%40msc-audit-probe%3Ainvalid/msc-audit-probe', '/_matrix/client/v3/profile/{userId}/{keyName}'),
        // The control: an endpoint v1.1 does have is still reported.
        absent('GET', '/_matrix/client/v3/account/whoami'),
      ],
    });
    expect(missing(snap)).toEqual(['GET /_matrix/client/v3/account/whoami']);
  });

  it('holds a server that advertises only r0.x to the /r0/ forms, never to /v3/', () => {
    const probes = [absent('GET', '/_matrix/client/v3/account/whoami'), absent('GET', '/_matrix/client/r0/account/whoami'), absent('GET', '/_matrix/client/r0/capabilities'), absent('GET', '/_matrix/client/v3/capabilities')];
    expect(missing(snapshot({ versions: { versions: R0_ONLY }, probes }))).toEqual(['GET /_matrix/client/r0/account/whoami', 'GET /_matrix/client/r0/capabilities']);
    // With a v1.x version too, the v3 forms are owed instead.
    expect(missing(snapshot({ versions: { versions: SYNAPSE_1_67 }, probes }))).toEqual(['GET /_matrix/client/v3/account/whoami', 'GET /_matrix/client/v3/capabilities']);
  });

  it('requires an endpoint a later release removed only of a server whose newest version still had it', () => {
    const tokenrefresh = absent('POST', '/_matrix/client/r0/tokenrefresh');
    expect(missing(snapshot({ versions: { versions: ['r0.0.1', 'r0.1.0', 'r0.2.0'] }, probes: [tokenrefresh] }))).toEqual(['POST /_matrix/client/r0/tokenrefresh']);
    expect(missing(snapshot({ versions: { versions: R0_ONLY }, probes: [tokenrefresh] }))).toEqual([]);
    const displayname = absent('GET', '/_matrix/client/v3/profile/%40msc-audit-probe%3Ainvalid/displayname', '/_matrix/client/v3/profile/{userId}/displayname');
    expect(missing(snapshot({ versions: { versions: ['v1.14', 'v1.15'] }, probes: [displayname] }))).toEqual(['GET /_matrix/client/v3/profile/{userId}/displayname']);
    expect(missing(snapshot({ versions: { versions: ['v1.15', 'v1.16'] }, probes: [displayname] }))).toEqual([]);
  });

  it('never requires an endpoint a server may decline with 404 M_UNRECOGNIZED (GET /login, auth_metadata)', () => {
    expect(missing(snapshot({ versions: { versions: ['v1.15', 'v1.16'] }, probes: [absent('GET', '/_matrix/client/v1/auth_metadata'), absent('GET', '/_matrix/client/v3/login')] }))).toEqual([]);
  });
});

describe('the probe plan follows the advertised path form', () => {
  const paths = (advertised?: string[]) => planProbes(catalogue, { authenticated: true, ...(advertised ? { advertised } : {}) });
  it('an r0-only server is asked /r0/ paths (whoami included), a v1.x server /v3/ paths', () => {
    const r0 = paths(R0_ONLY);
    expect(r0.find((planned) => planned.document === 'whoami')?.path).toBe('/_matrix/client/r0/account/whoami');
    expect(r0.filter((planned) => planned.purpose === 'inventory' && /\/_matrix\/(client|media)\/v3\//.test(planned.path))).toEqual([]);
    expect(r0.some((planned) => planned.purpose === 'inventory' && planned.path === '/_matrix/client/r0/sync')).toBe(true);
    const v1 = paths(SYNAPSE_1_67);
    expect(v1.find((planned) => planned.document === 'whoami')?.path).toBe('/_matrix/client/v3/account/whoami');
    expect(v1.filter((planned) => planned.purpose === 'inventory' && /\/_matrix\/(client|media)\/r0\//.test(planned.path))).toEqual([]);
    // GET rooms/{roomId}/state/{eventType} was in r0.0.0 … r0.4.0: asked only of a server whose newest version had it.
    const stateWithoutKey = (advertised: string[]) => paths(advertised).some((planned) => planned.template === '/_matrix/client/r0/rooms/{roomId}/state/{eventType}');
    expect(stateWithoutKey(['r0.3.0', 'r0.4.0'])).toBe(true);
    expect(stateWithoutKey(R0_ONLY)).toBe(false);
  });
});
