import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../src/rules/engine.js';
import { ruleById } from '../../src/rules/index.js';
import type { Catalogue } from '../../src/catalogue/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { catalogue, endpointProbe, entry, probe, snapshot, withDocuments } from '../helpers/build.js';

function run(ruleId: string, snap: Snapshot, cat: Catalogue, policy: 'spec' | 'msc2324' = 'spec') {
  return checkSnapshot({ snapshot: snap, catalogue: cat, policy, asOf: '2026-11-22', rules: [ruleById(ruleId)!] });
}

const loginToken = entry({
  msc: 3882,
  status: 'released',
  released_in: 'v1.4',
  unstable: { flags: ['org.matrix.msc3882'], fields: [{ kind: 'capability', name: 'org.matrix.msc3882.get_login_token' }, { kind: 'login_field', name: 'org.matrix.msc3882.get_login_token' }] },
  stable: { fields: [{ kind: 'capability', name: 'm.get_login_token' }, { kind: 'login_field', name: 'get_login_token' }] },
});
const invites = entry({ msc: 4155, status: 'open', unstable: { flags: ['org.matrix.msc4155'], endpoints: [{ method: 'GET', path: '/_matrix/client/unstable/org.matrix.msc4155/x' }] }, stable: { fields: [{ kind: 'capability', name: 'm.invite_permission_config_enforced' }] } });
const cat = catalogue([loginToken, invites], {
  specNames: [
    { kind: 'capability', name: 'm.change_password' },
    { kind: 'capability', name: 'm.room_versions' },
    { kind: 'login_type', name: 'm.login.password' },
    { kind: 'well_known_key', name: 'm.homeserver' },
    { kind: 'push_rule', name: '.m.rule.master' },
    { kind: 'room_version', name: '10' },
  ],
  specEndpoints: [
    { method: 'GET', path: '/_matrix/client/v3/account/whoami', api: 'client-server', added_in: 'r0.3.0' },
    { method: 'GET', path: '/_matrix/client/v1/rooms/{roomId}/threads', api: 'client-server', added_in: 'v1.4' },
    { method: 'GET', path: '/_matrix/client/v1/media/config', api: 'client-server', added_in: 'v1.11', module: 'content_repo' },
    { method: 'GET', path: '/_matrix/client/v3/old', api: 'client-server', deprecated: true },
  ],
});
const base = (versions = ['v1.1']) => snapshot({ versions: { versions } });

describe('premature-stable-field', () => {
  it('reports a stable capability of an open MSC', () => {
    const snap = withDocuments(base(), { capabilities: { capabilities: { 'm.invite_permission_config_enforced': { enabled: true } } } });
    expect(run('premature-stable-field', snap, cat).map((f) => f.subject)).toEqual(['capability m.invite_permission_config_enforced']);
  });
  it('allows stable names of released MSCs, and unstable names', () => {
    const snap = withDocuments(base(), { capabilities: { capabilities: { 'm.get_login_token': {}, 'org.matrix.msc3882.get_login_token': {} } }, login: { flows: [{ type: 'm.login.token', get_login_token: true }] } });
    expect(run('premature-stable-field', snap, cat)).toEqual([]);
  });
});

describe('unprefixed-unstable-field', () => {
  const docs = {
    login: { flows: [{ type: 'm.login.password' }, { type: 'custom_login' }, { type: 'm.login.invented' }, { type: 'org.example.login' }] },
    capabilities: { capabilities: { 'm.change_password': {}, custom: {}, 'm.get_login_token': {}, 'm.room_versions': { default: '10', available: { '10': 'stable', '99': 'unstable', 'org.matrix.msc2176': 'unstable' } } } },
    'well-known': { 'm.homeserver': {}, 'io.element.e2ee': {}, custom_key: 1 },
    'push-rules': { global: { override: [{ rule_id: '.m.rule.master' }, { rule_id: '.org.matrix.msc3952.is_user_mention' }, { rule_id: '.custom_rule' }, { rule_id: 'user rule' }] } },
  };
  it('reports names that are neither spec names nor vendor-prefixed, in every strict place', () => {
    expect(run('unprefixed-unstable-field', withDocuments(base(), docs), cat).map((f) => f.subject).sort()).toEqual(
      ['capability custom', 'login_type custom_login', 'login_type m.login.invented', 'push_rule .custom_rule', 'room_version 99', 'well_known_key custom_key'].sort(),
    );
  });
  it('does not look at login flow properties or auth metadata, which the spec does not namespace', () => {
    const snap = withDocuments(base(), { login: { flows: [{ type: 'm.login.sso', identity_providers: [], anything: 1 }] }, 'auth-metadata': { issuer: 'x', custom: 1 } });
    expect(run('unprefixed-unstable-field', snap, catalogue([], { specNames: [{ kind: 'login_type', name: 'm.login.sso' }] }))).toEqual([]);
  });
});

