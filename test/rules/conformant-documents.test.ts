import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { checkSnapshot } from '../../src/rules/engine.js';
import type { PolicyId } from '../../src/rules/policy.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { snapshot, withDocuments } from '../helpers/build.js';

/**
 * A server that follows the spec gets a clean report, field by field: documents that use every
 * name the spec reserves (specs/spec-names.yaml: login types, capabilities, push rules, room
 * versions, well-known keys; also those a later release removed, which real servers keep), with
 * the shapes real servers give them, judged by every rule under both policies, as of the newest
 * release and later. Any error or warning is a false finding.
 */
const catalogue = await loadCatalogue();
const newest = catalogue.specVersions.at(-1)!;
const names = (kind: string) => (catalogue.data.specNames ?? []).filter((name) => name.kind === kind).map((name) => name.name);

function conformantServer(seenOn: string): Snapshot {
  const base = snapshot({ versions: { versions: catalogue.specVersions.map((version) => version.version), unstable_features: {} } });
  const documents = {
    login: {
      flows: names('login_type').map((type) =>
        type === 'm.login.sso' ? { type, identity_providers: [{ id: 'oidc-example', name: 'Example' }] } : type === 'm.login.token' ? { type, get_login_token: true } : { type },
      ),
    },
    capabilities: {
      capabilities: Object.fromEntries(
        names('capability').map((capability) => [
          capability,
          capability === 'm.room_versions' ? { default: '10', available: Object.fromEntries(names('room_version').map((version) => [version, 'stable'])) } : { enabled: true },
        ]),
      ),
    },
    'push-rules': { global: { override: names('push_rule').map((id) => ({ rule_id: id, default: true, enabled: true, actions: [] })), content: [], room: [], sender: [], underride: [] } },
    'well-known': Object.fromEntries(names('well_known_key').map((key) => [key, { base_url: 'https://hs.test' }])),
  };
  return { ...withDocuments(base, documents), finishedAt: `${seenOn}T12:00:00.000Z` };
}

describe('a server that uses every name the spec reserves', () => {
  it('the fixture really holds every kind of spec name', () => {
    for (const kind of ['login_type', 'capability', 'push_rule', 'room_version', 'well_known_key']) expect(names(kind).length, kind).toBeGreaterThan(1);
  });
  for (const policy of ['spec', 'msc2324'] as PolicyId[]) {
    it(`gets no error or warning under policy ${policy}, as of the newest release and later`, () => {
      for (const asOf of [newest.released!, '2026-12-01', '2027-06-01']) {
        const findings = checkSnapshot({ snapshot: conformantServer(asOf), catalogue, policy, asOf });
        const accusations = findings.filter((finding) => finding.severity !== 'info').map((finding) => `${asOf} ${finding.severity} ${finding.rule} ${finding.subject}`);
        expect(accusations).toEqual([]);
      }
    });
  }
});
