import type { Catalogue } from '../catalogue/index.js';
import type { ProbePurpose } from '../snapshot/types.js';

/** One request the audit will make, before it is made. */
export interface PlannedProbe {
  id: string;
  purpose: ProbePurpose;
  method: string;
  /** Concrete request path (placeholders filled in). */
  path: string;
  template?: string;
  msc?: number;
  form?: 'unstable' | 'stable';
  /** Send the access token (only ever for GET). */
  authenticate?: boolean;
}

/**
 * Stable endpoints probed under /_matrix/client/unstable/ without a vendor prefix: servers that
 * register their routes for every prefix answer them there, which MSC2324 forbids.
 */
export const UNPREFIXED_UNSTABLE_PROBES: ReadonlyArray<{ method: string; path: string }> = [
  { method: 'GET', path: '/_matrix/client/unstable/account/whoami' },
  { method: 'GET', path: '/_matrix/client/unstable/capabilities' },
  { method: 'GET', path: '/_matrix/client/unstable/login' },
  { method: 'GET', path: '/_matrix/client/unstable/pushrules/' },
  { method: 'GET', path: '/_matrix/client/unstable/voip/turnServer' },
];

/** Values for path parameters: syntactically valid, surely unknown to the server, never a real resource. */
const PARAMETER_VALUES: Record<string, string> = {
  roomId: '!msc-audit-probe:invalid',
  roomIdOrAlias: '!msc-audit-probe:invalid',
  roomAlias: '#msc-audit-probe:invalid',
  userId: '@msc-audit-probe:invalid',
  eventId: '$msc-audit-probe',
  serverName: 'invalid',
  origin: 'invalid',
  destination: 'invalid',
  mediaId: 'msc-audit-probe',
  txnId: 'msc-audit-probe',
  deviceId: 'MSCAUDITPROBE',
  sessionId: 'msc-audit-probe',
  roomVersion: 'msc-audit-probe',
};

function parameterKey(name: string): string {
  return name.replace(/[_-](\w)/g, (_, letter: string) => letter.toUpperCase());
}

/** Fill `{placeholders}` with harmless values, URL-encoded. */
export function concretePath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(PARAMETER_VALUES[parameterKey(name)] ?? 'msc-audit-probe'));
}

/** The prefix a control probe shares with a path: the API version or unstable vendor namespace. */
export function controlPrefix(path: string): string {
  const segments = path.split('/');
  // ['', '_matrix', api, version, (vendor)...]
  const base = segments.slice(0, 4).join('/');
  if (segments[3] === 'unstable' && segments[4] && segments[4].includes('.')) return `${base}/${segments[4]}`;
  return base;
}

export const CONTROL_LEAF = 'msc-audit-control-surely-absent';

export function controlPath(prefix: string): string {
  return `${prefix}/${CONTROL_LEAF}`;
}

/** Everything the audit asks, in a deterministic order. */
export function planProbes(catalogue: Catalogue, options: { authenticated: boolean }): PlannedProbe[] {
  const plan: PlannedProbe[] = [];
  const seen = new Set<string>();
  let counter = 0;
  const add = (probe: Omit<PlannedProbe, 'id'>, id?: string): void => {
    const key = `${probe.method} ${probe.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    counter += 1;
    plan.push({ ...probe, id: id ?? `p${counter}` });
  };
  add({ purpose: 'versions', method: 'GET', path: '/_matrix/client/versions' }, 'versions');
  add({ purpose: 'federation-version', method: 'GET', path: '/_matrix/federation/v1/version' }, 'federation-version');
  for (const probe of UNPREFIXED_UNSTABLE_PROBES) add({ purpose: 'unprefixed', ...probe });
  for (const entry of catalogue.allEntries()) {
    for (const form of ['unstable', 'stable'] as const) {
      for (const endpoint of entry[form].endpoints) {
        const path = concretePath(endpoint.path);
        add({
          purpose: 'endpoint',
          method: endpoint.method,
          path,
          template: endpoint.path === path ? undefined : endpoint.path,
          msc: entry.msc,
          form,
          authenticate: options.authenticated && endpoint.method === 'GET',
        });
      }
    }
  }
  return plan;
}
