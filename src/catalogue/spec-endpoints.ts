import { parse } from 'yaml';
import type { GitRevision } from './git-revision.js';
import type { SpecEndpoint } from './types.js';
export type { SpecEndpoint };

/**
 * The endpoints of ONE release tree of the spec, read from its OpenAPI (swagger) files.
 * Two layouts: the legacy matrix-doc trees (api/<api>/*.yaml, modules included from
 * specification/modules/*.rst, basePath with %CLIENT_MAJOR_VERSION%) and the v1.x trees
 * (data/api/<api>/*.yaml, modules included from content/client-server-api/modules/*.md).
 * spec-history.ts combines the trees of every release into first/last releases.
 */
export const SPEC_APIS = ['client-server', 'server-server', 'application-service'] as const;
export type SpecApi = (typeof SPEC_APIS)[number];
export type TreeLayout = 'legacy' | 'data';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

export interface TreeEndpoint {
  api: SpecApi;
  method: string;
  path: string;
  /** Identity across releases (see endpointIdentity). */
  identity: string;
  /** x-addedInMatrixVersion as written ("1.5"), kept only as a cross-check. */
  openapiAddedIn?: string;
  deprecated: boolean;
  authRequired: boolean;
  /** Its responses document 404 M_UNRECOGNIZED for a server that does not support it (legacy login, OAuth metadata). */
  optional: boolean;
  module?: string;
}

/**
 * One endpoint across releases: the method, the api, and the path with placeholder names
 * dropped and the r0 path segment read as v3, because v1.1 re-versioned every /r0/ endpoint
 * of the client-server API (and the media repository) to /v3/ (MSC2844).
 */
export function endpointIdentity(api: string, method: string, path: string): string {
  return `${api} ${method} ${path.replace(/\{[^}]+\}/g, '{}').replace(/^\/_matrix\/(client|media)\/r0(?=\/)/, '/_matrix/$1/v3')}`;
}

type Operation = { 'x-addedInMatrixVersion'?: unknown; deprecated?: unknown; security?: Array<Record<string, unknown>>; responses?: Record<string, unknown> };
type OpenApi = { basePath?: string; servers?: Array<{ variables?: { basePath?: { default?: string } } }>; paths?: Record<string, Record<string, Operation> | null> };

/** Client-server API file stem → the module page that includes it (absent: core API). */
function modulesOf(tree: GitRevision, layout: TreeLayout): Map<string, string> {
  const owners = new Map<string, string>();
  const dir = layout === 'legacy' ? 'specification/modules/' : 'content/client-server-api/modules/';
  const pages = tree.files.filter((file) => file.startsWith(dir) && /\.(md|rst)$/.test(file) && !file.slice(dir.length).includes('/'));
  for (const [page, text] of tree.readMany(pages)) {
    const module = page.slice(dir.length).replace(/\.(md|rst)$/, '');
    // v1.x: {{% http-api spec="client-server" api="tags" %}}; legacy: {{tags_cs_http_api}}.
    const pattern = layout === 'legacy' ? /\{\{([a-z0-9_]+)_cs_http_api\}\}/g : /http-api spec="client-server" api="([A-Za-z0-9_-]+)"/g;
    for (const match of text.matchAll(pattern)) owners.set(match[1]!.replace(/-/g, '_'), module);
  }
  return owners;
}

/** The base path of an OpenAPI file, as a request path (legacy placeholders filled in). */
function basePathOf(document: OpenApi): string {
  const raw = document.basePath ?? document.servers?.[0]?.variables?.basePath?.default ?? '';
  return (
    raw
      // The legacy client-server API's only major version was r0.
      .replace(/%CLIENT_MAJOR_VERSION%/g, 'r0')
      // r0.0.x documented two files under /_matrix/client/api/r0: a leftover of the draft's
      // /api/v1 prefix, which r0.1.0's changelog says was replaced by the major version.
      .replace(/^\/_matrix\/client\/api\//, '/_matrix/client/')
      .replace(/\/$/, '')
  );
}

/** Every operation of the given APIs in one release tree. */
export function readTreeEndpoints(tree: GitRevision, layout: TreeLayout, apis: readonly SpecApi[]): TreeEndpoint[] {
  const modules = modulesOf(tree, layout);
  const root = layout === 'legacy' ? 'api' : 'data/api';
  const endpoints: TreeEndpoint[] = [];
  for (const api of apis) {
    const dir = `${root}/${api}/`;
    const files = tree.files.filter((file) => file.startsWith(dir) && file.endsWith('.yaml') && !file.slice(dir.length).includes('/'));
    for (const [file, text] of tree.readMany(files)) {
      let document: OpenApi;
      try {
        document = parse(text) as OpenApi;
      } catch {
        continue;
      }
      const basePath = basePathOf(document ?? {});
      if (!basePath.startsWith('/_matrix')) continue;
      const stem = file.slice(dir.length).replace(/\.yaml$/, '');
      const module = api === 'client-server' ? modules.get(stem.replace(/-/g, '_')) : undefined;
      for (const [route, operations] of Object.entries(document?.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations ?? {})) {
          if (!METHODS.has(method)) continue;
          const path = `${basePath}${route.trim()}`;
          const added = operation?.['x-addedInMatrixVersion'];
          endpoints.push({
            api,
            method: method.toUpperCase(),
            path,
            identity: endpointIdentity(api, method.toUpperCase(), path),
            ...(typeof added === 'string' || typeof added === 'number' ? { openapiAddedIn: String(added) } : {}),
            deprecated: operation?.deprecated === true,
            // Needs an access token (security lists no anonymous alternative): such endpoints
            // answer 401 to an anonymous request before doing anything.
            authRequired:
              Array.isArray(operation?.security) &&
              operation.security.length > 0 &&
              operation.security.every((scheme) => Object.keys(scheme ?? {}).length > 0 && Object.keys(scheme).some((name) => /accessToken/.test(name))),
            optional: JSON.stringify(operation?.responses?.['404'] ?? null).includes('M_UNRECOGNIZED'),
            ...(module ? { module } : {}),
          });
        }
      }
    }
  }
  return endpoints;
}
