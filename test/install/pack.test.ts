import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/servers.js';
import { demoProfile } from '../../src/demo/profile.js';

/**
 * The package as a user gets it: `npm pack` from a copy of this checkout (its prepare script
 * builds dist/ there, as a git install would), installed into an empty prefix with
 * `npm install --offline` (dependencies from the local npm cache, never the network), then
 * used from another directory, both as the msc-audit command and as `import ... from 'msc-audit'`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-pack-'));
const prefix = path.join(work, 'prefix');
const elsewhere = path.join(work, 'elsewhere');
const installed = path.join(prefix, 'node_modules', 'msc-audit');
const bin = path.join(prefix, 'node_modules', '.bin', 'msc-audit');

// npm run by `npm test` exports npm_* settings (prefix, cache, lifecycle) that must not leak into the npm run here.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { ...cleanEnv, NO_COLOR: '1', ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

beforeAll(async () => {
  // A copy, so that building there cannot disturb the dist/ the other tests are running.
  const source = path.join(work, 'source');
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.types.json', 'README.md', 'LICENSE', 'bin', 'scripts', 'src', 'specs']) {
    cpSync(path.join(root, entry), path.join(source, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  mkdirSync(prefix);
  mkdirSync(elsewhere);
  const pack = await run('npm', ['pack', '--silent', '--pack-destination', work], source);
  expect(pack.code, pack.stderr).toBe(0);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: 'a-user-project', private: true, type: 'module' }));
  const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(work, tarball!)], prefix);
  expect(install.code, install.stderr).toBe(0);
}, 240_000);

describe('the packed package', () => {
  it('holds the built bundle, the catalogue, the types and the licence, and no sources or tests', () => {
    const files = readdirSync(installed, { recursive: true }).map(String);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', path.join('bin', 'msc-audit.js'), path.join('bin', 'package.json'), path.join('dist', 'bundle', 'cli.cjs'), path.join('dist', 'bundle-api', 'index.js'), path.join('dist', 'catalogue.json'), path.join('dist', 'types', 'index.d.ts')]));
    expect(files.some((file) => file.startsWith('src') || file.startsWith('test'))).toBe(false);
  });

  it('runs explain, demo and audit from another directory', async () => {
    const version = await run(bin, ['--version'], elsewhere);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const explain = await run(bin, ['explain', 'MSC4186'], elsewhere);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toMatch(/^MSC4186: Simplified Sliding Sync/);
    const demo = await run(bin, ['demo', '--quiet'], elsewhere);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^Summary: \d+ errors?/);
    const server = await serve(demoProfile());
    const audit = await run(bin, ['audit', server.url, '--format', 'json'], elsewhere);
    expect(audit.code, audit.stderr).toBe(1);
    expect(JSON.parse(audit.stdout)).toMatchObject({ schemaVersion: 1, target: { baseUrl: server.url } });
  });

  it("is imported as a user imports it: import { audit, probe, check, explain } from 'msc-audit'", async () => {
    const server = await serve(demoProfile());
    writeFileSync(
      path.join(prefix, 'use.mjs'),
      `import { audit, probe, check, explain, InputError } from 'msc-audit';
const report = await audit(${JSON.stringify(server.url)}, { asOf: '2026-11-22' });
const snapshot = await probe(${JSON.stringify(server.url)});
const checked = await check(JSON.parse(JSON.stringify(snapshot)), { asOf: '2026-11-22', failOn: 'none' });
const explained = await explain('MSC4186');
let refused;
try { await audit('not a url at all'); } catch (error) { refused = error instanceof InputError; }
console.log(JSON.stringify({ rules: [...new Set(report.findings.map((f) => f.rule))].sort(), same: checked.findings.length === report.findings.length, failing: checked.summary.failing, kind: explained.kind, unknown: await explain('no-such-thing'), refused }));
`,
    );
    const result = await run(process.execPath, ['use.mjs'], prefix);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.rules.length).toBeGreaterThan(3);
    expect(out).toMatchObject({ same: true, failing: 0, kind: 'msc', refused: true });
    expect(out.unknown).toBeUndefined();
  });

  it('its bundled types check a TypeScript user of the API, without skipLibCheck', async () => {
    writeFileSync(
      path.join(prefix, 'use.ts'),
      `import { audit, check, explain, type Report, type Snapshot, type Finding } from 'msc-audit';
const report: Report = await audit('https://hs.example', { policy: 'msc2324', failOn: 'warning', token: 't' });
const findings: Finding[] = report.findings;
const snapshot: Snapshot = JSON.parse('{}') as Snapshot;
const again: Report = await check(snapshot, { asOf: '2026-11-22' });
const explained = await explain(4186);
export const summary: string = \`\${findings.length} \${again.summary.failing} \${explained?.text ?? ''}\`;
// @ts-expect-error policy is a PolicyId, not any string
await audit('https://hs.example', { policy: 'lenient' });
`,
    );
    writeFileSync(
      path.join(prefix, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')] }, files: ['use.ts'] }),
    );
    const result = await run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], prefix);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
