import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';

/**
 * Facts read from real homeservers' source (test/data/servers/*.yaml: flags each server can put
 * in unstable_features and routes it registers under /unstable/). The catalogue must know every one.
 */
interface ServerFacts {
  server: string;
  repository: string;
  revision: string;
  flags?: string[];
  unstable_endpoints?: Array<{ method: string; path: string }>;
}

const directory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'servers');
const servers = readdirSync(directory)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, facts: parse(readFileSync(path.join(directory, name), 'utf8')) as ServerFacts }));

describe('the catalogue knows what real servers advertise and serve', async () => {
  const catalogue = await loadCatalogue();

  it('has server lists to check', () => {
    expect(servers.length).toBeGreaterThanOrEqual(8);
  });

  for (const { name, facts } of servers) {
    it(`${name}: every unstable flag maps to an MSC or a vendor feature`, () => {
      const unknown = (facts.flags ?? []).filter((flag) => !catalogue.flag(flag) && !catalogue.vendorFeature(flag));
      expect(unknown).toEqual([]);
    });
    it(`${name}: every unstable endpoint maps to an MSC, a vendor feature, or a spec endpoint it mirrors`, () => {
      const known = (endpoint: { method: string; path: string }) =>
        catalogue.endpointsForPath(endpoint.path).some((match) => match.endpoint.method === endpoint.method) ||
        catalogue.vendorEndpointsForPath(endpoint.path).some((match) => match.endpoint.method === endpoint.method) ||
        catalogue.mirroredSpecEndpoint(endpoint.method, endpoint.path) !== undefined;
      const unknown = (facts.unstable_endpoints ?? [])
        .filter((endpoint) => !known(endpoint))
        .map((endpoint) => `${endpoint.method} ${endpoint.path}`);
      expect(unknown).toEqual([]);
    });
  }
});
