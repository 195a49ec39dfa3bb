import type { DiffResult, FeatureChange } from '../ci/diff.js';
import { forTerminal } from '../util/sanitize.js';
import { markdown as md } from './escape.js';

const change = (c: FeatureChange): string => `MSC${c.msc} ${c.title}: ${c.from} → ${c.to} (${c.forms.join(' and ')})`;

export function renderDiffHuman(diff: DiffResult): string {
  const s = (text: string): string => forTerminal(text, 300);
  const lines = [`msc-audit diff: ${s(diff.old.target)} (${diff.old.asOf}) → ${s(diff.new.target)} (${diff.new.asOf})`, ''];
  const section = (title: string, items: string[]): void => {
    lines.push(`${title} (${items.length})`);
    for (const item of items) lines.push(`  ${s(item)}`);
    lines.push('');
  };
  section('Features lost', diff.features.lost.map(change));
  section('Features gained', diff.features.gained.map(change));
  section('New findings', diff.findings.new.map((f) => `${f.severity} ${f.rule}${f.msc !== undefined ? ` MSC${f.msc}` : ''} ${f.subject}`));
  section('Fixed findings', diff.findings.fixed.map((f) => `${f.rule}${f.msc !== undefined ? ` MSC${f.msc}` : ''} ${f.subject}`));
  section('Spec versions added', diff.versions.added);
  section('Spec versions dropped', diff.versions.dropped);
  lines.push(diff.regression ? 'Regression: a feature was lost or a new finding appeared.' : 'No regression.');
  return `${lines.join('\n')}\n`;
}

export function renderDiffMarkdown(diff: DiffResult): string {
  const lines = [`## msc-audit diff`, '', `${md(diff.old.target)} (${diff.old.asOf}) → ${md(diff.new.target)} (${diff.new.asOf})`, ''];
  const section = (title: string, items: string[]): void => {
    lines.push(`### ${title} (${items.length})`, '');
    for (const item of items) lines.push(`- ${md(item)}`);
    if (items.length > 0) lines.push('');
  };
  section('Features lost', diff.features.lost.map(change));
  section('Features gained', diff.features.gained.map(change));
  section('New findings', diff.findings.new.map((f) => `${f.severity} ${f.rule}${f.msc !== undefined ? ` MSC${f.msc}` : ''} ${f.subject}`));
  section('Fixed findings', diff.findings.fixed.map((f) => `${f.rule}${f.msc !== undefined ? ` MSC${f.msc}` : ''} ${f.subject}`));
  section('Spec versions added', diff.versions.added);
  section('Spec versions dropped', diff.versions.dropped);
  lines.push(diff.regression ? '**Regression**: a feature was lost or a new finding appeared.' : 'No regression.');
  return `${lines.join('\n')}\n`;
}
