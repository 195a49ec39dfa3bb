import { describe, expect, it } from 'vitest';
import { parseTarget, isLoopbackHost } from '../../src/discovery/target.js';
import { interpretWellKnown } from '../../src/discovery/well-known.js';
import { InputError, UnauditableError } from '../../src/util/errors.js';
import type { HttpOutcome } from '../../src/probe/http-client.js';

describe('parseTarget', () => {
  it('takes https URLs and strips trailing slashes, query and fragment', () => {
    const target = parseTarget('https://matrix.example.org/?x=1#y', false);
    expect(target).toMatchObject({ kind: 'url' });
    expect(target.kind === 'url' && target.url.href).toBe('https://matrix.example.org/');
  });
  it('allows plain http only on loopback or with --insecure', () => {
    expect(parseTarget('http://127.0.0.1:8008', false).kind).toBe('url');
    expect(parseTarget('http://[::1]:8008', false).kind).toBe('url');
    expect(() => parseTarget('http://matrix.example.org', false)).toThrow(/--insecure/);
    expect(parseTarget('http://matrix.example.org', true).kind).toBe('url');
  });
  it('refuses credentials in URLs and other schemes', () => {
    expect(() => parseTarget('https://user:pw@example.org', false)).toThrow(InputError);
    expect(() => parseTarget('ftp://example.org', false)).toThrow(/only http and https/);
  });
  it('takes server names, with ports and IP literals', () => {
    expect(parseTarget('example.org', false)).toMatchObject({ kind: 'server-name', name: 'example.org' });
    expect(parseTarget('example.org:8448', false)).toMatchObject({ kind: 'server-name' });
    expect(parseTarget('[::1]:8448', false)).toMatchObject({ kind: 'server-name' });
  });
  it('refuses what is neither', () => {
    for (const bad of ['exa mple.org', 'example.org:99999', 'bad_name!', '']) expect(() => parseTarget(bad, false)).toThrow(InputError);
  });
  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.3.4.5')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('interpretWellKnown (spec client discovery)', () => {
  const outcome = (o: Partial<HttpOutcome>): HttpOutcome => ({ url: 'https://example.org/.well-known/matrix/client', durationMs: 1, attempts: 1, ...o });
  it('404 falls back to https://NAME', () => expect(interpretWellKnown('example.org', outcome({ status: 404 }), false).use).toBe('fallback'));
  it('uses m.homeserver.base_url', () => {
    const result = interpretWellKnown('example.org', outcome({ status: 200, json: { 'm.homeserver': { base_url: 'https://matrix.example.org/' } } }), false);
    expect(result.use === 'base-url' && result.baseUrl.href).toBe('https://matrix.example.org/');
  });
  it.each([
    ['other status', { status: 500 }, /answered 500/],
    ['not JSON', { status: 200, jsonError: 'Unexpected token' }, /not a JSON object/],
    ['no base_url', { status: 200, json: { 'm.homeserver': {} } }, /no m.homeserver.base_url/],
    ['base_url not a URL', { status: 200, json: { 'm.homeserver': { base_url: 'not a url' } } }, /not a URL/],
    ['plain http base_url', { status: 200, json: { 'm.homeserver': { base_url: 'http://matrix.example.org' } } }, /--insecure/],
  ] as const)('fails on %s', (_name, o, message) => {
    expect(() => interpretWellKnown('example.org', outcome(o as Partial<HttpOutcome>), false)).toThrow(UnauditableError);
    expect(() => interpretWellKnown('example.org', outcome(o as Partial<HttpOutcome>), false)).toThrow(message);
  });
});

describe('base URLs with a Matrix API path', () => {
  it('are cut before /_matrix, keeping a reverse proxy prefix, with a note', () => {
    const target = parseTarget('https://hs.example/matrix/_matrix/client/versions?x=1', false);
    expect(target.kind === 'url' && target.url.href).toBe('https://hs.example/matrix');
    expect(target.kind === 'url' && target.note).toBe('using https://hs.example/matrix: a base URL ends before /_matrix (/matrix/_matrix/client/versions is an API path)');
  });
  it('leave other paths alone', () => {
    for (const url of ['https://hs.example/matrix', 'https://hs.example/_matrixish/x', 'https://hs.example']) {
      const target = parseTarget(url, false);
      expect(target.kind === 'url' && target.note).toBeUndefined();
    }
  });
});
