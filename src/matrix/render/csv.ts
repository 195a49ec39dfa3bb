import { stripControl } from '../../util/sanitize.js';
import { CELL_STATES, type SupportMatrix } from '../model.js';
import { cellText, STATE_LABELS } from './labels.js';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field that a
 * spreadsheet would run as a formula (= + - @ and tab/CR at the start) is prefixed with '.
 */
export function csvField(value: string | number): string {
  let text = stripControl(String(value));
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** MSCs by servers: the summary columns, then one column per server with the cell's state and violations. */
export function renderMatrixCsv(matrix: SupportMatrix): string {
  const header = ['msc', 'title', 'status', 'released_in', 'shipping', ...CELL_STATES.map((state) => STATE_LABELS[state].text.replace(/ /g, '_')), ...matrix.servers.map((server) => server.server)];
  const lines = [header.map(csvField).join(',')];
  for (const row of matrix.rows) {
    const fields = [row.msc, row.title, row.status, row.releasedIn ?? '', row.shipping, ...CELL_STATES.map((state) => row.summary[state]), ...row.cells.map(cellText)];
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
