import { Catalogue } from '../../src/catalogue/index.js';
import type { CatalogueData, MscEntry, SpecVersion } from '../../src/catalogue/types.js';
import { SNAPSHOT_VERSION, type ProbeRecord, type Snapshot } from '../../src/snapshot/types.js';

/** Builders for tests: catalogues and snapshots made in the test, no server, no bundled data. */

export const SPEC_VERSIONS: SpecVersion[] = [
  { version: 'r0.6.1', released: '2020-05-27' },
  { version: 'v1.1', released: '2021-11-09' },
  { version: 'v1.2', released: '2022-02-02' },
  { version: 'v1.3', released: '2022-06-15' },
  { version: 'v1.4', released: '2022-09-29' },
  { version: 'v1.10', released: '2024-03-22' },
  { version: 'v1.11', released: '2024-06-20' },
];

type EntryInput = Partial<Omit<MscEntry, 'unstable' | 'stable'>> & {
  msc: number;
  unstable?: Partial<MscEntry['unstable']>;
  stable?: Partial<MscEntry['stable']>;
};

export function entry(input: EntryInput): MscEntry {
  return {
    title: `Test MSC ${input.msc}`,
    status: 'open',
    sources: ['test/test#1'],
    ...input,
    unstable: { flags: [], endpoints: [], fields: [], ...input.unstable },
    stable: { flags: [], endpoints: [], fields: [], ...input.stable },
  } as MscEntry;
}

export function catalogue(entries: MscEntry[], extra: Partial<CatalogueData> = {}): Catalogue {
  return new Catalogue({ meta: { checked_against_spec: '2026-07-21' }, specVersions: SPEC_VERSIONS, mscs: entries, vendorFeatures: [], ...extra });
}

let probeCounter = 0;

export function probe(input: Partial<ProbeRecord> & { url: string }): ProbeRecord {
  probeCounter += 1;
  return {
    id: `t${probeCounter}`,
    purpose: 'endpoint',
    method: 'GET',
    authenticated: false,
    durationMs: 1,
    attempts: 1,
    classification: 'present',
    confidence: 'high',
    why: 'test',
    ...input,
  };
}

const BASE = 'https://hs.test';

/** A probe of a catalogue endpoint that the server answered as `state`. */
export function endpointProbe(msc: number, form: 'unstable' | 'stable', path: string, state: 'present' | 'absent' | 'inconclusive' | 'absent-low', method = 'GET'): ProbeRecord {
  const answers = {
    present: { status: 401, errcode: 'M_MISSING_TOKEN', classification: 'present', confidence: 'high' },
    absent: { status: 404, errcode: 'M_UNRECOGNIZED', classification: 'absent', confidence: 'high' },
    'absent-low': { status: 404, bodyKind: 'html', classification: 'absent', confidence: 'low' },
    inconclusive: { status: 502, classification: 'inconclusive', confidence: 'high' },
  } as const;
  return probe({ url: `${BASE}${path}`, msc, form, method, ...answers[state] });
}

export function snapshot(input: { versions?: unknown; versionsProbe?: Partial<ProbeRecord>; probes?: ProbeRecord[] } = {}): Snapshot {
  const versionsProbe = probe({
    id: 'versions',
    purpose: 'versions',
    url: `${BASE}/_matrix/client/versions`,
    status: 200,
    bodyKind: 'json',
    json: input.versions ?? { versions: ['v1.11'] },
    ...input.versionsProbe,
  });
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    tool: { name: 'msc-audit', version: 'test' },
    target: { input: BASE, baseUrl: BASE, discovery: { method: 'url', detail: 'test', probeIds: [] } },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    catalogue: { entries: 0 },
    documents: { versions: 'versions' },
    auth: { authenticated: false },
    probes: [versionsProbe, ...(input.probes ?? [])],
  };
}

/** Add documents (login, capabilities, well-known, push-rules, ...) with their JSON bodies to a snapshot. */
export function withDocuments(base: Snapshot, documents: Record<string, unknown>): Snapshot {
  const probes = Object.entries(documents).map(([name, json]) =>
    probe({ id: `doc-${name}`, purpose: 'document', document: name, url: `${BASE}/${name}`, status: 200, bodyKind: 'json', json, authenticated: true }),
  );
  return {
    ...base,
    probes: [...base.probes, ...probes],
    documents: { ...base.documents, ...Object.fromEntries(Object.keys(documents).map((name) => [name, `doc-${name}`])) },
  };
}
