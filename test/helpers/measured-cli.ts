import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WRAPPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peak-rss.mjs');

export interface MeasuredRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the msc-audit process, in MB, as the child itself reports it. */
  peakRssMb: number;
  wallMs: number;
}

/** Run the real executable in a child process, as `cli` does, and measure its peak memory and wall time. */
export function measuredCli(args: string[], env: Record<string, string> = {}): Promise<MeasuredRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [WRAPPER, ...args], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      const text = String(stderr);
      const match = /\n@@peak-rss-kb=(\d+)\n$/.exec(text);
      resolve({
        code,
        stdout: String(stdout),
        stderr: match ? text.slice(0, match.index) : text,
        peakRssMb: match ? Number(match[1]) / 1024 : Number.NaN,
        wallMs: Math.round(performance.now() - started),
      });
    });
  });
}
