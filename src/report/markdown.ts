import type { Report } from './model.js';
import { markdown as md } from './escape.js';
import { failingFindings } from '../ci/apply.js';

/** Markdown for pull requests, issues and the GitHub step summary: summary, findings, features. */
export function renderMarkdown(reports: readonly Report[]): string {
  const out: string[] = [];
  for (const report of reports) {
    const s = report.summary;
    const failing = new Set(failingFindings(report.findings, report.failOn));
    out.push(`## msc-audit: ${md(report.target.name ?? report.target.baseUrl)}`, '');
    if (report.demo) out.push('> Demo: the built-in fake homeserver, not a real deployment.', '');
    out.push('| errors | warnings | info | failing | waived | known | probes | inconclusive |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    out.push(`| ${s.error} | ${s.warning} | ${s.info} | ${s.failing} | ${s.waived} | ${s.known} | ${s.probes} | ${s.inconclusive} |`, '');
    const software = report.server.software ? `${report.server.software.name ?? ''} ${report.server.software.version ?? ''}`.trim() : 'unknown';
    const refreshed = report.catalogue.refreshed ? ` Catalogue: bundled, with facts refreshed from GitHub on ${report.catalogue.refreshed.date}.` : '';
    out.push(`Server: ${md(software)}; policy \`${report.policy}\`, as of ${report.asOf}, fail on \`${report.failOn}\`.${refreshed}`, '');
    out.push('### Findings', '');
    if (report.findings.length === 0) out.push('No findings.', '');
    else {
      out.push('| severity | rule | MSC | subject | message | status |', '| --- | --- | --- | --- | --- | --- |');
      for (const finding of report.findings) {
        const status = failing.has(finding) ? 'fails' : finding.waived ? `waived until ${finding.waived.expires}` : finding.baseline === 'known' ? 'known' : 'passes';
        out.push(`| ${finding.severity} | ${md(finding.rule)} | ${finding.msc !== undefined ? `MSC${finding.msc}` : ''} | ${md(finding.subject)} | ${md(finding.message)} | ${md(status)} |`);
      }
      out.push('');
    }
    if (report.baseline && report.baseline.fixed.length > 0) {
      out.push('### Fixed since the baseline', '');
      for (const fixed of report.baseline.fixed) out.push(`- ${md(fixed.rule)}: ${md(fixed.subject)}${fixed.msc !== undefined ? ` (MSC${fixed.msc})` : ''}`);
      out.push('');
    }
    const offered = report.features.filter((row) => row.state !== 'absent');
    out.push('### Features', '');
    if (offered.length === 0) out.push('None detected.', '');
    else {
      out.push('| MSC | title | form | detected by |', '| --- | --- | --- | --- |');
      for (const row of offered) {
        const how = [...row.unstable.map((item) => `unstable: ${item}`), ...row.stable.map((item) => `stable: ${item}`), ...(row.ambiguous ?? []).map((item) => `ambiguous: ${item}`)];
        out.push(`| MSC${row.msc} | ${md(row.title)} | ${row.state} | ${md(how.join('; '))} |`);
      }
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}
