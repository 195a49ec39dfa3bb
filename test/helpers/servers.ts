import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { startHomeserver, type RunningHomeserver, type ServerProfile } from '../../src/demo/homeserver.js';
import { loadCatalogue } from '../../src/catalogue/load.js';

const tlsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
/** A self-signed certificate for localhost/127.0.0.1, trusted by child processes through NODE_EXTRA_CA_CERTS. */
export const TLS = { key: readFileSync(path.join(tlsDir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(tlsDir, 'cert.pem'), 'utf8') };
export const TRUST_TEST_CA = { NODE_EXTRA_CA_CERTS: path.join(tlsDir, 'cert.pem') };

const running: RunningHomeserver[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Start a fixture homeserver for this test file; it is closed after the file's tests. */
export async function serve(profile: ServerProfile, options: { tls?: boolean; host?: string } = {}): Promise<RunningHomeserver> {
  const catalogue = await loadCatalogue();
  const server = await startHomeserver(profile, { ...(options.tls ? { tls: TLS } : {}), ...(options.host ? { host: options.host } : {}), specEndpoints: catalogue.specEndpoints() });
  running.push(server);
  return server;
}
