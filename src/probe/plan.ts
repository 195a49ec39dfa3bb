import type { Catalogue } from '../catalogue/index.js';
import { isCheckedSpecEndpoint, owedEndpoint, pathEra, pathInEra } from '../catalogue/owed-endpoints.js';
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
  /** The document this probe reads (its JSON body is kept in the snapshot). */
  document?: string;
  /** Resolve the path against the origin, not the base URL's path (/.well-known). */
  fromOrigin?: boolean;
  /** The method actually sent, when the endpoint's own method could change state (see SAFE_SUBSTITUTES). */
  requestMethod?: string;
}

/**
 * Endpoints that act on an anonymous request with an empty body, so probing them with their own
 * method would change server state: a POST to a rendezvous endpoint creates a session (MSC4108,
 * MSC3886, MSC4388). They are probed with GET instead; a 405 then proves the path is served.
 */
const SAFE_SUBSTITUTES: ReadonlyArray<{ method: string; path: RegExp }> = [{ method: 'POST', path: /\/rendezvous\/?$/ }];

export function requestMethodFor(method: string, path: string): string | undefined {
  return SAFE_SUBSTITUTES.some((rule) => rule.method === method && rule.path.test(path)) ? 'GET' : undefined;
}

/**
 * Documents read besides endpoint existence. `auth`: 'never' (read anonymously), 'required'
 * (read only with a token: anonymous answers say nothing), 'also' (read both ways).
 */
export const DOCUMENTS: ReadonlyArray<{ name: string; path: string; auth: 'never' | 'required'; fromOrigin?: boolean }> = [
  { name: 'versions', path: '/_matrix/client/versions', auth: 'never' },
  { name: 'versions-authenticated', path: '/_matrix/client/versions', auth: 'required' },
  { name: 'whoami', path: '/_matrix/client/v3/account/whoami', auth: 'required' },
  { name: 'federation-version', path: '/_matrix/federation/v1/version', auth: 'never' },
  { name: 'well-known', path: '/.well-known/matrix/client', auth: 'never', fromOrigin: true },
  { name: 'login', path: '/_matrix/client/v3/login', auth: 'never' },
  { name: 'capabilities', path: '/_matrix/client/v3/capabilities', auth: 'required' },
  { name: 'auth-metadata', path: '/_matrix/client/v1/auth_metadata', auth: 'never' },
  { name: 'auth-metadata-unstable', path: '/_matrix/client/unstable/org.matrix.msc2965/auth_metadata', auth: 'never' },
  { name: 'push-rules', path: '/_matrix/client/v3/pushrules/', auth: 'required' },
  { name: 'media-config', path: '/_matrix/client/v1/media/config', auth: 'required' },
  { name: 'media-config-legacy', path: '/_matrix/media/v3/config', auth: 'required' },
  { name: 'key-server', path: '/_matrix/key/v2/server', auth: 'never' },
];

/** Documents that need a token, for the report's list of checks skipped without one. */
export const TOKEN_ONLY_DOCUMENTS = DOCUMENTS.filter((document) => document.auth === 'required').map((document) => document.name);

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

// Asked for every probe whose answer needs a control, by every audit: remembered per path.
// Bounded, though the paths come from the catalogue's plan, not from a server.
const PREFIXES = new Map<string, string>();
const MAX_PREFIXES = 4096;

/** The prefix a control probe shares with a path: the API version or unstable vendor namespace. */
export function controlPrefix(path: string): string {
  const known = PREFIXES.get(path);
  if (known !== undefined) return known;
  const prefix = computeControlPrefix(path);
  if (PREFIXES.size < MAX_PREFIXES) PREFIXES.set(path, prefix);
  return prefix;
}

