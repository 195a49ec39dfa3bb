import type { DiffResult, FeatureChange } from '../ci/diff.js';
import { forTerminal } from '../util/sanitize.js';
import { markdown as md } from './escape.js';

const change = (c: FeatureChange): string => `MSC${c.msc} ${c.title}: ${c.from} → ${c.to} (${c.forms.join(' and ')})`;

/** The sections both renderers show, in order, as plain strings. */
function sections(diff: DiffResult): Array<[string, string[]]> {
  const finding = (f: { rule: string; subject: string; msc?: number; severity?: string }): string => `${f.severity ? `${f.severity} ` : ''}${f.rule}${f.msc !== undefined ? ` MSC${f.msc}` : ''} ${f.subject}`;
  return [
    ['Features lost', diff.features.lost.map(change)],
    ['Features gained', diff.features.gained.map(change)],
    ['New findings', diff.findings.new.map(finding)],
    ['Fixed findings', diff.findings.fixed.map(finding)],
    ['Spec versions added', diff.versions.added],
    ['Spec versions dropped', diff.versions.dropped],
  ];
}

export function renderDiffHuman(diff: DiffResult): string {
  const s = (text: string): string => forTerminal(text, 300);
  const lines = [`msc-audit diff: ${s(diff.old.target)} (${diff.old.asOf}) → ${s(diff.new.target)} (${diff.new.asOf})`, ''];
  for (const [title, items] of sections(diff)) lines.push(`${title} (${items.length})`, ...items.map((item) => `  ${s(item)}`), '');
  lines.push(diff.regression ? 'Regression: a feature was lost or a new finding appeared.' : 'No regression.');
  return `${lines.join('\n')}\n`;
}

export function renderDiffMarkdown(diff: DiffResult): string {
  const lines = ['## msc-audit diff', '', `${md(diff.old.target)} (${diff.old.asOf}) → ${md(diff.new.target)} (${diff.new.asOf})`, ''];
  for (const [title, items] of sections(diff)) lines.push(`### ${title} (${items.length})`, '', ...items.map((item) => `- ${md(item)}`), ...(items.length > 0 ? [''] : []));
  lines.push(diff.regression ? '**Regression**: a feature was lost or a new finding appeared.' : 'No regression.');
  return `${lines.join('\n')}\n`;
}
