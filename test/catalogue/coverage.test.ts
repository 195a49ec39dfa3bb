import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { compareSpecVersions } from '../../src/catalogue/spec-versions.js';

/** The catalogue's coverage of the spec: versions, every MSC the v1.x changelogs name, and its size. */
const data = parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'spec-changelog-mscs.yaml'), 'utf8')) as {
  changelogs: Record<string, number[]>;
};

describe('catalogue coverage', async () => {
  const catalogue = await loadCatalogue();

  it('knows every spec version r0.0.1 ... r0.6.1 and v1.1 ... v1.19, each with a release date', () => {
    const expected = ['r0.0.1', 'r0.1.0', 'r0.2.0', 'r0.3.0', 'r0.4.0', 'r0.5.0', 'r0.6.0', 'r0.6.1', ...Array.from({ length: 19 }, (_, i) => `v1.${i + 1}`)];
    expect(catalogue.specVersions.map((v) => v.version)).toEqual(expected);
    expect(catalogue.specVersions.every((v) => v.released !== undefined)).toBe(true);
  });

  it('has an entry for each of the 189 MSCs the v1.x changelogs name, released no later than that changelog', () => {
    const numbers = new Map<number, string>();
    for (const version of Object.keys(data.changelogs).sort(compareSpecVersions)) {
      for (const msc of data.changelogs[version]!) if (!numbers.has(msc)) numbers.set(msc, version);
    }
    expect(numbers.size).toBe(189);
    const missing = [...numbers.keys()].filter((msc) => !catalogue.msc(msc));
    expect(missing).toEqual([]);
    const late = [...numbers].filter(([msc, version]) => {
      const entry = catalogue.msc(msc)!;
      return entry.released_in !== undefined && compareSpecVersions(entry.released_in, version) > 0;
    });
    expect(late).toEqual([]);
  });

  it('holds at least 300 entries, each with sources', () => {
    const entries = catalogue.allEntries();
    expect(entries.length).toBeGreaterThanOrEqual(300);
    expect(entries.every((entry) => entry.sources.length > 0)).toBe(true);
  });
});
