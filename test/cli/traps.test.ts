import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { misbehaving, synapseLike } from '../fixtures/profiles.js';
import { specsPath } from '../../src/catalogue/paths.js';

/** Part 7 of issue 10: the small traps, each with its test. */
const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-traps-'));
const AS_OF = '2026-11-22';
const write = (name: string, text: string): string => {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
};
const oneLine = (text: string): string => {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^msc-audit: /);
  return lines[0]!;
};

describe('explain', () => {
  it('an endpoint path in JSON says what the text says (a spec endpoint), not {"mscs": []}', async () => {
    const text = await cli(['explain', '/_matrix/client/v3/sync']);
    expect(text.stdout).toMatch(/GET \/_matrix\/client\/v3\/sync: a client-server spec endpoint/);
    const json = await cli(['explain', '/_matrix/client/v3/sync', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ mscs: [], spec_endpoints: [{ method: 'GET', path: '/_matrix/client/v3/sync', api: 'client-server' }] });
  });

  it('a name the spec defines (m.login.password) and a full URL are explained', async () => {
    const name = await cli(['explain', 'm.login.password']);
    expect(name.code).toBe(0);
    expect(name.stdout).toMatch(/^m\.login\.password: a login type the spec defines/);
    const url = await cli(['explain', 'https://hs.example/_matrix/client/v3/sync?since=s1']);
    expect(url.code).toBe(0);
    expect(url.stdout).toBe((await cli(['explain', '/_matrix/client/v3/sync'])).stdout);
  });
});

describe('catalogue', () => {
  it('list --released-in 1.7 means v1.7; an unknown version is refused with a hint, never 0 entries', async () => {
    const short = await cli(['catalogue', 'list', '--released-in', '1.7']);
    const long = await cli(['catalogue', 'list', '--released-in', 'v1.7']);
    expect(short.code).toBe(0);
    expect(short.stdout.trim().split('\n').length).toBeGreaterThan(3);
    expect(short.stdout).toBe(long.stdout);
    const unknown = await cli(['catalogue', 'list', '--released-in', '1.77']);
    expect(unknown.code).toBe(2);
    expect(oneLine(unknown.stderr)).toMatch(/--released-in 1\.77 is not a spec version the catalogue knows: .*e\.g\. v1\.7/);
  });

  it('lint --catalogue missing.yaml is bad input: exit 2, one line', async () => {
    const result = await cli(['catalogue', 'lint', '--catalogue', path.join(work, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/cannot read the catalogue file .*missing\.yaml \(no such file\)/);
  });
});

describe('reports, baselines and config findings', () => {
  it('the multi-target JSON document follows its published schema', async () => {
    const a = await serve(synapseLike);
    const b = await serve(misbehaving);
    const config = write('multi.yaml', `as-of: ${AS_OF}\nfail-on: none\ntargets:\n  - server: ${a.url}\n    name: a\n  - server: ${b.url}\n    name: b\n`);
    const result = await cli(['audit', '--config', config, '--format', 'json']);
    expect(result.code).toBe(0);
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(JSON.parse(readFileSync(specsPath('schema', 'report.schema.json'), 'utf8')) as object);
    const validate = ajv.compile(JSON.parse(readFileSync(specsPath('schema', 'reports.schema.json'), 'utf8')) as object);
    const document = JSON.parse(result.stdout) as { reports: unknown[] };
    expect(document.reports).toHaveLength(2);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    // The schema is not a formality: a report missing a required field fails it.
    const broken = structuredClone(document) as { reports: Array<Record<string, unknown>> };
    delete broken.reports[1]!['findings'];
    expect(validate(broken)).toBe(false);
  });

  it('baseline honours --fail-on; requirement and waiver findings are labelled config, not "policy spec"', async () => {
    const server = await serve(misbehaving);
    const snapshot = path.join(work, 'misbehaving.json');
    expect((await cli(['probe', server.url, '-o', snapshot])).code).toBe(0);
    const file = path.join(work, 'baseline.json');
    const failing = await cli(['baseline', file, '--snapshot', snapshot, '--as-of', AS_OF, '--fail-on', 'error']);
    expect(failing.stderr).toMatch(/[1-9]\d* failing \(fail on error\)/);
    expect(failing.code).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).findings.length).toBeGreaterThan(0);
    // Without --fail-on, a baseline records and does not gate, and says so.
    const relaxed = await cli(['baseline', file, '--snapshot', snapshot, '--as-of', AS_OF]);
    expect(relaxed.stderr).toMatch(/ 0 failing \(fail on none\)/);
    expect(relaxed.code).toBe(0);

    const config = write('require.yaml', `as-of: ${AS_OF}\nrequire:\n  - msc: 4186\n    reason: sliding sync\n`);
    const human = await cli(['check', snapshot, '--config', config, '--verbose']);
    const block = human.stdout.slice(human.stdout.indexOf('requirement-not-met'));
    expect(block).toMatch(/^requirement-not-met {2}MSC4186 {2}required in either form$/m);
    expect(block).toMatch(/^ {4}config: The deployment's own requirements/m);
    expect(human.stdout).not.toMatch(/policy spec: The deployment's own requirements/);
  });
});

describe('error lines stay short', () => {
  it('a 100 KB argument is not echoed whole: one line, cut with an ellipsis', async () => {
    const huge = `x${'a'.repeat(100_000)}\u001b[31m`;
    for (const args of [['audit', huge], ['explain', huge], [huge]]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      const line = oneLine(result.stderr);
      expect(line.length).toBeLessThan(1200);
      expect(line).toMatch(/xaaaa+… \(100\d+ characters\)/);
      expect(line).not.toContain('\u001b');
    }
  });

  it('demo --serve on a port in use: one line, exit 2', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const result = await cli(['demo', '--serve', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(oneLine(result.stderr)).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1 port ${port} \\(EADDRINUSE\\): another program uses it`));
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
