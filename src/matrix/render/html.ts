import { createHash } from 'node:crypto';
import { stripControl } from '../../util/sanitize.js';
import { CELL_STATES, type CellState, type SupportMatrix } from '../model.js';
import { softwareText, STATE_LABELS } from './labels.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './html-client.js';

/** One letter per state: a row's cells travel as one string, which keeps pages of thousands of servers small. */
const STATE_CODES: Record<CellState, string> = { both: 'b', stable: 's', unstable: 'u', inconclusive: 'i', absent: 'a', 'not-audited': 'n' };

const clean = (value: string): string => stripControl(value, true);

/** The page's data, compact: servers once, each row's states as a string, details only where there are some. */
function pageData(matrix: SupportMatrix): unknown {
  return {
    meta: { policy: matrix.policy, asOf: matrix.asOf, entries: matrix.catalogue.entries, tool: `${matrix.tool.name} ${matrix.tool.version}` },
    states: CELL_STATES.map((state) => [STATE_CODES[state], state, STATE_LABELS[state].icon, STATE_LABELS[state].text, STATE_LABELS[state].meaning]),
    servers: matrix.servers.map((server) => ({
      s: clean(server.server),
      ...(server.baseUrl ? { b: clean(server.baseUrl) } : {}),
      st: server.status,
      ...(server.reason ? { r: clean(server.reason) } : {}),
      sw: clean(softwareText(server)),
      v: server.versions.map(clean),
      f: [server.findings.error, server.findings.warning, server.findings.info],
    })),
    rows: matrix.rows.map((row) => {
      const details: Record<number, unknown> = {};
      row.cells.forEach((cell, i) => {
        if (!cell.violations && !cell.evidence && !cell.curl) return;
        details[i] = {
          ...(cell.violations ? { v: [cell.violations.error, cell.violations.warning, cell.violations.info] } : {}),
          ...(cell.evidence ? { e: cell.evidence.map(clean) } : {}),
          ...(cell.curl ? { c: cell.curl.map(clean) } : {}),
        };
      });
      return { m: row.msc, t: clean(row.title), st: row.status, ...(row.releasedIn ? { ri: row.releasedIn } : {}), sh: row.shipping, c: row.cells.map((cell) => STATE_CODES[cell.state]).join(''), d: details };
    }),
  };
}

/**
 * JSON inside <script type="application/json">: the only characters that could end the
 * element or start markup (<, >, &) and the JS line separators are written as \u escapes,
 * so no server string can close the script element.
 */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const cspHash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * One self-contained page: inline style and script (allowed by hash and nothing else, so the
 * page cannot load or send anything), the data as JSON, rendered by the script a page at a time.
 */
export function renderMatrixHtml(matrix: SupportMatrix): string {
  const csp = [`default-src 'none'`, `style-src ${cspHash(PAGE_STYLE)}`, `script-src ${cspHash(PAGE_SCRIPT)}`, `img-src 'none'`, `connect-src 'none'`, `form-action 'none'`, `base-uri 'none'`].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>MSC support matrix</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>MSC support matrix</h1>
<p class="meta" id="meta"></p>
<ul class="legend" id="legend" aria-label="legend"></ul>
</header>
<div class="controls" role="search">
<label>Filter MSCs <input type="search" id="filter" placeholder="number, title or status" autocomplete="off"></label>
<label>Filter servers <input type="search" id="server-filter" placeholder="name or software" autocomplete="off"></label>
<span class="pager" id="row-pager"></span>
<span class="pager" id="col-pager"></span>
<button type="button" id="theme" class="no-print">Theme: auto</button>
</div>
<main>
<div class="wrap"><table id="matrix" aria-label="MSCs by servers"></table></div>
<section id="details" hidden aria-live="polite"></section>
<h2>Servers</h2>
<div class="controls"><span class="pager" id="server-pager"></span></div>
<div class="wrap"><table id="servers" aria-label="servers"></table></div>
</main>
<noscript><p>This page needs JavaScript to show the matrix; the same data is in msc-audit matrix --format markdown, csv or json.</p></noscript>
<script type="application/json" id="matrix-data">${embeddedJson(pageData(matrix))}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
