import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(root, 'bin', 'msc-audit.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real executable (built by `npm test` before vitest starts) as a child process.
 * Asynchronous on purpose: fixture servers live in the test process and must keep answering.
 */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Rule ids of a JSON report's findings, sorted and de-duplicated. */
export function ruleIds(jsonReport: string): string[] {
  const report = JSON.parse(jsonReport) as { findings: Array<{ rule: string }> };
  return [...new Set(report.findings.map((finding) => finding.rule))].sort();
}
