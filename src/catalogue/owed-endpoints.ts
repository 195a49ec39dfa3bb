import { compareSpecVersions, isSpecVersionId, versionIncludes } from './spec-versions.js';
import type { SpecEndpoint } from './types.js';

/**
 * Which spec endpoints a server owes, and under which path, given the versions it advertises
 * in GET /_matrix/client/versions. One place for the probe plan, the rule and the fixture
 * homeserver, so that what is probed, what is required and what a conformant server serves
 * can never drift apart.
 *
 * - The path form follows the advertised versions: v1.1 re-versioned every client-server
 *   endpoint from /r0/ to /v3/ (MSC2844). A server that advertises only r0.x versions owes the
 *   /r0/ forms; one that advertises any v1.x owes the v1.x forms of the endpoints v1.x has.
 * - An endpoint a later release removed is owed only by a server whose newest advertised
 *   version still had it: advertising a newer release means following that release, in which
 *   the endpoint is gone (Synapse lists r0.0.1 but rightly no longer serves /tokenrefresh).
 * - An endpoint without a first release (unreleased) is never owed, nor one the spec lets a
 *   server decline with 404 M_UNRECOGNIZED (optional_since): GET /login and GET /auth_metadata,
 *   which v1.15's "Authentication API discovery" made optional (the OpenAPI says so from
 *   v1.18). Their absence is conformant.
 */
export type PathEra = 'r0' | 'v1';

/** The path form a server's advertised versions promise: r0 only when every spec version it lists is r0.x. */
export function pathEra(advertised: readonly string[]): PathEra {
  const versions = advertised.filter(isSpecVersionId);
  return versions.length > 0 && versions.every((version) => version.startsWith('r0.')) ? 'r0' : 'v1';
}

/** A client-server or media path in the given era's form (/_matrix/client/v3/x ↔ /_matrix/client/r0/x). */
export function pathInEra(path: string, era: PathEra): string {
  return era === 'r0' ? path.replace(/^\/_matrix\/(client|media)\/v3(?=\/)/, '/_matrix/$1/r0') : path.replace(/^\/_matrix\/(client|media)\/r0(?=\/)/, '/_matrix/$1/v3');
}

export interface OwedEndpoint {
  /** The first advertised version (of the era whose form is owed) that has the endpoint. */
  requiredBy: string;
  /** The path template owed. */
  path: string;
}

/**
 * @param advertised the versions the server lists (anything that is not a spec version id is ignored)
 * @param isKnown which versions the catalogue knows: only those can oblige (v1.99 has no endpoints we know of)
 */
export function owedEndpoint(endpoint: SpecEndpoint, advertised: readonly string[], isKnown: (version: string) => boolean): OwedEndpoint | undefined {
  const added = endpoint.added_in;
  if (added === undefined || endpoint.unreleased || endpoint.optional_since !== undefined) return undefined;
  const versions = advertised.filter(isSpecVersionId).sort(compareSpecVersions);
  const newest = versions.at(-1);
  if (newest === undefined) return undefined;
  const removed = endpoint.removed_after;
  if (removed !== undefined && compareSpecVersions(newest, removed) > 0) return undefined;
  const including = versions.filter((version) => isKnown(version) && versionIncludes(version, added) && (removed === undefined || compareSpecVersions(version, removed) <= 0));
  const v1 = including.find((version) => version.startsWith('v1.'));
  if (v1) return { requiredBy: v1, path: endpoint.path };
  const r0 = including[0];
  // The path form is the one the server's own list promises, whatever the judgement date: a
  // server that lists any v1.x serves the /v3/ forms, even judged as of a day when only its r0.x
  // versions were released (and so only they oblige it).
  if (r0) return { requiredBy: r0, path: pathEra(versions) === 'v1' ? endpoint.path : (endpoint.legacy_path ?? endpoint.path) };
  return undefined;
}

/** The spec endpoints whose absence advertised-version-missing-endpoint reports: client-server, core (no module), not deprecated. */
export function isCheckedSpecEndpoint(endpoint: SpecEndpoint): boolean {
  return endpoint.api === 'client-server' && !endpoint.deprecated && !endpoint.module;
}
