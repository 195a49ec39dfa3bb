import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { catalogue, endpointProbe, entry, snapshot } from '../helpers/build.js';
import { judge } from '../../src/cli/run-audit.js';
import { resolveSettings } from '../../src/config/resolve.js';
import { buildMatrix, type MatrixInput } from '../../src/matrix/build.js';
import { renderMatrixCsv, csvField } from '../../src/matrix/render/csv.js';
import { renderMatrixMarkdown } from '../../src/matrix/render/markdown.js';
import { renderMatrixJson } from '../../src/matrix/render/json.js';
import type { Snapshot } from '../../src/snapshot/types.js';

const HOSTILE = '=HYPERLINK("http://x")|<script>alert(1)</script>`**';
const cat = catalogue([
  entry({ msc: 4186, title: 'Simplified sliding sync', status: 'accepted', unstable: { flags: ['org.matrix.simplified_msc3575'], endpoints: [{ method: 'POST', path: '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync' }] } }),
  entry({ msc: 3916, title: 'Authenticated media', status: 'released', released_in: 'v1.11', unstable: { flags: ['org.matrix.msc3916'] }, stable: { flags: ['org.matrix.msc3916.stable'], endpoints: [{ method: 'GET', path: '/_matrix/client/v1/media/config' }] } }),
  entry({ msc: 4143, title: 'MatrixRTC', unstable: { endpoints: [{ method: 'GET', path: '/_matrix/client/unstable/org.matrix.msc4143/rtc/transports' }] } }),
]);
const [settings] = resolveSettings(undefined, { server: 'https://hs.test', asOf: '2026-11-22' });

function audited(server: string, snap: Snapshot, software?: string): MatrixInput {
  const withTarget: Snapshot = { ...snap, target: { ...snap.target, input: server, baseUrl: server } };
  const { report } = judge(withTarget, cat, settings!);
  if (software) report.server.software = { name: software, version: '1.0' };
  return { server, status: 'audited', report, snapshot: withTarget };
}

const inputs: MatrixInput[] = [
  audited('https://b.test', snapshot({ versions: { versions: ['v1.11'], unstable_features: { 'org.matrix.simplified_msc3575': true } }, probes: [endpointProbe(4186, 'unstable', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync', 'present', 'POST')] }), HOSTILE),
  audited('https://a.test', snapshot({ versions: { versions: ['v1.11'], unstable_features: { 'org.matrix.msc3916.stable': true } }, probes: [endpointProbe(4143, 'unstable', '/_matrix/client/unstable/org.matrix.msc4143/rtc/transports', 'inconclusive')] })),
  { server: 'https://down.test', status: 'unreachable', reason: 'ECONNREFUSED' },
];

/** Raw HTML anywhere in a Markdown token tree (table cells included). */
function htmlTokens(token: unknown): string[] {
  const node = token as { type: string; raw: string; tokens?: unknown[]; header?: Array<{ tokens: unknown[] }>; rows?: Array<Array<{ tokens: unknown[] }>> };
  const cells = [...(node.header ?? []), ...(node.rows ?? []).flat()].flatMap((cell) => cell.tokens);
  return [...(node.type === 'html' ? [node.raw] : []), ...[...(node.tokens ?? []), ...cells].flatMap(htmlTokens)];
}

describe('support matrix', () => {
  const matrix = buildMatrix(inputs, cat);

  it('has a cell per server and MSC, with states, summaries, evidence and curl lines', () => {
    expect(matrix.servers.map((server) => server.server)).toEqual(['https://a.test', 'https://b.test', 'https://down.test']);
    const row = (msc: number) => matrix.rows.find((candidate) => candidate.msc === msc)!;
    expect(matrix.rows.map((candidate) => candidate.msc)).toEqual([3916, 4143, 4186]);
    expect(row(4186).cells.map((cell) => cell.state)).toEqual(['absent', 'unstable', 'not-audited']);
    expect(row(4186).summary).toMatchObject({ unstable: 1, absent: 1, 'not-audited': 1 });
    expect(row(4186).shipping).toBe(1);
    expect(row(4186).cells[1]!.evidence).toContain('unstable: flag org.matrix.simplified_msc3575');
    expect(row(4186).cells[1]!.curl!.join('\n')).toMatch(/curl .*-X POST .*'https:\/\/hs\.test\/_matrix\/client\/unstable\/org\.matrix\.simplified_msc3575\/sync'/);
    expect(row(4186).cells[1]!.curl!.join('\n')).toMatch(/curl .*\/_matrix\/client\/versions'/);
    expect(row(4143).cells[0]!.state).toBe('inconclusive');
    // A stable flag of a released MSC advertised with the version that has it: a finding, counted in the cell.
    expect(row(3916).cells[0]!.state).toBe('stable');
    expect(matrix.servers[2]).toMatchObject({ status: 'unreachable', reason: 'ECONNREFUSED', versions: [] });
  });

  it('filters rows by --msc, --status and --released-in', () => {
    expect(buildMatrix(inputs, cat, { msc: [4186, 9999] }).rows.map((row) => [row.msc, row.shipping])).toEqual([[4186, 1], [9999, 0]]);
    expect(buildMatrix(inputs, cat, { status: ['released'] }).rows.map((row) => row.msc)).toEqual([3916]);
    expect(buildMatrix(inputs, cat, { releasedIn: 'v1.11' }).rows.map((row) => row.msc)).toEqual([3916]);
    expect(buildMatrix(inputs, cat, { vendor: 'org.matrix' }).rows.map((row) => row.msc)).toEqual([3916, 4143, 4186]);
  });

  it('json follows specs/schema/matrix.schema.json', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../specs/schema/matrix.schema.json', import.meta.url), 'utf8')) as object);
    const valid = validate(JSON.parse(renderMatrixJson(matrix)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('markdown and csv keep a hostile software name as text', () => {
    const md = renderMatrixMarkdown(matrix);
    const html = marked.lexer(md).flatMap(htmlTokens);
    expect(html).toEqual([]);
    const csv = renderMatrixCsv(matrix);
    expect(csv.split('\r\n')[0]).toBe('msc,title,status,released_in,shipping,both,stable,unstable,inconclusive,absent,not_audited,https://a.test,https://b.test,https://down.test');
    expect(csv).toContain('4186,Simplified sliding sync,accepted,,1,0,0,1,0,1,1,absent,unstable,not audited');
    expect(csvField(HOSTILE)).toBe(`"'=HYPERLINK(""http://x"")|<script>alert(1)</script>\`**"`);
    expect(csvField('a,b\nc')).toBe('"a,b c"');
  });
});
