import { execFile, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { BIN, cli } from '../helpers/cli.js';

/** Part 6 of issue 10: `demo --serve` keeps the demo homeserver up, and its printed curl lines work. */
interface Finding {
  rule: string;
  subject: string;
  evidence: Array<{ detail: string }>;
}

/** Run a printed curl line with curl when there is one, else the same request with undici. */
async function runCurlLine(line: string): Promise<string> {
  const hasCurl = await new Promise<boolean>((resolve) => execFile('curl', ['--version'], (error) => resolve(!error)));
  if (hasCurl) {
    return new Promise((resolve, reject) => execFile('sh', ['-c', line], { timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(String(stdout)))));
  }
  const url = /'(https?:\/\/[^']+)'/.exec(line)![1]!;
  const method = /-X (\w+)/.exec(line)?.[1] ?? 'GET';
  const response = await request(url, { method: method as 'GET' });
  return `HTTP/1.1 ${response.statusCode}\n\n${await response.body.text()}`;
}

describe('demo --serve', () => {
  it('stays up, prints commands to try, and its curl lines give the evidence back', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--serve', '--format', 'json'], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The block of commands is printed once the report is out; wait for its last curl line.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`demo --serve printed no commands: ${stderr}`)), 30_000);
        const check = (): void => {
          if (/first hand:\n(?:  # .*\n  curl .*\n){3}/.test(stderr)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stderr.on('data', check);
        child.on('exit', () => reject(new Error(`demo --serve ended: ${stderr}`)));
      });
      const url = /is up at (http:\/\/127\.0\.0\.1:\d+) /.exec(stderr)![1]!;
      for (const command of ['audit', 'probe', 'check', 'baseline', 'diff']) expect(stderr).toMatch(new RegExp(`^  msc-audit ${command} `, 'm'));
      // The printed audit command works against the running server.
      const audit = await cli(['audit', url, '--format', 'json', '--fail-on', 'none']);
      expect(audit.code).toBe(0);

      const report = JSON.parse(stdout) as { findings: Finding[] };
      const pairs = [...stderr.matchAll(/^  # (\S+) (.+)\n  (curl .+)$/gm)];
      expect(pairs.length).toBe(3);
      for (const [, rule, subject, line] of pairs) {
        const finding = report.findings.find((f) => f.rule === rule && f.subject === subject)!;
        expect(finding, `${rule} ${subject}`).toBeDefined();
        const answer = await runCurlLine(line!);
        // The evidence says what the probe saw: the same status, or the flag in /versions.
        const status = / → (\d{3})/.exec(finding.evidence[0]!.detail)?.[1];
        if (status) expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        else expect(answer).toContain(JSON.stringify(subject));
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/demo homeserver stopped/);
  });

  it('a plain demo says its server is gone and points to --serve; --help tells the truth', async () => {
    const result = await cli(['demo', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/demo homeserver has stopped.*msc-audit demo --serve/);
    const help = await cli(['demo', '--help']);
    expect(help.stdout).toMatch(/--fail-on <severity>.*\n?.*\(default for demo: none\)/);
    expect(help.stdout).not.toMatch(/--config/);
    expect(help.stdout).toMatch(/--serve/);
    expect(help.stdout).toMatch(/--port <n>/);
    // What it no longer offers is refused, not ignored.
    expect((await cli(['demo', '--config', 'x.yaml'])).code).toBe(2);
  });
});
