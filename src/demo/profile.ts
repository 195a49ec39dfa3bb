import type { RouteSpec, ServerProfile } from './homeserver.js';

/**
 * The demo homeserver: Synapse-like, with a few deliberate lifecycle violations so that
 * `msc-audit demo` shows each kind of finding. Every name in it is a real MSC identifier.
 */

/** Stable client endpoints every server has; probed under /unstable/ by unprefixed-unstable-endpoint. */
export const CORE_PATHS = ['/account/whoami', '/capabilities', '/login', '/pushrules/', '/voip/turnServer'];

export function coreRoutes(prefix: string): RouteSpec[] {
  return CORE_PATHS.map((path) => ({
    method: 'GET',
    path: `/_matrix/client/${prefix}${path}`,
    ...(path === '/login' ? { respond: { status: 200, json: { flows: [{ type: 'm.login.password' }] } } } : {}),
  }));
}

export const STABLE_MEDIA_ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/_matrix/client/v1/media/config' },
  { method: 'GET', path: '/_matrix/client/v1/media/preview_url' },
  { method: 'GET', path: '/_matrix/client/v1/media/download/{serverName}/{mediaId}' },
  { method: 'GET', path: '/_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}' },
  { method: 'GET', path: '/_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}' },
];

export const ALL_RELEASED_VERSIONS_TO_V1_11 = ['r0.0.1', 'r0.1.0', 'r0.2.0', 'r0.3.0', 'r0.4.0', 'r0.5.0', 'r0.6.0', 'r0.6.1', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11'];

export function demoProfile(): ServerProfile {
  return {
    name: 'demo',
    versions: {
      versions: ALL_RELEASED_VERSIONS_TO_V1_11,
      unstable_features: {
        // MSC3916 is in v1.11, which this server advertises: the .stable flag should have gone.
        'org.matrix.msc3916.stable': true,
        // Simplified sliding sync (MSC4186), served under its unstable path: fine.
        'org.matrix.simplified_msc3575': true,
        // A closed MSC's flag, still on.
        'org.matrix.msc2836': true,
        // Known but switched off.
        'io.element.e2ee_forced.public': false,
        // Nobody knows this one.
        'com.example.msc9876.experiment': true,
      },
    },
    federationVersion: { name: 'msc-audit demo homeserver', version: '1.0' },
    // Every client-server endpoint of the versions it advertises.
    serveSpecUpTo: 'v1.11',
    unknownPaths: 'matrix',
    routes: [
      ...coreRoutes('v3'),
      // Registered for every prefix, as some servers do: answered under /unstable/ too.
      ...coreRoutes('unstable'),
      ...STABLE_MEDIA_ROUTES,
      { method: 'GET', path: '/_matrix/client/unstable/org.matrix.msc3916/media/config' },
      { method: 'POST', path: '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync' },
      // MatrixRTC (MSC4143) is still open, yet its stable path is served.
      { method: 'GET', path: '/_matrix/client/v1/rtc/transports' },
    ],
  };
}
