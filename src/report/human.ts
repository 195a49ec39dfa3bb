import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from './model.js';
import type { Finding, Severity } from '../rules/types.js';
import { forTerminal } from '../util/sanitize.js';

/** Whether to colour: --color/--no-color win, then NO_COLOR (https://no-color.org), FORCE_COLOR, then a TTY. */
export function colourLevel(stream: NodeJS.WriteStream, choice?: boolean, env: NodeJS.ProcessEnv = process.env): 0 | 1 {
  if (choice !== undefined) return choice ? 1 : 0;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return 1;
  return stream.isTTY ? 1 : 0;
}

const SEVERITY_TITLE: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function severityStyle(chalk: ChalkInstance, severity: Severity): (text: string) => string {
  return severity === 'error' ? chalk.red.bold : severity === 'warning' ? chalk.yellow.bold : chalk.cyan;
}

const MARK: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

function renderFinding(chalk: ChalkInstance, finding: Finding, verbose: boolean, showPolicy: boolean): string[] {
  const s = (text: string | undefined, max = 300): string => forTerminal(text ?? '', max);
  const style = severityStyle(chalk, finding.severity);
  const tags = [finding.waived ? `waived until ${finding.waived.expires}` : '', finding.baseline === 'known' ? 'known' : finding.baseline === 'new' ? 'new' : ''].filter(Boolean);
  const head = `  ${style(MARK[finding.severity])} ${chalk.bold(finding.rule)}${finding.msc !== undefined ? chalk.dim(`  MSC${finding.msc}`) : ''}  ${s(finding.subject, 120)}${tags.length ? chalk.dim(`  [${tags.join(', ')}]`) : ''}`;
  const lines = [head, `    ${s(finding.message, 500)}`];
  const evidence = verbose ? finding.evidence : finding.evidence.slice(0, 3);
  for (const item of evidence) lines.push(chalk.dim(`    evidence: ${item.probe ? `[${item.probe}] ` : ''}${s(item.detail)}`));
  if (evidence.length < finding.evidence.length) lines.push(chalk.dim(`    … ${finding.evidence.length - evidence.length} more (see --format json)`));
  // Findings about the config itself (requirements, waivers) rest on the config, not on a lifecycle policy.
  const basis = finding.policy.passage.startsWith('config-') ? 'config' : `policy ${finding.policy.id}`;
  if (showPolicy) lines.push(chalk.dim(`    ${basis}: ${finding.policy.summary} [${finding.policy.source}]`));
  if (finding.waived) lines.push(chalk.dim(`    waived: ${s(finding.waived.reason)} (until ${finding.waived.expires})`));
  if (finding.caveat) lines.push(chalk.dim(`    note: ${s(finding.caveat)}`));
  if (finding.reproduce) lines.push(chalk.dim(`    reproduce: ${s(finding.reproduce, 400)}`));
  return lines;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function renderHuman(report: Report, options: { colour: 0 | 1; verbose?: boolean }): string {
  const chalk = new Chalk({ level: options.colour });
  const s = (text: string, max = 200): string => forTerminal(text, max);
  const out: string[] = [];
  if (report.demo) {
    out.push(chalk.magenta.bold('DEMO: this audits the built-in demo homeserver on 127.0.0.1, a fake server with deliberate violations; it is not a real deployment.'));
  }
  out.push(`${chalk.bold('msc-audit')} ${report.tool.version}`);
  out.push(`${chalk.dim('target   ')} ${s(report.target.baseUrl)} ${chalk.dim(`(${s(report.target.discovery)})`)}`);
  const software = report.server.software;
  if (software) out.push(`${chalk.dim('server   ')} ${s([software.name, software.version].filter(Boolean).join(' '))}`);
  out.push(`${chalk.dim('versions ')} ${report.server.versions.length > 0 ? report.server.versions.map((v) => s(v, 40)).join(' ') : '(none)'}`);
  const flags = Object.entries(report.server.unstableFeatures);
  out.push(`${chalk.dim('flags    ')} ${flags.filter(([, on]) => on).length} enabled, ${flags.filter(([, on]) => !on).length} disabled`);
  out.push(
    report.auth.authenticated
      ? `${chalk.dim('token    ')} authenticated as ${s(report.auth.userId ?? '?')}${report.auth.deviceId ? ` (device ${s(report.auth.deviceId)})` : ''}`
      : `${chalk.dim('token    ')} none: skipped ${report.auth.skippedWithoutToken.join('; ')} (give --token-file to check them)`,
  );
  out.push(`${chalk.dim('policy   ')} ${report.policy === 'spec' ? 'spec (stable names once FCP has completed)' : 'msc2324 (stable names only once released)'}, as of ${report.asOf}`);
  const refreshed = report.catalogue.refreshed;
  if (refreshed) out.push(`${chalk.dim('catalogue')} bundled, with facts refreshed from GitHub on ${refreshed.date} (${s(refreshed.api)}; ${refreshed.changes} change(s); --offline-catalogue ignores them)`);
  out.push('');

  if (report.findings.length === 0) out.push(chalk.green('No findings.'));
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = report.findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    out.push(severityStyle(chalk, severity)(`${SEVERITY_TITLE[severity]} (${group.length})`));
    // Findings of one rule usually rest on the same passage: cite it once, after the first.
    let previous: Finding | undefined;
    for (const finding of group) {
      const samePassage = previous?.rule === finding.rule && previous.policy.passage === finding.policy.passage;
      out.push(...renderFinding(chalk, finding, options.verbose === true, !samePassage), '');
      previous = finding;
    }
  }

  const offered = report.features.filter((row) => row.state !== 'absent');
  out.push(chalk.bold(`Features the server shows (${offered.length} MSCs)`));
  if (offered.length === 0) out.push(chalk.dim('  none detected'));
  else {
    out.push(chalk.dim(`  ${pad('MSC', 9)}${pad('form', 13)}${pad('title', 44)}how it was detected`));
    for (const row of offered) {
      const how = [
        ...row.unstable.map((item) => `unstable: ${item}`),
        ...row.stable.map((item) => `stable: ${item}`),
        ...(row.state === 'inconclusive' ? row.inconclusive.map((item) => `inconclusive: ${item}`) : []),
        ...(row.ambiguous ?? []).map((item) => `ambiguous: ${item}`),
      ];
      const title = row.title.length > 42 ? `${row.title.slice(0, 41)}…` : row.title;
      out.push(`  ${pad(`MSC${row.msc}`, 9)}${pad(row.state, 13)}${pad(s(title, 42), 44)}${s(how[0] ?? '', 120)}`);
      for (const more of how.slice(1)) out.push(`  ${' '.repeat(66)}${chalk.dim(s(more, 120))}`);
    }
  }
  if (report.baseline && report.baseline.fixed.length > 0) {
    out.push('', chalk.green(`Fixed since the baseline (${report.baseline.fixed.length})`));
    for (const fixed of report.baseline.fixed) out.push(`  ✔ ${fixed.rule}${fixed.msc !== undefined ? `  MSC${fixed.msc}` : ''}  ${s(fixed.subject, 120)}`);
  }
  out.push('');
  out.push(summaryLine(report, chalk));
  return `${out.join('\n')}\n`;
}

/** The one-line summary (all that --quiet prints). */
export function summaryLine(report: Report, chalk: ChalkInstance = new Chalk({ level: 0 })): string {
  const { summary } = report;
  const counts = `${summary.error} error${summary.error === 1 ? '' : 's'}, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.info} info`;
  const extra = [summary.waived ? `${summary.waived} waived` : '', summary.known ? `${summary.known} known from baseline` : ''].filter(Boolean).join(', ');
  const target = report.target.name ? `${forTerminal(report.target.name, 60)}: ` : '';
  return `${chalk.bold('Summary:')} ${target}${counts}${extra ? ` (${extra})` : ''} · ${summary.probes} probes (${summary.inconclusive} inconclusive) in ${(summary.durationMs / 1000).toFixed(1)} s · ${summary.failing} failing (fail on ${report.failOn})`;
}
