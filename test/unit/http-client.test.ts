import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/probe/http-client.js';
import { DEFAULT_PROBE_OPTIONS } from '../../src/probe/options.js';
import { boundJson, jsonShape } from '../../src/util/bounded-json.js';
import { escapeJsonText, stripControl } from '../../src/util/sanitize.js';
import { xml } from '../../src/report/escape.js';

/** A loopback server whose handler sees how many times each path was asked. */
async function server(handler: (request: IncomingMessage, response: ServerResponse, hit: number) => void): Promise<{ url: string; hits: Map<string, number>; close: () => Promise<void> }> {
  const hits = new Map<string, number>();
  const http = createServer((request, response) => {
    const hit = (hits.get(request.url ?? '') ?? 0) + 1;
    hits.set(request.url ?? '', hit);
    handler(request, response, hit);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

async function client(handler: Parameters<typeof server>[0], options: Partial<typeof DEFAULT_PROBE_OPTIONS> = {}) {
  const running = await server(handler);
  closers.push(running.close);
  const http = new HttpClient({ ...DEFAULT_PROBE_OPTIONS, backoffMs: 1, timeoutMs: 2000, ...options }, new AbortController().signal);
  closers.push(() => http.close());
  return { http, ...running };
}

const json = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
};

describe('http client: ambiguous answers are asked again', () => {
  it('JSON cut short, a 2xx proxy page and a 503 with Retry-After are retried until a real answer', async () => {
    const { http, url, hits } = await client((_request, response, hit) => {
      if (hit === 1) return json(response, 200, '{"versions": ["v1.1"');
      if (hit === 2) {
        response.writeHead(200, { 'content-type': 'text/html' });
        return void response.end('<html>proxy</html>');
      }
      if (hit === 3) return json(response, 503, '{}', { 'retry-after': '0' });
      return json(response, 200, '{"versions": ["v1.11"]}');
    }, { retries: 3 });
    const outcome = await http.send({ method: 'GET', url: new URL('/x', url) });
    expect(outcome).toMatchObject({ status: 200, attempts: 4, json: { versions: ['v1.11'] } });
    expect(hits.get('/x')).toBe(4);
  });

  it('a 2xx HTML page given twice in a row is the server\'s consistent answer, unless JSON is a must', async () => {
    const { http, url, hits } = await client((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><html>app</html>');
    }, { retries: 4 });
    expect(await http.send({ method: 'GET', url: new URL('/spa', url) })).toMatchObject({ status: 200, bodyKind: 'html', attempts: 2 });
    expect(await http.send({ method: 'GET', url: new URL('/versions', url), mustBeJson: true })).toMatchObject({ bodyKind: 'html', attempts: 5 });
    expect([hits.get('/spa'), hits.get('/versions')]).toEqual([2, 5]);
  });

  it('JSON labelled text/html is read as JSON; own properties only for errcode', async () => {
    const { http, url } = await client((_request, response) => {
      response.writeHead(401, { 'content-type': 'text/html' });
      response.end('{"__proto__": {"errcode": "M_FAKE"}, "error": "x"}');
    });
    const outcome = await http.send({ method: 'GET', url: new URL('/y', url) });
    expect(outcome).toMatchObject({ status: 401, bodyKind: 'json', attempts: 1 });
    expect(outcome.errcode).toBeUndefined();
  });
});

describe('http client: --timeout bounds the whole request', () => {
  it('a body trickling a byte every 100 ms is cut off at the timeout, though no gap is long', async () => {
    const { http, url } = await client((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(' ')), 100);
      response.on('close', () => clearInterval(timer));
    }, { timeoutMs: 500, retries: 0 });
    const outcome = await http.send({ method: 'GET', url: new URL('/slow', url) });
    expect(outcome.error).toBe('timeout');
    expect(outcome.durationMs).toBeLessThan(1500);
  });
});

describe('http client: redirects', () => {
  it('names a same-origin loop, a chain longer than the limit, and another origin', async () => {
    const { http, url } = await client((request, response) => {
      const next: Record<string, string> = { '/a': '/b', '/b': '/a', '/c1': '/c2', '/c2': '/c3', '/c3': '/c4', '/c4': '/c5', '/x': 'https://elsewhere.example/' };
      response.writeHead(302, { location: next[request.url ?? ''] ?? '/a', 'content-length': 0 });
      response.end();
    });
    expect((await http.send({ method: 'GET', url: new URL('/a', url) })).redirectProblem).toBe(`a redirect loop (back to ${url}/a)`);
    expect((await http.send({ method: 'GET', url: new URL('/c1', url) })).redirectProblem).toBe('more than 3 redirects in a row');
    expect((await http.send({ method: 'GET', url: new URL('/x', url) })).redirectProblem).toBe('another origin');
  });
});

describe('bounded JSON', () => {
  it('cuts 100,000 nested arrays to 64 levels, without recursion, and says so', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    const bounded = boundJson(deep);
    expect(jsonShape(bounded.value).depth).toBe(64);
    expect(bounded.cut).toMatch(/nested deeper than 64 levels/);
    expect(() => JSON.stringify(bounded.value)).not.toThrow();
  });

  it('keeps the first 1,000 keys of an object, and __proto__ as an own key', () => {
    const wide = JSON.parse(`{"__proto__": {"polluted": true}, ${Array.from({ length: 1500 }, (_, index) => `"k${index}": ${index}`).join(', ')}}`) as Record<string, unknown>;
    const bounded = boundJson(wide);
    const value = bounded.value as Record<string, unknown>;
    expect(Object.keys(value)).toHaveLength(1000);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(bounded.cut).toMatch(/more than 1000 keys or items in one object or array/);
  });

  it('leaves documents within the limits untouched', () => {
    const document = { versions: ['v1.11'], unstable_features: { 'org.matrix.msc3575': true } };
    expect(boundJson(document)).toEqual({ value: document });
  });
});

describe('the one sanitiser', () => {
  const nasty = 'a\u001b[31mb\u009b\u007fc\r\u202ed\u061ce\u200ff\u2028g\u200bh';
  it('text: strips escapes and controls, shows bidi, separators and zero-width as \\uXXXX', () => {
    expect(stripControl(nasty)).toBe('abc\\u202ed\\u061ce\\u200ff\\u2028g\\u200bh');
  });
  it('XML: the same, and still well-formed', () => {
    expect(xml(`${nasty}<&>`)).toBe('abc\\u202ed\\u061ce\\u200ff\\u2028g\\u200bh&lt;&amp;&gt;');
  });
  it('JSON: escaped, not stripped, so it parses back to what the server sent', () => {
    const text = escapeJsonText(JSON.stringify({ flag: nasty }));
    expect(text).not.toMatch(/[\u007f-\u009f\u061c\u200b-\u200f\u2028\u202e]/);
    expect((JSON.parse(text) as { flag: string }).flag).toBe(nasty);
  });
});