describe('unstable-room-version-marked-stable', () => {
  it('reports an unstable room version labelled stable or made the default', () => {
    const snap = withDocuments(base(), { capabilities: { capabilities: { 'm.room_versions': { default: 'org.matrix.msc2176', available: { '10': 'stable', 'org.matrix.msc2176': 'unstable', 'org.matrix.hydra.11': 'stable' } } } } });
    expect(run('unstable-room-version-marked-stable', snap, cat).map((f) => f.subject).sort()).toEqual(['room_version org.matrix.hydra.11', 'room_version org.matrix.msc2176']);
  });
  it('accepts spec versions marked stable and unstable versions marked unstable', () => {
    const snap = withDocuments(base(), { capabilities: { capabilities: { 'm.room_versions': { default: '10', available: { '10': 'stable', 'org.matrix.msc2176': 'unstable' } } } } });
    expect(run('unstable-room-version-marked-stable', snap, cat)).toEqual([]);
  });
});

describe('lingering-unstable-field', () => {
  const docs = { capabilities: { capabilities: { 'org.matrix.msc3882.get_login_token': { enabled: true } } }, login: { flows: [{ type: 'm.login.token', 'org.matrix.msc3882.get_login_token': true }] } };
  it('reports unstable fields of an MSC whose version is advertised', () => {
    expect(run('lingering-unstable-field', withDocuments(base(['v1.4']), docs), cat).map((f) => f.subject).sort()).toEqual([
      'capability org.matrix.msc3882.get_login_token',
      'login_field org.matrix.msc3882.get_login_token',
    ]);
  });
  it('does not report them before that version is advertised', () => {
    expect(run('lingering-unstable-field', withDocuments(base(['v1.3']), docs), cat)).toEqual([]);
  });
});

describe('undeclared-unstable-endpoint', () => {
  const served = () => endpointProbe(4155, 'unstable', '/_matrix/client/unstable/org.matrix.msc4155/x', 'present');
  it('reports a served unstable endpoint whose flag is not advertised', () => {
    expect(run('undeclared-unstable-endpoint', snapshot({ versions: { versions: ['v1.1'] }, probes: [served()] }), cat).map((f) => f.msc)).toEqual([4155]);
  });
  it('does not report when the flag is advertised, also only to logged-in users', () => {
    expect(run('undeclared-unstable-endpoint', snapshot({ versions: { versions: ['v1.1'], unstable_features: { 'org.matrix.msc4155': true } }, probes: [served()] }), cat)).toEqual([]);
    const hidden = withDocuments(snapshot({ versions: { versions: ['v1.1'] }, probes: [served()] }), { 'versions-authenticated': { versions: ['v1.1'], unstable_features: { 'org.matrix.msc4155': true } } });
    expect(run('undeclared-unstable-endpoint', hidden, cat)).toEqual([]);
  });
});

describe('advertised-version-missing-endpoint', () => {
  const probes = (state: 'present' | 'absent' | 'absent-low') => [
    { ...endpointProbe(0, 'stable', '/_matrix/client/v3/account/whoami', state), msc: undefined, form: undefined, purpose: 'inventory' as const },
    { ...endpointProbe(0, 'stable', '/_matrix/client/v1/rooms/!x:invalid/threads', state), msc: undefined, form: undefined, purpose: 'inventory' as const, template: '/_matrix/client/v1/rooms/{roomId}/threads' },
    probe({ purpose: 'inventory', url: 'https://hs.test/_matrix/client/v1/media/config', status: 404, errcode: 'M_UNRECOGNIZED', classification: 'absent' }),
  ];
  it('reports endpoints of advertised versions that are conclusively absent', () => {
    const hits = run('advertised-version-missing-endpoint', snapshot({ versions: { versions: ['v1.4'] }, probes: probes('absent') }), cat);
    expect(hits.map((f) => f.subject).sort()).toEqual(['GET /_matrix/client/v1/rooms/{roomId}/threads', 'GET /_matrix/client/v3/account/whoami']);
  });
  it('only for versions that have them, and never for module endpoints or weak absence', () => {
    expect(run('advertised-version-missing-endpoint', snapshot({ versions: { versions: ['v1.3'] }, probes: probes('absent') }), cat).map((f) => f.subject)).toEqual(['GET /_matrix/client/v3/account/whoami']);
    expect(run('advertised-version-missing-endpoint', snapshot({ versions: { versions: ['v1.11'] }, probes: probes('absent-low') }), cat)).toEqual([]);
    expect(run('advertised-version-missing-endpoint', snapshot({ versions: { versions: ['v1.11'] }, probes: probes('present') }), cat)).toEqual([]);
  });
});
