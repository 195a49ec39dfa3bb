import type { CellState, MatrixCell, MatrixServer, SeverityCounts } from '../model.js';

/** Each state has an icon and a word, so no format relies on colour alone. */
export const STATE_LABELS: Record<CellState, { icon: string; text: string; meaning: string }> = {
  both: { icon: '◆', text: 'both', meaning: 'unstable and stable names served' },
  stable: { icon: '●', text: 'stable', meaning: 'stable names served (or the spec version that has it advertised)' },
  unstable: { icon: '◐', text: 'unstable', meaning: 'only the unstable (vendor-prefixed) names served' },
  inconclusive: { icon: '?', text: 'inconclusive', meaning: 'probes got no conclusive answer (timeouts, 5xx, proxy pages)' },
  absent: { icon: '·', text: 'absent', meaning: 'nothing of it seen' },
  'not-audited': { icon: '×', text: 'not audited', meaning: 'the server could not be audited (see the server list)' },
};

export function violationsText(counts: SeverityCounts | undefined): string {
  if (!counts) return '';
  return (['error', 'warning', 'info'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}${counts[severity] === 1 || severity === 'info' ? '' : 's'}`)
    .join(', ');
}

/** "stable (1 error)": a cell in one line of text. */
export function cellText(cell: MatrixCell): string {
  const violations = violationsText(cell.violations);
  return `${STATE_LABELS[cell.state].text}${violations ? ` (${violations})` : ''}`;
}

export function softwareText(server: MatrixServer): string {
  return [server.software?.name, server.software?.version].filter(Boolean).join(' ');
}
