import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SpecEndpoint } from '../catalogue/types.js';
import { isCheckedSpecEndpoint, owedEndpoint } from '../catalogue/owed-endpoints.js';

/**
 * A scriptable fake homeserver on loopback, used by `msc-audit demo` and by the tests.
 * It answers like a real server would: registered routes need a token (401 M_MISSING_TOKEN),
 * wrong methods get 405, unknown paths get whatever the profile says (M_UNRECOGNIZED, a
 * proxy's HTML page, ...). It records every request so tests can prove probes are safe.
 */
export interface CannedResponse {
  status: number;
  json?: unknown;
  /** A raw body instead of JSON. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteSpec {
  method: string;
  /** Path template with {placeholders}. */
  path: string;
  /** Fixed answer; otherwise 401 without a token and 200 {} with one. */
  respond?: CannedResponse;
  /** The JSON body answered to a valid token (default {}). */
  authenticatedJson?: unknown;
}

export type UnknownPathBehaviour = 'matrix' | 'matrix-400' | 'not-found-json' | 'proxy-html' | 'empty-404';

export interface Misbehaviour {
  /** Path templates (or '*') that misbehave. */
  paths: string[];
  mode: '500' | '502' | 'reset' | 'hang' | 'html-502' | '429';
  /** Misbehave only for the first N requests to each path (then answer normally). */
  times?: number;
}

export interface ServerProfile {
  name: string;
  /** Body of GET /_matrix/client/versions; a string is sent raw (for broken servers). */
  versions: unknown;
  /** Body of GET /_matrix/client/versions for a request with a valid token (default: versions). */
  versionsAuthenticated?: unknown;
  versionsStatus?: number;
  versionsContentType?: string;
  /** Body of GET /_matrix/federation/v1/version; null means not served. */
  federationVersion?: { name: string; version: string } | null;
  /** Body of GET /.well-known/matrix/client (string = raw); undefined means 404. */
  wellKnown?: unknown;
  /** Body of GET /.well-known/matrix/server (federation delegation); undefined means 404. */
  wellKnownServer?: unknown;
  routes: RouteSpec[];
  /** Serve only `routes`: no built-in answer to GET /_matrix/client/v3/account/whoami (a server of an r0 release has none). */
  onlyListedRoutes?: boolean;
  /** Also serve every client-server spec endpoint (no module, not deprecated) up to this version. */
  serveSpecUpTo?: string;
  /** Spec endpoints left out of serveSpecUpTo (method and path template). */
  withoutSpec?: string[];
  unknownPaths: UnknownPathBehaviour;
  misbehave?: Misbehaviour[];
  /** Valid access tokens and whose they are; any token is accepted when absent. */
  tokens?: Record<string, { userId: string; deviceId: string }>;
  /** Answer every request this many milliseconds late (a slow server, for the fleet benchmark). */
  latencyMs?: number;
  /** Redirect every request for a path to another location (for redirect tests). */
  redirects?: Array<{ path: string; location: string; status?: number }>;
  /** Answers a request itself (hostile and chaos profiles) by returning true; false lets the profile answer. */
  intercept?: Interceptor;
}

/** One request as an interceptor sees it; `hit` counts requests with this method and path, from 1. */
export interface InterceptedRequest {
  method: string;
  path: string;
  hit: number;
  request: IncomingMessage;
  response: ServerResponse;
}

export type Interceptor = (intercepted: InterceptedRequest) => boolean;

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  bodyBytes: number;
}

export interface RunningHomeserver {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replace the profile while running (e.g. to fill in its own URL). */
  setProfile(profile: ServerProfile): void;
  close(): Promise<void>;
}

// Compiled once per template: every request is matched against every route.
const templatePatterns = new Map<string, RegExp>();

function templateMatches(template: string, path: string): boolean {
  let pattern = templatePatterns.get(template);
  if (!pattern) {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    pattern = new RegExp(`^${source}/?$`);
    templatePatterns.set(template, pattern);
  }
  return pattern.test(path);
}

function send(response: ServerResponse, canned: CannedResponse): void {
  const body = canned.body ?? (canned.json === undefined ? '' : JSON.stringify(canned.json));
  const contentType = canned.contentType ?? (canned.body !== undefined ? 'text/plain' : 'application/json');
  response.writeHead(canned.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...canned.headers });
  response.end(body);
}

const PROXY_PAGE = '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>';

