import { parseServerName } from './target.js';
import type { HttpOutcome } from '../probe/http-client.js';
import { ownValue } from '../util/own.js';

/**
 * Where a server name's federation API lives, after the spec's server discovery, simplified:
 * `m.server` of https://NAME/.well-known/matrix/server (port 8448 when it gives none), else
 * NAME itself (its own port, or 8448). SRV records are not looked up. Used only to read
 * GET /_matrix/federation/v1/version (the server software) when the client base URL does not
 * serve it; never sent a token.
 */
export function federationOrigin(name: string, wellKnown: HttpOutcome | undefined): string {
  const withPort = (host: string): string => (/:\d+$/.test(host) || (host.startsWith('[') && /\]:\d+$/.test(host)) ? host : `${host}:8448`);
  const delegated = wellKnown?.status === 200 ? ownValue(wellKnown.json, 'm.server') : undefined;
  if (typeof delegated === 'string') {
    try {
      return `https://${withPort(parseServerName(delegated))}`;
    } catch {
      // An invalid delegation: fall back to the name itself, as the spec says for bad documents.
    }
  }
  return `https://${withPort(name)}`;
}
