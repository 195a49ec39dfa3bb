import type { Report } from '../report/model.js';
import { InputError } from '../util/errors.js';

/**
 * `demo --serve`: what to print while the demo homeserver stays up, and how it stops.
 * The commands are the README's tour, pointed at the running server, so each works as printed.
 */
export function tryLines(url: string, report: Report): string {
  // One finding of each of the first few rules, so the lines show different kinds of evidence.
  const firstOfRule = new Map<string, Report['findings'][number]>();
  for (const finding of report.findings) if (finding.reproduce !== undefined && !firstOfRule.has(finding.rule)) firstOfRule.set(finding.rule, finding);
  const reproducible = [...firstOfRule.values()].slice(0, 3);
  const lines = [
    `msc-audit: the demo homeserver is up at ${url} until you press Ctrl-C. Try, from another terminal:`,
    `  msc-audit audit ${url}`,
    `  msc-audit probe ${url} -o demo-snapshot.json`,
    '  msc-audit check demo-snapshot.json --format markdown',
    `  msc-audit baseline demo-baseline.json ${url}`,
    `  msc-audit audit ${url} --baseline demo-baseline.json`,
    '  msc-audit diff demo-baseline.json demo-snapshot.json',
    `  curl -sS ${url}/_matrix/client/versions`,
    ...(reproducible.length > 0 ? ['The evidence of some findings, first hand:'] : []),
    ...reproducible.flatMap((finding) => [`  # ${finding.rule} ${finding.subject}`, `  ${finding.reproduce!}`]),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line for a port the demo cannot listen on. */
export function listenError(error: unknown, port: number): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const fix = code === 'EADDRINUSE' ? 'another program uses it; pick another with --port, or leave --port out for any free port' : 'pick another port with --port';
  return new InputError(`cannot listen on 127.0.0.1 port ${port} (${code}): ${fix}`);
}

/** Resolve on Ctrl-C or a termination request, so the server is closed and the exit code kept. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
