import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The spec's endpoint inventory, read from a matrix-org/matrix-spec clone: every operation of
 * the OpenAPI files with the version that added it (`x-addedInMatrixVersion`; none means it
 * predates v1.1), whether it is deprecated, and the client-server module that documents it.
 */
import type { SpecEndpoint } from './types.js';
export type { SpecEndpoint };

const APIS = ['client-server', 'server-server', 'application-service'] as const;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** Which OpenAPI file names each client-server module page includes. */
function moduleOfApi(specDir: string): Map<string, string> {
  const modulesDir = path.join(specDir, 'content', 'client-server-api', 'modules');
  const owners = new Map<string, string>();
  if (!existsSync(modulesDir)) return owners;
  for (const file of readdirSync(modulesDir).filter((name) => name.endsWith('.md'))) {
    const text = readFileSync(path.join(modulesDir, file), 'utf8');
    for (const match of text.matchAll(/http-api spec="client-server" api="([A-Za-z0-9_-]+)"/g)) owners.set(match[1]!, file.replace(/\.md$/, ''));
  }
  return owners;
}

type Operation = { 'x-addedInMatrixVersion'?: unknown; deprecated?: unknown; security?: Array<Record<string, unknown>> };
type OpenApi = { servers?: Array<{ variables?: { basePath?: { default?: string } } }>; paths?: Record<string, Record<string, Operation>> };

const normalise = (path: string): string => path.replace(/\{[^}]+\}/g, '{}');

/**
 * r0-era additions, from changelogs/legacy/client_server.rst: bullets that name a new endpoint
 * ("- ``GET /account/whoami``" under "New endpoints", or "Add ``POST /path`` endpoint").
 * Returns method + path tail (after /_matrix/client/rN) → the oldest r0 version naming it.
 */
function legacyClientAdditions(specDir: string): Map<string, string> {
  const file = path.join(specDir, 'changelogs', 'legacy', 'client_server.rst');
  const additions = new Map<string, string>();
  if (!existsSync(file)) return additions;
  let version: string | undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (/^r0\.\d+\.\d+$/.test(line.trim()) && /^=+$/.test(lines[index + 1]?.trim() ?? '')) version = line.trim();
    const match = /^\s*-\s+``(GET|POST|PUT|DELETE) (\/[^`\s]+)``\s*$/.exec(line) ?? /\bAdd(?:ed)? (?:a |the )?(?:new )?``(GET|POST|PUT|DELETE) (\/[^`\s]+)``/.exec(line);
    // The file lists the newest release first, so later matches are older: keep overwriting.
    if (match && version && version !== 'r0.0.0') additions.set(`${match[1]} ${normalise(match[2]!)}`, version);
  });
  return additions;
}

export function readSpecEndpoints(specDir: string): SpecEndpoint[] {
  const modules = moduleOfApi(specDir);
  const legacy = legacyClientAdditions(specDir);
  const endpoints: SpecEndpoint[] = [];
  for (const api of APIS) {
    const directory = path.join(specDir, 'data', 'api', api);
    if (!existsSync(directory)) continue;
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.yaml')).sort()) {
      let document: OpenApi;
      try {
        document = parse(readFileSync(path.join(directory, file), 'utf8')) as OpenApi;
      } catch {
        continue;
      }
      const basePath = document?.servers?.[0]?.variables?.basePath?.default ?? '';
      if (!basePath.startsWith('/_matrix')) continue;
      const module = api === 'client-server' ? modules.get(file.replace(/\.yaml$/, '')) : undefined;
      for (const [route, operations] of Object.entries(document?.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations ?? {})) {
          if (!METHODS.has(method)) continue;
          const added = operation?.['x-addedInMatrixVersion'];
          const tail = api === 'client-server' ? `${basePath}${route.trim()}`.replace(/^\/_matrix\/client\/(?:v\d|r0)/, '') : undefined;
          const legacyAdded = tail !== undefined && typeof added !== 'string' ? legacy.get(`${method.toUpperCase()} ${normalise(tail)}`) : undefined;
          endpoints.push({
            method: method.toUpperCase(),
            path: `${basePath}${route.trim()}`,
            api,
            ...(typeof added === 'string' ? { added_in: `v${added}` } : legacyAdded ? { added_in: legacyAdded } : {}),
            ...(operation?.deprecated === true ? { deprecated: true } : {}),
            // Needs an access token (security lists no anonymous alternative): such endpoints
            // answer 401 to an anonymous request before doing anything.
            ...(Array.isArray(operation?.security) && operation.security.length > 0 && operation.security.every((scheme) => Object.keys(scheme ?? {}).length > 0 && Object.keys(scheme).some((name) => /accessToken/.test(name)))
              ? { auth_required: true }
              : {}),
            ...(module ? { module } : {}),
          });
        }
      }
    }
  }
  return endpoints.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