function computeControlPrefix(path: string): string {
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

/**
 * Everything the audit asks, in a deterministic order: /versions first. `advertised` (the
 * versions GET /_matrix/client/versions listed; absent before it is read) chooses the path form
 * of the documents (/r0/ for a server that advertises only r0.x) and which spec endpoints are
 * probed, under the form the server owes (see owed-endpoints.ts).
 */
export function planProbes(catalogue: Catalogue, options: PlanOptions): PlannedProbe[] {
  // The plan depends only on the catalogue and these options, and a fleet audits many servers
  // that advertise the same versions: build each plan once. Callers get their own array of the
  // same frozen probes, so nothing they do can reach the cached plan (a write to a probe throws),
  // and 64 audits under way do not each hold a copy of every probe. Bounded: `advertised` comes
  // from the server.
  let plans = PLANS.get(catalogue);
  if (!plans) PLANS.set(catalogue, (plans = new Map()));
  const key = JSON.stringify([options.authenticated, options.skipDocuments ?? [], options.advertised ?? null]);
  let plan = plans.get(key);
  if (!plan) {
    plan = buildPlan(catalogue, options).map((probe) => Object.freeze(probe));
    if (plans.size < MAX_PLANS) plans.set(key, plan);
  }
  return [...plan];
}

type PlanOptions = { authenticated: boolean; skipDocuments?: string[]; advertised?: readonly string[] };
const PLANS = new WeakMap<Catalogue, Map<string, readonly PlannedProbe[]>>();
const MAX_PLANS = 64;

function buildPlan(catalogue: Catalogue, options: PlanOptions): PlannedProbe[] {
  const era = pathEra(options.advertised ?? []);
  const plan: PlannedProbe[] = [];
  const byKey = new Map<string, PlannedProbe>();
  let counter = 0;
  const add = (probe: Omit<PlannedProbe, 'id'>, id?: string): void => {
    const key = `${probe.method} ${probe.path} ${probe.authenticate === true}`;
    const existing = byKey.get(key);
    if (existing) {
      // A document that is also a catalogue endpoint: one request serves both.
      if (existing.msc === undefined && probe.msc !== undefined) Object.assign(existing, { msc: probe.msc, form: probe.form, ...(probe.template ? { template: probe.template } : {}) });
      return;
    }
    counter += 1;
    const planned = { ...probe, id: id ?? `p${counter}` };
    byKey.set(key, planned);
    plan.push(planned);
  };
  for (const document of DOCUMENTS) {
    if (document.auth === 'required' && !options.authenticated) continue;
    if (options.skipDocuments?.includes(document.name)) continue;
    const purpose = document.name === 'versions' ? 'versions' : document.name === 'federation-version' ? 'federation-version' : 'document';
    add({ purpose, method: 'GET', path: pathInEra(document.path, era), document: document.name, authenticate: document.auth === 'required', ...(document.fromOrigin ? { fromOrigin: true } : {}) }, document.name);
  }
  for (const probe of UNPREFIXED_UNSTABLE_PROBES) add({ purpose: 'unprefixed', ...probe });
  for (const entry of catalogue.allEntries()) {
    for (const form of ['unstable', 'stable'] as const) {
      for (const endpoint of entry[form].endpoints) {
        const path = concretePath(endpoint.path);
        // Endpoint probes are always anonymous: a served endpoint that needs a token answers 401,
        // which proves it exists, and no GET with a token can have side effects (GET /sync
        // would mark the user online).
        const requestMethod = requestMethodFor(endpoint.method, endpoint.path);
        add({ purpose: 'endpoint', method: endpoint.method, path, template: endpoint.path === path ? undefined : endpoint.path, msc: entry.msc, form, ...(requestMethod ? { requestMethod } : {}) });
      }
    }
  }
  // The spec's own client-server endpoints the advertised versions oblige the server to serve,
  // for advertised-version-missing-endpoint. Non-GET endpoints only where the spec requires a
  // token, so the server answers 401 before acting.
  const isKnown = (version: string): boolean => catalogue.isKnownVersion(version);
  for (const endpoint of catalogue.specEndpoints()) {
    if (!isCheckedSpecEndpoint(endpoint)) continue;
    if (endpoint.method !== 'GET' && !endpoint.auth_required) continue;
    const owed = owedEndpoint(endpoint, options.advertised ?? [], isKnown);
    if (!owed) continue;
    const path = concretePath(owed.path);
    add({ purpose: 'inventory', method: endpoint.method, path, template: owed.path === path ? undefined : owed.path });
  }
  return plan;
}
