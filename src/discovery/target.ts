import { isIP } from 'node:net';
import { InputError } from '../util/errors.js';

/** What the user pointed msc-audit at. */
export type Target = { kind: 'url'; url: URL; input: string; note?: string } | { kind: 'server-name'; name: string; input: string };

/** Hosts where plain HTTP cannot leak anything to the network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

// The spec's server name grammar: a DNS name, an IPv4 literal or a bracketed IPv6 literal, optional port.
const SERVER_NAME = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,255})(?::(\d{1,5}))?$/;

export function parseServerName(input: string): string {
  const match = SERVER_NAME.exec(input);
  const port = match?.[1] !== undefined ? Number(match[1]) : undefined;
  const host = input.replace(/:\d+$/, '');
  const validHost = host.startsWith('[') ? isIP(host.slice(1, -1)) === 6 : host.split('.').every((label) => /^[A-Za-z0-9-]{1,63}$/.test(label));
  if (!match || !validHost || (port !== undefined && (port < 1 || port > 65535))) {
    throw new InputError(`"${input}" is neither a URL nor a server name: give https://host[:port] or a server name such as example.org`);
  }
  return input.toLowerCase();
}

/** Check that a URL may be audited: http(s), no credentials, plain HTTP only for loopback or with --insecure. */
export function checkBaseUrl(url: URL, insecure: boolean, what: string): URL {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`${what} ${url.href} uses ${url.protocol.replace(':', '')}: only http and https are supported`);
  }
  if (url.username || url.password) throw new InputError(`${what} must not contain a user name or password; give the token with --token-file instead`);
  if (url.protocol === 'http:' && !insecure && !isLoopbackHost(url.hostname)) {
    throw new InputError(`${what} ${url.origin} is plain http: use https, or pass --insecure to allow it`);
  }
  const clean = new URL(url.href);
  clean.search = '';
  clean.hash = '';
  clean.pathname = clean.pathname.replace(/\/+$/, '');
  return clean;
}

/**
 * A base URL never contains a Matrix API path: /_matrix/client/versions, /_matrix/client/v3 or
 * /_matrix are the API, not the server. Such a URL is corrected by cutting it from /_matrix on
 * (a path before it, e.g. a reverse proxy's /matrix prefix, stays), with a note saying so.
 */
export function withoutMatrixPath(url: URL): { url: URL; note: string } | undefined {
  const at = url.pathname.search(/\/_matrix(?:\/|$)/);
  if (at < 0) return undefined;
  const corrected = new URL(url.href);
  corrected.pathname = url.pathname.slice(0, at);
  const base = `${corrected.origin}${corrected.pathname.replace(/\/+$/, '')}`;
  return { url: new URL(base), note: `using ${base}: a base URL ends before /_matrix (${url.pathname} is an API path)` };
}

export function parseTarget(input: string, insecure: boolean): Target {
  const trimmed = input.trim();
  if (trimmed.length === 0) throw new InputError('no server given: msc-audit audit <url | server name>');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new InputError(`"${trimmed}" is not a valid URL`);
    }
    const base = checkBaseUrl(url, insecure, 'the URL');
    const corrected = withoutMatrixPath(base);
    return corrected ? { kind: 'url', url: corrected.url, input: trimmed, note: corrected.note } : { kind: 'url', url: base, input: trimmed };
  }
  return { kind: 'server-name', name: parseServerName(trimmed), input: trimmed };
}
