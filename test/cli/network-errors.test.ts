import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve, TRUST_TEST_CA } from '../helpers/servers.js';
import { startHomeserver, type RunningHomeserver, type ServerProfile } from '../../src/demo/homeserver.js';

/**
 * One test per class of network failure, each on a loopback fixture: one line on stderr that names
 * the problem and its fix, exit 3, and no retry where a retry cannot help.
 */
const tlsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
const pem = (name: string) => readFileSync(path.join(tlsDir, name), 'utf8');
const minimal: ServerProfile = { name: 'minimal', versions: { versions: ['v1.1'] }, routes: [], unknownPaths: 'matrix' };

const started: RunningHomeserver[] = [];
afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
});

async function tlsServer(cert: string, key: string): Promise<RunningHomeserver> {
  const server = await startHomeserver(minimal, { tls: { cert: pem(cert), key: pem(key) } });
  started.push(server);
  return server;
}

const oneLine = (text: string): string => {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^msc-audit: cannot read /);
  return lines[0]!;
};

/** Requests the --verbose trace shows for one URL: more than one means it was retried. */
const attempts = (stderr: string, url: string) => stderr.split('\n').filter((line) => line.startsWith('msc-audit: probe ') && line.includes(url)).length;

describe('network errors people understand', () => {
  it('a self-signed certificate: names it, points at NODE_EXTRA_CA_CERTS, no retry', async () => {
    const server = await tlsServer('cert.pem', 'key.pem');
    const result = await cli(['audit', server.url]);
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/certificate of 127\.0\.0\.1:\d+ is self-signed.*NODE_EXTRA_CA_CERTS=/);
    const traced = await cli(['audit', server.url, '--verbose']);
    expect(attempts(traced.stderr, '/_matrix/client/versions')).toBe(1);
  });

  it('an expired certificate: says expired, even when its issuer is trusted', async () => {
    const server = await tlsServer('expired.pem', 'expired-key.pem');
    const result = await cli(['audit', server.url], { NODE_EXTRA_CA_CERTS: path.join(tlsDir, 'expired.pem') });
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/certificate of 127\.0\.0\.1:\d+ has expired \(CERT_HAS_EXPIRED\): renew it/);
  });

  it('a certificate for another name: says so and names the host asked for', async () => {
    const server = await tlsServer('other-host.pem', 'other-host-key.pem');
    const result = await cli(['audit', `https://localhost:${server.port}`], { NODE_EXTRA_CA_CERTS: path.join(tlsDir, 'other-host.pem') });
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(/certificate served at localhost:\d+ is for another name than localhost \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it('https to a plain-HTTP port: says it is not TLS and suggests http://', async () => {
    const server = await serve(minimal);
    const result = await cli(['audit', `https://127.0.0.1:${server.port}`]);
    expect(result.code).toBe(3);
    expect(oneLine(result.stderr)).toMatch(new RegExp(`127\\.0\\.0\\.1:${server.port} does not speak TLS \\(ERR_SSL_WRONG_VERSION_NUMBER\\).*use http://127\\.0\\.0\\.1:${server.port}`));
  });

  it('a host that does not exist: "no such host", one DNS attempt per URL', async () => {
    // .invalid never resolves (RFC 6761): resolvers answer NXDOMAIN without asking the internet.
    const result = await cli(['audit', 'matrix.msc-audit-test.invalid', '--verbose'], TRUST_TEST_CA);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^msc-audit: cannot read https:\/\/matrix\.msc-audit-test\.invalid\/_matrix\/client\/versions: no such host matrix\.msc-audit-test\.invalid \(DNS lookup found no address, ENOTFOUND\)/);
    expect(attempts(result.stderr, '/.well-known/matrix/client')).toBe(1);
    expect(attempts(result.stderr, '/_matrix/client/versions')).toBe(1);
    expect(lines).toHaveLength(3);
  });

  it('a closed port: names host and port, no retry', async () => {
    // Find a free port by opening and closing a listener: nothing listens there afterwards.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const result = await cli(['audit', `http://127.0.0.1:${port}`, '--verbose']);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`connection refused by 127\\.0\\.0\\.1 on port ${port} \\(ECONNREFUSED\\)`));
  });
});
