import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

/**
 * The V8 code caches the build makes for the CLI files short commands load (scripts/code-cache.cjs),
 * which bin/msc-audit.js gives V8 on Node 20: V8 must take them, and one it refuses must cost
 * nothing but the compile it would have done anyway.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = path.join(root, 'dist', 'bundle');

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('code caches of the CLI bundle', () => {
  it('are taken by V8 for the files explain loads, compiled as bin/msc-audit.js compiles them', async () => {
    // In a fresh process with Node's default flags, as the executable runs (V8 refuses a cache made with other flags).
    const check = `const fs=require('fs'),vm=require('vm'),M=require('module');for(const f of process.argv.slice(1)){const s=new vm.Script(M.wrap(fs.readFileSync(f,'utf8')),{filename:f,cachedData:fs.readFileSync(f+'.v8cache')});console.log(require('path').basename(f),s.cachedDataRejected?'refused':'taken')}`;
    const result = await node(['-e', check, path.join(bundle, 'cli.cjs'), path.join(bundle, 'explain.cjs')]);
    expect(result.stdout).toBe('cli.cjs taken\nexplain.cjs taken\n');
  });

  it('a cache V8 refuses (made by another Node version; here garbage) changes nothing but speed', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'msc-audit-code-cache-'));
    for (const file of ['package.json', 'bin/msc-audit.js', 'bin/package.json', 'dist/catalogue.json', 'dist/bundle/cli.cjs', 'dist/bundle/explain.cjs']) {
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      copyFileSync(path.join(root, file), path.join(copy, file));
    }
    for (const file of ['cli.cjs', 'explain.cjs']) writeFileSync(path.join(copy, 'dist', 'bundle', `${file}.v8cache`), Buffer.alloc(4096, 7));
    const expected = await cli(['explain', 'MSC4186']);
    const result = await node([path.join(copy, 'bin', 'msc-audit.js'), 'explain', 'MSC4186']);
    expect(expected.code).toBe(0);
    expect(result).toEqual(expected);
  });
});
