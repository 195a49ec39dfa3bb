import { compareSpecVersions } from '../catalogue/spec-versions.js';
import type { SpecEndpoint } from '../catalogue/types.js';
import type { RouteSpec, ServerProfile } from './homeserver.js';

/**
 * A conformant homeserver of one spec release, generated from the spec's endpoint history
 * (specs/spec-endpoints.yaml): it serves exactly the client-server and server-server endpoints
 * that release has, under that release's path form (/r0/ before v1.1, /v3/ after), answers
 * 401 M_MISSING_TOKEN to an anonymous request for an endpoint that needs a token, something
 * plausible otherwise, and 404 M_UNRECOGNIZED to everything else. Its /versions lists every
 * client-server version up to that release, as real servers do. Audited with or without a token,
 * it must get a clean report: any finding is a false one.
 */

/** Is the endpoint in `release`? Before v1.1 the server-server API had its own r0.1.x numbers: an r0 profile serves the federation endpoints of its last legacy release. */
function inRelease(endpoint: SpecEndpoint, release: string): boolean {
  const added = endpoint.added_in;
  if (added === undefined || endpoint.unreleased) return false;
  const removed = endpoint.removed_after;
  if (endpoint.api === 'server-server' && release.startsWith('r0.')) return added.startsWith('r0.') && (removed === undefined || removed.startsWith('v1.'));
  return compareSpecVersions(added, release) <= 0 && (removed === undefined || compareSpecVersions(release, removed) <= 0);
}

/** Bodies for the documents the audit reads, where `{}` would not be what a server sends. */
const DOCUMENT_BODIES: ReadonlyArray<{ path: RegExp; json: unknown }> = [
  { path: /^\/_matrix\/client\/(r0|v3)\/login$/, json: { flows: [{ type: 'm.login.password' }] } },
  { path: /^\/_matrix\/key\/v2\/server$/, json: { server_name: 'release.invalid', valid_until_ts: 4102444800000, verify_keys: {}, old_verify_keys: {}, signatures: {} } },
];

/** A federation request without an X-Matrix signature is refused before anything else (as Synapse does). */
const UNSIGNED_FEDERATION = { status: 401, json: { errcode: 'M_UNAUTHORIZED', error: 'Missing Authorization headers' } };
/** Key server endpoints are public (no signature needed). */
const PUBLIC_FEDERATION = /^\/_matrix\/key\//;

function routeFor(endpoint: SpecEndpoint, path: string, identity: { userId: string; deviceId: string }): RouteSpec | undefined {
  const method = endpoint.method;
  // Served by the fixture homeserver itself.
  if (path === '/_matrix/client/versions' || path === '/_matrix/federation/v1/version') return undefined;
  // Optional since v1.15 ("Authentication API discovery"): this server does not offer the OAuth 2.0 API.
  if (path === '/_matrix/client/v1/auth_metadata') return undefined;
  if (endpoint.api === 'server-server' && !PUBLIC_FEDERATION.test(path)) return { method, path, respond: UNSIGNED_FEDERATION };
  if (/\/account\/whoami$/.test(path)) return { method, path, authenticatedJson: { user_id: identity.userId, device_id: identity.deviceId } };
  if (endpoint.auth_required) return { method, path };
  const body = DOCUMENT_BODIES.find((document) => document.path.test(path))?.json ?? {};
  // Anonymous endpoints: a GET answers, a request without its JSON body is refused as such.
  return { method, path, respond: method === 'GET' ? { status: 200, json: body } : { status: 400, json: { errcode: 'M_NOT_JSON', error: 'Content not JSON.' } } };
}

export interface ReleaseProfileInput {
  /** The spec's endpoints with their history (Catalogue.specEndpoints()). */
  endpoints: readonly SpecEndpoint[];
  /** Every client-server spec version the catalogue knows (Catalogue.specVersions). */
  versions: readonly string[];
  /** Valid tokens and whose they are (any token is accepted when absent). */
  tokens?: Record<string, { userId: string; deviceId: string }>;
}

export function releaseProfile(release: string, input: ReleaseProfileInput): ServerProfile {
  const identity = Object.values(input.tokens ?? {})[0] ?? { userId: '@auditor:release.invalid', deviceId: 'RELEASEDEVICE' };
  const routes = input.endpoints
    .filter((endpoint) => (endpoint.api === 'client-server' || endpoint.api === 'server-server') && inRelease(endpoint, release))
    .map((endpoint) => routeFor(endpoint, release.startsWith('r0.') ? (endpoint.legacy_path ?? endpoint.path) : endpoint.path, identity) ?? [])
    .flat();
  return {
    name: `release-${release}`,
    versions: { versions: input.versions.filter((version) => compareSpecVersions(version, release) <= 0), unstable_features: {} },
    federationVersion: { name: 'msc-audit release profile', version: release },
    ...(input.tokens ? { tokens: input.tokens } : {}),
    unknownPaths: 'matrix',
    onlyListedRoutes: true,
    routes,
  };
}

/** The releases a conformant profile is generated for: r0.6.1, the last before v1.1, and every v1.x the catalogue knows. */
export function profiledReleases(versions: readonly string[]): string[] {
  return versions.filter((version) => version === 'r0.6.1' || version.startsWith('v1.'));
}
