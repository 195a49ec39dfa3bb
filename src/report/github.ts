import type { Report } from './model.js';
import { githubData, githubProperty } from './escape.js';
import { failingFindings } from '../ci/apply.js';

/**
 * GitHub Actions workflow commands: one annotation per finding (::error for findings that fail
 * the build, ::warning and ::notice by severity otherwise), then a one-line summary per target.
 */
export function renderGithub(reports: readonly Report[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const failing = new Set(failingFindings(report.findings, report.failOn));
    const target = report.target.name ?? report.target.baseUrl;
    for (const finding of report.findings) {
      const command = failing.has(finding) ? 'error' : finding.severity === 'info' || finding.waived || finding.baseline === 'known' ? 'notice' : 'warning';
      const title = `msc-audit ${finding.rule}${finding.msc !== undefined ? ` MSC${finding.msc}` : ''}`;
      const tags = [finding.waived ? `waived until ${finding.waived.expires}` : '', finding.baseline === 'known' ? 'known from baseline' : ''].filter(Boolean);
      const message = `${target}: ${finding.message}${tags.length ? ` (${tags.join('; ')})` : ''}`;
      lines.push(`::${command} title=${githubProperty(title)}::${githubData(message)}`);
    }
    const s = report.summary;
    lines.push(`msc-audit ${githubData(target)}: ${s.error} errors, ${s.warning} warnings, ${s.info} info; ${s.failing} failing the build`);
  }
  return `${lines.join('\n')}\n`;
}
