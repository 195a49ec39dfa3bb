import { describe, expect, it } from 'vitest';
import { overlayData, loadBundledData } from '../../src/catalogue/load.js';
import { entry } from '../helpers/build.js';
import type { CatalogueData } from '../../src/catalogue/types.js';

const emptyOverlay = (): CatalogueData => ({ meta: {}, specVersions: [], mscs: [], vendorFeatures: [] });

describe('overlayData', () => {
  it('keeps every bundled spec endpoint, spec name, spec version, MSC and vendor feature', async () => {
    const base = await loadBundledData();
    const merged = overlayData(base, emptyOverlay());
    expect(base.specEndpoints?.length).toBeGreaterThan(100);
    expect(base.specNames?.length).toBeGreaterThan(10);
    expect(merged.specEndpoints).toEqual(base.specEndpoints);
    expect(merged.specNames).toEqual(base.specNames);
    expect(merged.specVersions).toEqual(base.specVersions);
    expect(merged.mscs).toEqual(base.mscs);
    // Vendor features without a flag are kept one by one, not collapsed into one.
    expect(merged.vendorFeatures).toEqual(base.vendorFeatures);
  });

  it('adds new entries and replaces those with the same key', () => {
    const base: CatalogueData = {
      meta: { checked_against_spec: '2026-07-21' },
      specVersions: [{ version: 'v1.1', released: '2021-11-09' }],
      mscs: [entry({ msc: 1, title: 'old' }), entry({ msc: 2 })],
      vendorFeatures: [],
      specEndpoints: [{ method: 'GET', path: '/_matrix/client/v3/account/whoami', api: 'client-server' }],
      specNames: [{ kind: 'login_type', name: 'm.login.password' }],
    };
    const merged = overlayData(base, { ...emptyOverlay(), mscs: [entry({ msc: 1, title: 'new' }), entry({ msc: 3 })], specVersions: [{ version: 'v1.2', released: '2022-02-02' }] });
    expect(merged.mscs.map((e) => `${e.msc} ${e.title}`)).toEqual(['1 new', '2 Test MSC 2', '3 Test MSC 3']);
    expect(merged.specVersions.map((v) => v.version)).toEqual(['v1.1', 'v1.2']);
    expect(merged.specEndpoints).toEqual(base.specEndpoints);
    expect(merged.specNames).toEqual(base.specNames);
    expect(merged.meta.checked_against_spec).toBe('2026-07-21');
  });
});
