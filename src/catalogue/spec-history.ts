import { listTags, openRevision, type GitRevision } from './git-revision.js';
import { readTreeEndpoints, SPEC_APIS, type SpecApi, type TreeEndpoint, type TreeLayout } from './spec-endpoints.js';
import { compareSpecVersions } from './spec-versions.js';
import type { SpecEndpoint, SpecRelease } from './types.js';

/**
 * The history of every spec endpoint, read from the release tags of a matrix-org/matrix-spec
 * git repository (ex matrix-doc): for each endpoint the first release whose API files have it
 * and, when a later release dropped it, the last one that had it.
 *
 * Before v1.1 each API had its own releases: client-server r0.0.0 … r0.6.1 (tags r0.0.x,
 * client-server/r0.x.0, client_server/r0.x.y), server-server r0.1.x (server_server/r0.1.x),
 * application-service r0.1.x (application_service/r0.1.x). A legacy tag of one API is read for
 * that API only: the client-server tags also carry unreleased server-server drafts. From v1.1
 * (tags v1.N) one release covers all APIs.
 */

const LEGACY_TAGS: ReadonlyArray<{ api: SpecApi; pattern: RegExp }> = [
  { api: 'client-server', pattern: /^(r0\.0\.\d+)$/ },
  { api: 'client-server', pattern: /^client[-_]server\/(r0\.\d+\.\d+)$/ },
  { api: 'server-server', pattern: /^server[-_]server\/(r0\.\d+\.\d+)$/ },
  { api: 'application-service', pattern: /^application[-_]service\/(r0\.\d+\.\d+)$/ },
];
const UNIFIED_TAG = /^(v1\.\d+)$/;

interface ReleaseTag {
  version: string;
  tag: string;
  apis: SpecApi[];
}

/** The release tags of the repository, oldest first. */
export function findReleaseTags(repo: string): ReleaseTag[] {
  const found: ReleaseTag[] = [];
  for (const tag of listTags(repo)) {
    const unified = UNIFIED_TAG.exec(tag);
    if (unified) {
      found.push({ version: unified[1]!, tag, apis: [...SPEC_APIS] });
      continue;
    }
    for (const { api, pattern } of LEGACY_TAGS) {
      const match = pattern.exec(tag);
      if (match) found.push({ version: match[1]!, tag, apis: [api] });
    }
  }
  return found.sort((a, b) => compareSpecVersions(a.version, b.version) || a.tag.localeCompare(b.tag));
}

export interface SpecHistory {
  endpoints: SpecEndpoint[];
  releases: SpecRelease[];
  /** The commit HEAD pointed at; endpoints only there are marked unreleased. */
  head: string;
  /** Disagreements with x-addedInMatrixVersion, gaps in an endpoint's history. */
  warnings: string[];
}

function layoutOf(tree: GitRevision): TreeLayout {
  return tree.files.some((file) => file.startsWith('data/api/')) ? 'data' : 'legacy';
}

interface Sighting {
  version: string;
  index: number;
  endpoint: TreeEndpoint;
}

export function readSpecHistory(repo: string): SpecHistory {
  const tags = findReleaseTags(repo);
  if (tags.length === 0) throw new Error(`${repo} has no spec release tags (r0.0.x, client_server/r0.x.y, server_server/r0.1.x, v1.N): give a matrix-org/matrix-spec git repository`);
  const releases: SpecRelease[] = [];
  const sightings = new Map<string, Sighting[]>();
  const sequenceLength = new Map<SpecApi, number>();
  const newest = new Map<SpecApi, string>();
  for (const release of tags) {
    const tree = openRevision(repo, release.tag);
    releases.push({ version: release.version, tag: release.tag, commit: tree.commit, apis: release.apis });
    for (const endpoint of readTreeEndpoints(tree, layoutOf(tree), release.apis)) {
      const index = sequenceLength.get(endpoint.api) ?? 0;
      const list = sightings.get(endpoint.identity) ?? [];
      // A file can list one operation twice under two spellings of a placeholder: keep one.
      if (list.at(-1)?.version !== release.version) list.push({ version: release.version, index, endpoint });
      sightings.set(endpoint.identity, list);
    }
    for (const api of release.apis) {
      sequenceLength.set(api, (sequenceLength.get(api) ?? 0) + 1);
      newest.set(api, release.version);
    }
  }

  const warnings: string[] = [];
  const endpoints: SpecEndpoint[] = [];
  for (const list of sightings.values()) {
    const first = list[0]!;
    const last = list.at(-1)!;
    const latest = last.endpoint;
    const name = `${latest.method} ${latest.path}`;
    const gap = list.find((sighting, position) => position > 0 && sighting.index !== list[position - 1]!.index + 1);
    if (gap) warnings.push(`${name} is missing from some releases between ${first.version} and ${gap.version}: recorded from its first to its last release`);
    const legacy = [...list].reverse().find((sighting) => sighting.version.startsWith('r0.'));
    const removed = last.version !== newest.get(latest.api);
    const openapi = latest.openapiAddedIn !== undefined ? `v${latest.openapiAddedIn.replace(/^v/, '')}` : undefined;
    if (openapi !== undefined && openapi !== first.version) {
      warnings.push(`${name}: x-addedInMatrixVersion says ${openapi}, but the first release that has it is ${first.version}${first.endpoint.path !== latest.path ? ` (as ${first.endpoint.path})` : ''}`);
    }
    endpoints.push({
      method: latest.method,
      path: latest.path,
      api: latest.api,
      added_in: first.version,
      ...(removed ? { removed_after: last.version } : {}),
      ...(legacy && legacy.endpoint.path !== latest.path ? { legacy_path: legacy.endpoint.path } : {}),
      ...(latest.deprecated ? { deprecated: true } : {}),
      ...(latest.authRequired ? { auth_required: true } : {}),
      ...(list.some((sighting) => sighting.endpoint.optional) ? { optional_since: list.find((sighting) => sighting.endpoint.optional)!.version } : {}),
      ...(latest.module ? { module: latest.module } : {}),
    });
  }

  // Endpoints merged on the default branch but in no release yet: recorded as unreleased, so a
  // probed path they match is recognised, never required of a server.
  const headTree = openRevision(repo, 'HEAD');
  if (!releases.some((release) => release.commit === headTree.commit)) {
    const seen = new Set<string>();
    for (const endpoint of readTreeEndpoints(headTree, layoutOf(headTree), SPEC_APIS)) {
      if (sightings.has(endpoint.identity) || seen.has(endpoint.identity)) continue;
      seen.add(endpoint.identity);
      endpoints.push({
        method: endpoint.method,
        path: endpoint.path,
        api: endpoint.api,
        unreleased: true,
        ...(endpoint.deprecated ? { deprecated: true } : {}),
        ...(endpoint.authRequired ? { auth_required: true } : {}),
        ...(endpoint.module ? { module: endpoint.module } : {}),
      });
    }
  }
  endpoints.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return { endpoints, releases, head: headTree.commit, warnings };
}
