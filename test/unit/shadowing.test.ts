import { describe, expect, it } from 'vitest';
import { shadowBetween, shadowingSpecEndpoint, describeShadow } from '../../src/catalogue/shadowing.js';
import { discriminatingPath, judgeShadowed, shadowOfPlanned } from '../../src/probe/shadow.js';
import { classifyAlone } from '../../src/probe/classify.js';
import { loadBundledData } from '../../src/catalogue/load.js';
import { Catalogue } from '../../src/catalogue/index.js';
import { catalogue } from '../helpers/build.js';
import type { SpecEndpoint } from '../../src/catalogue/types.js';
import type { PlannedProbe } from '../../src/probe/plan.js';
import type { ObservedAnswer } from '../../src/probe/classify.js';

const spec = (method: string, path: string, auth_required?: boolean): SpecEndpoint => ({ method, path, api: path.includes('federation') ? 'server-server' : 'client-server', ...(auth_required ? { auth_required } : {}) });
const query = spec('GET', '/_matrix/federation/v1/query/{queryType}');
const state = spec('GET', '/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}', true);
const accountData = spec('PUT', '/_matrix/client/v3/user/{userId}/account_data/{type}', true);
const pushRule = spec('PUT', '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}', true);
const register = spec('POST', '/_matrix/client/v3/register/{kind}');

describe('which spec endpoints shadow a catalogue path', () => {
  it('a spec placeholder where the MSC has a literal shadows it', () => {
    expect(shadowBetween(query, '/_matrix/federation/v1/query/presence_recipients')?.literalSegments).toEqual([5]);
    expect(shadowBetween(state, '/_matrix/client/v3/rooms/{roomId}/state/m.room.presence_sharing/{stateKey}')?.literalSegments).toEqual([7]);
    expect(shadowBetween(accountData, '/_matrix/client/v3/user/{userId}/account_data/m.presence.sharing')?.literalSegments).toEqual([7]);
    expect(shadowBetween(pushRule, '/_matrix/client/v3/pushrules/global/override/.m.rule.example')?.literalSegments).toEqual([6, 7]);
  });
  it('the same endpoint, other lengths, and spec literals against MSC placeholders or other literals do not', () => {
    expect(shadowBetween(spec('GET', '/_matrix/client/v1/rooms/{roomId}/threads'), '/_matrix/client/v1/rooms/{id}/threads')).toBeUndefined();
    expect(shadowBetween(query, '/_matrix/federation/v1/query/a/b')).toBeUndefined();
    expect(shadowBetween(spec('GET', '/_matrix/client/v3/profile/{userId}/displayname'), '/_matrix/client/v3/profile/{userId}/{keyName}')).toBeUndefined();
    expect(shadowBetween(query, '/_matrix/federation/v2/query/presence_recipients')).toBeUndefined();
  });
  it('is computed from the catalogue inventory, for the same method only', () => {
    const cat = catalogue([], { specEndpoints: [query, accountData] });
    expect(describeShadow(shadowingSpecEndpoint(cat, 'GET', '/_matrix/federation/v1/query/presence_recipients')!)).toBe('GET /_matrix/federation/v1/query/{queryType}');
    expect(shadowingSpecEndpoint(cat, 'POST', '/_matrix/federation/v1/query/presence_recipients')).toBeUndefined();
    expect(shadowingSpecEndpoint(cat, 'PUT', '/_matrix/client/v3/user/{userId}/account_data/m.presence.sharing')?.endpoint).toBe(accountData);
  });
  it('finds MSC4495 in the bundled catalogue shadowed by the spec query endpoint', async () => {
    const bundled = new Catalogue(await loadBundledData());
    const entry = bundled.msc(4495)!;
    const [endpoint] = entry.stable.endpoints;
    expect(shadowingSpecEndpoint(bundled, endpoint!.method, endpoint!.path)?.endpoint.path).toBe('/_matrix/federation/v1/query/{queryType}');
  });
});

