import { spawn, execFile } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { internalErrorLine } from '../../src/util/errors.js';

const env = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' };

/** Run a shell pipeline (bash, for PIPESTATUS): stdout, stderr and the exit code it prints last. */
function shell(script: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['--norc', '--noprofile', '-c', script], { env: { ...env, NODE: process.execPath, BIN }, timeout: 30_000 }, (_error, stdout, stderr) => resolve({ stdout: String(stdout), stderr: String(stderr) }));
  });
}

/** Run msc-audit with stdout on /dev/full, where every write fails with ENOSPC. */
function toFullDisk(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = openSync('/dev/full', 'w');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', full, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      closeSync(full);
      resolve({ code, stderr });
    });
  });
}

describe('a reader that leaves early (| head)', () => {
  it('catalogue list | head -1 prints one line, no error, and the exit code the work earned', async () => {
    const result = await shell('"$NODE" "$BIN" catalogue list | head -1; echo "exit ${PIPESTATUS[0]}"');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^MSC\d+/);
    expect(lines[1]).toBe('exit 0');
    // No error line. The count on stderr is dropped only if head has left before the last
    // write: the whole list (≈ 23 KB) fits in a pipe buffer, so on a busy machine it may not have.
    expect(result.stderr).toMatch(/^(\d+ entries\n)?$/);
  });

  it('more output than a pipe holds (EPIPE for certain) still ends quietly', async () => {
    const result = await shell('"$NODE" "$BIN" catalogue list --format json | head -c 20 >/dev/null; echo "exit ${PIPESTATUS[0]}"');
    expect(result.stdout.trim()).toBe('exit 0');
    expect(result.stderr).toBe('');
  });

  it('--help and --version too', async () => {
    const result = await shell('"$NODE" "$BIN" --help | head -1; echo "exit ${PIPESTATUS[0]}"; "$NODE" "$BIN" --version | true; echo "exit ${PIPESTATUS[0]}"');
    expect(result.stdout).toMatch(/^Usage: msc-audit .*\nexit 0\nexit 0\n$/);
    expect(result.stderr).toBe('');
  });
});

describe('a full disk (> /dev/full)', () => {
  it.each([
    [['catalogue', 'list']],
    [['explain', 'MSC4186']],
    [['--version']],
    [['--help']],
  ])('%j: one line naming ENOSPC, exit 2', async (args) => {
    const result = await toFullDisk(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^msc-audit: cannot write to standard output \(ENOSPC\)[^\n]*\n$/);
  });

  it('-o on a full disk: one line that says the disk is full (not "check that the directory exists"), exit 2', async () => {
    const result = await toFullDisk(['demo', '-o', '/dev/full']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^msc-audit: cannot write \/dev\/full \(ENOSPC\): the disk \(or your quota\) is full[^\n]*\n$/);
  });

  it('an input error is still reported as itself, with nothing written to stdout', async () => {
    const result = await toFullDisk(['explain', 'no-such-thing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^msc-audit: "no-such-thing" is not a rule id[^\n]*\n$/);
  });
});

describe('no stack trace reaches a user', () => {
  it('an internal error is one line; MSC_AUDIT_DEBUG=1 adds where it happened', () => {
    const error = new TypeError('cannot read x of undefined');
    const plain = internalErrorLine(error, {});
    expect(plain).toMatch(/^msc-audit: internal error \(please report it; MSC_AUDIT_DEBUG=1 shows where it happened\): cannot read x of undefined\n$/);
    expect(plain).not.toMatch(/\n\s+at /);
    expect(internalErrorLine(error, { MSC_AUDIT_DEBUG: '1' })).toMatch(/cannot read x of undefined\n\s+at /);
    expect(internalErrorLine(error, { MSC_AUDIT_DEBUG: '0' })).toBe(plain);
  });

  it('a copy that was never built says how to build it, in one line', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'msc-audit-unbuilt-'));
    mkdirSync(path.join(copy, 'bin'));
    copyFileSync(BIN, path.join(copy, 'bin', 'msc-audit.js'));
    // bin/package.json makes the executable CommonJS; a clone has it, as it has bin/msc-audit.js.
    copyFileSync(path.join(path.dirname(BIN), 'package.json'), path.join(copy, 'bin', 'package.json'));
    writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ name: 'msc-audit', version: '0.0.0-test', type: 'module' }));
    const result = await shell(`"$NODE" ${JSON.stringify(path.join(copy, 'bin', 'msc-audit.js'))} explain MSC4186; echo "exit $?"`);
    expect(result.stderr).toMatch(/^msc-audit: this copy is not built \([^\n]*\): run npm install, or npm run build, in [^\n]*\n$/);
    expect(result.stdout.trim()).toBe('exit 70');
  });
});
