import { markdown } from '../../report/escape.js';
import type { SupportMatrix } from '../model.js';
import { cellText, softwareText, STATE_LABELS } from './labels.js';

/** Beyond this many servers, a table with a column per server is unreadable: list them per MSC instead. */
const MAX_SERVER_COLUMNS = 12;

const table = (header: string[], rows: string[][]): string[] => [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];

export function renderMatrixMarkdown(matrix: SupportMatrix): string {
  const out: string[] = ['# MSC support matrix', ''];
  const judged = matrix.policy ? `, policy ${matrix.policy}, as of ${matrix.asOf}` : '';
  out.push(`${matrix.servers.length} servers, ${matrix.rows.length} MSCs${judged}; catalogue of ${matrix.catalogue.entries} entries; ${matrix.tool.name} ${matrix.tool.version}.`, '');
  out.push(`Legend: ${Object.values(STATE_LABELS).map((label) => `${label.icon} ${label.text}`).join(' · ')}`, '');
  out.push('## MSCs', '');
  out.push(
    ...table(
      ['MSC', 'title', 'status', 'released in', 'shipping', 'stable', 'unstable', 'both', 'inconclusive', 'absent', 'not audited'],
      matrix.rows.map((row) => [
        `MSC${row.msc}`,
        markdown(row.title),
        markdown(row.status),
        markdown(row.releasedIn ?? ''),
        String(row.shipping),
        ...(['stable', 'unstable', 'both', 'inconclusive', 'absent', 'not-audited'] as const).map((state) => String(row.summary[state])),
      ]),
    ),
    '',
  );
  if (matrix.servers.length <= MAX_SERVER_COLUMNS) {
    out.push('## Matrix', '');
    out.push(
      ...table(
        ['MSC', ...matrix.servers.map((server) => markdown(server.server))],
        matrix.rows.map((row) => [`MSC${row.msc}`, ...row.cells.map((cell) => `${STATE_LABELS[cell.state].icon} ${markdown(cellText(cell))}`)]),
      ),
      '',
    );
  } else {
    out.push('## Who ships what', '');
    for (const row of matrix.rows) {
      out.push(`### MSC${row.msc}: ${markdown(row.title)}`, '');
      const shipping = row.cells.map((cell, i) => ({ cell, server: matrix.servers[i]! })).filter(({ cell }) => cell.state !== 'absent' && cell.state !== 'not-audited');
      if (shipping.length === 0) out.push('No server shows it.', '');
      for (const { cell, server } of shipping) out.push(`- ${markdown(server.server)}: ${STATE_LABELS[cell.state].icon} ${markdown(cellText(cell))}`);
      if (shipping.length > 0) out.push('');
    }
  }
  out.push('## Servers', '');
  out.push(
    ...table(
      ['server', 'status', 'software', 'spec versions', 'errors', 'warnings', 'info'],
      matrix.servers.map((server) => [
        markdown(server.server),
        markdown(server.status === 'audited' ? 'audited' : `${server.status}: ${server.reason ?? ''}`),
        markdown(softwareText(server)),
        markdown(server.versions.join(' ')),
        String(server.findings.error),
        String(server.findings.warning),
        String(server.findings.info),
      ]),
    ),
    '',
  );
  return out.join('\n');
}