describe('discriminating probes and the verdict on shadowed answers', () => {
  const planned = (method: string, path: string): PlannedProbe => ({ id: 'p1', purpose: 'endpoint', method, path, msc: 4495, form: 'stable' });
  const cat = catalogue([], { specEndpoints: [query, accountData, register] });
  const queryProbe = planned('GET', '/_matrix/federation/v1/query/presence_recipients');

  it('replaces the literal the spec takes as a parameter with a surely-unknown value', () => {
    const shadow = shadowOfPlanned(cat, queryProbe)!;
    expect(discriminatingPath(queryProbe, shadow)).toBe('/_matrix/federation/v1/query/msc-audit-control-surely-absent');
  });
  it('sends no discriminating probe where it could act: another method on an endpoint that needs no token', () => {
    const registerProbe = planned('POST', '/_matrix/client/v3/register/m.login.example');
    expect(discriminatingPath(registerProbe, shadowOfPlanned(cat, registerProbe)!)).toBeUndefined();
    const putProbe = { ...planned('PUT', '/_matrix/client/v3/user/%40msc-audit-probe%3Ainvalid/account_data/m.presence.sharing'), template: '/_matrix/client/v3/user/{userId}/account_data/m.presence.sharing' };
    expect(discriminatingPath(putProbe, shadowOfPlanned(cat, putProbe)!)).toBe('/_matrix/client/v3/user/%40msc-audit-probe%3Ainvalid/account_data/msc-audit-control-surely-absent');
  });
  it('only endpoint probes are shadowed', () => {
    expect(shadowOfPlanned(cat, { ...queryProbe, purpose: 'inventory' })).toBeUndefined();
  });

  const shadow = shadowingSpecEndpoint(cat, 'GET', '/_matrix/federation/v1/query/presence_recipients')!;
  const unauthorized: ObservedAnswer = { status: 401, errcode: 'M_UNAUTHORIZED', bodyKind: 'json' };
  const verdictOf = (answer: ObservedAnswer) => classifyAlone(answer)!;
  it('the same answer for a surely-unknown value: ambiguous, naming the spec template', () => {
    const verdict = judgeShadowed(verdictOf(unauthorized), unauthorized, shadow, { path: '/x', answer: unauthorized });
    expect(verdict.classification).toBe('ambiguous');
    expect(verdict.why).toMatch(/GET \/_matrix\/federation\/v1\/query\/\{queryType\} also matches/);
  });
  it('no discriminating probe: ambiguous', () => {
    expect(judgeShadowed(verdictOf(unauthorized), unauthorized, shadow).classification).toBe('ambiguous');
  });
  it('a surely-unknown value is not routed: the path is served in its own right', () => {
    for (const absent of [{ status: 404, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' as const }, { status: 400, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' as const }, { status: 405, bodyKind: 'empty' as const }]) {
      expect(judgeShadowed(verdictOf(unauthorized), unauthorized, shadow, { path: '/x', answer: absent })).toMatchObject({ classification: 'present', confidence: 'high' });
    }
  });
  it('a discriminating probe that is inconclusive or answered some other way proves nothing', () => {
    for (const other of [{ status: 502, bodyKind: 'html' as const }, { status: 404, errcode: 'M_NOT_FOUND', bodyKind: 'json' as const }, { status: 404, bodyKind: 'html' as const }]) {
      expect(judgeShadowed(verdictOf(unauthorized), unauthorized, shadow, { path: '/x', answer: other }).classification).toBe('ambiguous');
    }
  });
  it('absence and inconclusive answers stand: a path nothing routes is absent whatever the spec has', () => {
    const unrecognized = { status: 404, errcode: 'M_UNRECOGNIZED', bodyKind: 'json' as const };
    expect(judgeShadowed(verdictOf(unrecognized), unrecognized, shadow).classification).toBe('absent');
    const broken = { status: 503, bodyKind: 'html' as const };
    expect(judgeShadowed(verdictOf(broken), broken, shadow).classification).toBe('inconclusive');
  });
});