function unknownPath(behaviour: UnknownPathBehaviour): CannedResponse {
  switch (behaviour) {
    case 'matrix':
      return { status: 404, json: { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' } };
    case 'matrix-400':
      return { status: 400, json: { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' } };
    case 'not-found-json':
      return { status: 404, json: { errcode: 'M_NOT_FOUND', error: 'Not found' } };
    case 'proxy-html':
      return { status: 404, body: PROXY_PAGE, contentType: 'text/html' };
    case 'empty-404':
      return { status: 404, body: '' };
  }
}

/** The spec's client-server endpoints a server of `version` must serve, in that version's path form (see advertised-version-missing-endpoint). */
export function specRoutes(endpoints: readonly SpecEndpoint[], version: string, without: readonly string[] = []): RouteSpec[] {
  return endpoints
    .filter(isCheckedSpecEndpoint)
    .flatMap((endpoint) => {
      const owed = owedEndpoint(endpoint, [version], () => true);
      return owed && !without.includes(`${endpoint.method} ${owed.path}`) ? [{ method: endpoint.method, path: owed.path }] : [];
    });
}

export async function startHomeserver(
  initial: ServerProfile,
  options: { host?: string; port?: number; tls?: { key: string; cert: string }; specEndpoints?: readonly SpecEndpoint[] } = {},
): Promise<RunningHomeserver> {
  const withSpec = (next: ServerProfile): ServerProfile =>
    next.serveSpecUpTo ? { ...next, routes: [...next.routes, ...specRoutes(options.specEndpoints ?? [], next.serveSpecUpTo, next.withoutSpec)] } : next;
  let profile = withSpec(initial);
  const requests: RecordedRequest[] = [];
  const hits = new Map<string, number>();
  const interceptHits = new Map<string, number>();
  const sockets = new Set<Socket>();

  const handle = (request: IncomingMessage, response: ServerResponse, bodyBytes: number): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const method = request.method ?? 'GET';
    const authorization = request.headers.authorization;
    requests.push({ method, path, ...(authorization ? { authorization } : {}), bodyBytes });

    if (profile.intercept) {
      const key = `${method} ${path}`;
      const hit = (interceptHits.get(key) ?? 0) + 1;
      interceptHits.set(key, hit);
      if (profile.intercept({ method, path, hit, request, response })) return;
    }

    const redirect = profile.redirects?.find((r) => r.path === path);
    if (redirect) {
      response.writeHead(redirect.status ?? 302, { location: redirect.location, 'content-length': 0 });
      response.end();
      return;
    }

    const misbehaviour = profile.misbehave?.find((m) => m.paths.includes('*') || m.paths.some((template) => templateMatches(template, path)));
    if (misbehaviour) {
      const key = `${method} ${path}`;
      const count = (hits.get(key) ?? 0) + 1;
      hits.set(key, count);
      if (misbehaviour.times === undefined || count <= misbehaviour.times) {
        switch (misbehaviour.mode) {
          case 'reset':
            request.socket.destroy();
            return;
          case 'hang':
            return; // never answer: the client's timeout must fire
          case '429':
            return send(response, { status: 429, json: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests', retry_after_ms: 20 } });
          case 'html-502':
            return send(response, { status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' });
          default:
            return send(response, { status: Number(misbehaviour.mode), json: { errcode: 'M_UNKNOWN', error: 'Internal server error' } });
        }
      }
    }

    if (path === '/_matrix/client/versions' && method === 'GET') {
      const body = authorization && profile.versionsAuthenticated !== undefined ? profile.versionsAuthenticated : profile.versions;
      const raw = typeof body === 'string';
      return send(response, {
        status: profile.versionsStatus ?? 200,
        ...(raw ? { body: body as string } : { json: body }),
        ...(profile.versionsContentType ? { contentType: profile.versionsContentType } : {}),
      });
    }
    if (path === '/.well-known/matrix/client' && method === 'GET' && profile.wellKnown !== undefined) {
      const raw = typeof profile.wellKnown === 'string';
      return send(response, { status: 200, ...(raw ? { body: profile.wellKnown as string, contentType: 'application/json' } : { json: profile.wellKnown }) });
    }
    if (path === '/.well-known/matrix/server' && method === 'GET' && profile.wellKnownServer !== undefined) {
      return send(response, { status: 200, json: profile.wellKnownServer });
    }
    if (path === '/_matrix/federation/v1/version' && method === 'GET' && profile.federationVersion) {
      return send(response, { status: 200, json: { server: profile.federationVersion } });
    }

    if (authorization && profile.tokens && !profile.tokens[authorization.replace(/^Bearer /, '')]) {
      return send(response, { status: 401, json: { errcode: 'M_UNKNOWN_TOKEN', error: 'Unknown access token' } });
    }
    if (path === '/_matrix/client/v3/account/whoami' && method === 'GET' && authorization && !profile.onlyListedRoutes) {
      const who = profile.tokens?.[authorization.replace(/^Bearer /, '')] ?? { userId: '@auditor:localhost', deviceId: 'AUDITDEVICE' };
      return send(response, { status: 200, json: { user_id: who.userId, device_id: who.deviceId } });
    }
    const samePath = profile.routes.filter((route) => templateMatches(route.path, path));
    const route = samePath.find((candidate) => candidate.method === method);
    if (route) {
      if (route.respond) return send(response, route.respond);
      if (!authorization) return send(response, { status: 401, json: { errcode: 'M_MISSING_TOKEN', error: 'Missing access token' } });
      return send(response, { status: 200, json: route.authenticatedJson ?? {} });
    }
    if (samePath.length > 0) return send(response, { status: 405, json: { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' } });
    return send(response, unknownPath(profile.unknownPaths));
  };

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    request.on('end', () => {
      if (profile.latencyMs) setTimeout(() => handle(request, response, bytes), profile.latencyMs);
      else handle(request, response, bytes);
    });
  };
  const server: Server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A port in use is the caller's to report (demo --serve --port), not an uncaught exception.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    setProfile: (next) => {
      profile = withSpec(next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
