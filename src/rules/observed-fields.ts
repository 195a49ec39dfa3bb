import type { FieldKind } from '../catalogue/types.js';
import type { ProbeRecord, Snapshot } from '../snapshot/types.js';
import { hasOwnKey, ownValue } from '../util/own.js';

/** An identifier read from a document the server served: where it was, and what it was. */
export interface ObservedField {
  kind: FieldKind;
  name: string;
  /** Human-readable location, e.g. "GET /login flows[1].type". */
  where: string;
  probe: string;
  /** For room versions: the stability the capability gives it, and whether it is the default. */
  stability?: string;
  isDefault?: boolean;
}

const object = (value: unknown): Record<string, unknown> | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

function documentProbe(snapshot: Snapshot, name: string): ProbeRecord | undefined {
  const id = snapshot.documents[name];
  const probe = id === undefined ? undefined : snapshot.probes.find((candidate) => candidate.id === id);
  return probe && probe.status === 200 ? probe : undefined;
}

/** Every vendor-prefixable identifier the documents in a snapshot show. Pure. */
export function observeFields(snapshot: Snapshot): ObservedField[] {
  const fields: ObservedField[] = [];
  const login = documentProbe(snapshot, 'login');
  const flows = ownValue(login?.json, 'flows');
  if (login && Array.isArray(flows)) {
    flows.forEach((flow, index) => {
      const entries = object(flow);
      if (!entries) return;
      const type = ownValue(entries, 'type');
      if (typeof type === 'string') fields.push({ kind: 'login_type', name: type, where: `GET /login flows[${index}].type`, probe: login.id });
      for (const key of Object.keys(entries)) {
        if (key !== 'type') fields.push({ kind: 'login_field', name: key, where: `GET /login flows[${index}]`, probe: login.id });
      }
    });
  }
  const capabilitiesProbe = documentProbe(snapshot, 'capabilities');
  const capabilities = object(ownValue(capabilitiesProbe?.json, 'capabilities'));
  if (capabilitiesProbe && capabilities) {
    for (const [key, value] of Object.entries(capabilities)) {
      fields.push({ kind: 'capability', name: key, where: 'GET /capabilities', probe: capabilitiesProbe.id });
      if (key !== 'm.room_versions') continue;
      const roomVersions = object(value);
      const available = object(ownValue(roomVersions, 'available'));
      const fallback = ownValue(roomVersions, 'default');
      for (const [version, stability] of Object.entries(available ?? {})) {
        fields.push({
          kind: 'room_version',
          name: version,
          where: 'GET /capabilities m.room_versions.available',
          probe: capabilitiesProbe.id,
          ...(typeof stability === 'string' ? { stability } : {}),
          ...(fallback === version ? { isDefault: true } : {}),
        });
      }
      if (typeof fallback === 'string' && !hasOwnKey(available, fallback)) {
        fields.push({ kind: 'room_version', name: fallback, where: 'GET /capabilities m.room_versions.default', probe: capabilitiesProbe.id, isDefault: true });
      }
    }
  }
  const wellKnownProbe = documentProbe(snapshot, 'well-known');
  const wellKnown = object(wellKnownProbe?.json);
  if (wellKnownProbe && wellKnown) {
    for (const key of Object.keys(wellKnown)) fields.push({ kind: 'well_known_key', name: key, where: 'GET /.well-known/matrix/client', probe: wellKnownProbe.id });
  }
  const pushProbe = documentProbe(snapshot, 'push-rules');
  const global = object(ownValue(pushProbe?.json, 'global'));
  if (pushProbe && global) {
    for (const kind of ['override', 'content', 'room', 'sender', 'underride']) {
      const rules = ownValue(global, kind);
      if (!Array.isArray(rules)) continue;
      for (const rule of rules) {
        const id = ownValue(rule, 'rule_id');
        // Only server-default rules (ids starting with a dot) are names a server chose; others are the user's.
        if (typeof id === 'string' && id.startsWith('.')) fields.push({ kind: 'push_rule', name: id, where: `GET /pushrules/ global.${kind}`, probe: pushProbe.id });
      }
    }
  }
  for (const name of ['auth-metadata', 'auth-metadata-unstable']) {
    const probe = documentProbe(snapshot, name);
    const body = object(probe?.json);
    if (probe && body) for (const key of Object.keys(body)) fields.push({ kind: 'auth_metadata_field', name: key, where: `GET ${new URL(probe.url).pathname}`, probe: probe.id });
  }
  return fields;
}
