/**
 * The matrix page's script and style, inlined into the page (no request to any network; the
 * page's Content-Security-Policy allows exactly these two blocks by hash). Every string that
 * came from a server reaches the page through textContent, never as markup.
 */
export const PAGE_STYLE = `
:root { color-scheme: light; --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; --hover: #eef4ff;
  --both: #0a5c36; --stable: #116329; --unstable: #7d4e00; --inconclusive: #6e4a9e; --absent: #8c959f; --not-audited: #a40e26; --accent: #0969da; }
:root[data-theme="dark"] { color-scheme: dark; --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --head: #151b23; --hover: #1c2a3f;
  --both: #56d364; --stable: #3fb950; --unstable: #d29922; --inconclusive: #bc8cff; --absent: #6e7681; --not-audited: #ff7b72; --accent: #4493f8; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) { color-scheme: dark; --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --head: #151b23; --hover: #1c2a3f;
  --both: #56d364; --stable: #3fb950; --unstable: #d29922; --inconclusive: #bc8cff; --absent: #6e7681; --not-audited: #ff7b72; --accent: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem 1.25rem; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
.meta, .muted { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .5rem 0; padding: 0; list-style: none; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .75rem 0; }
input[type="search"] { font: inherit; padding: .3rem .5rem; min-width: 16rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
button { font: inherit; color: inherit; background: var(--head); border: 1px solid var(--line); border-radius: 6px; padding: .2rem .55rem; cursor: pointer; }
button:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.pager { display: inline-flex; gap: .4rem; align-items: center; }
.wrap { overflow: auto; max-height: 70vh; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: separate; border-spacing: 0; width: max-content; min-width: 100%; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); text-align: left; vertical-align: top; background: var(--bg); }
thead th { position: sticky; top: 0; z-index: 2; background: var(--head); white-space: nowrap; }
tbody th, thead th:first-child { position: sticky; left: 0; z-index: 1; background: var(--head); }
thead th:first-child { z-index: 3; }
th button.sort { background: none; border: 0; padding: 0; font-weight: 600; text-align: left; }
th[aria-sort="ascending"] button.sort::after { content: " ▲"; } th[aria-sort="descending"] button.sort::after { content: " ▼"; }
.server-name { display: block; max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
.sub { display: block; font-weight: 400; color: var(--muted); font-size: .85em; max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
.title { display: block; font-weight: 400; color: var(--muted); max-width: 22rem; white-space: normal; }
button.cell { background: none; border: 0; padding: 0; text-align: left; white-space: nowrap; }
button.cell:hover { text-decoration: underline; }
.state-both { color: var(--both); } .state-stable { color: var(--stable); } .state-unstable { color: var(--unstable); }
.state-inconclusive { color: var(--inconclusive); } .state-absent { color: var(--absent); } .state-not-audited { color: var(--not-audited); }
.icon { display: inline-block; width: 1.1em; text-align: center; font-weight: 700; }
.badge { margin-left: .35rem; padding: 0 .35rem; border-radius: 9px; border: 1px solid currentColor; font-size: .8em; color: var(--not-audited); }
#details { margin: 1rem 0; padding: .75rem 1rem; border: 1px solid var(--line); border-radius: 6px; background: var(--head); }
#details pre { white-space: pre-wrap; word-break: break-all; background: var(--bg); padding: .5rem; border-radius: 4px; border: 1px solid var(--line); }
#details ul { margin: .25rem 0; padding-left: 1.25rem; }
tbody tr:hover td, tbody tr:hover th { background: var(--hover); }
@media print {
  :root, :root[data-theme="dark"] { color-scheme: light; --bg: #fff; --fg: #000; --muted: #333; --line: #999; --head: #eee; --both: #000; --stable: #000; --unstable: #000; --inconclusive: #000; --absent: #555; --not-audited: #000; }
  body { padding: 0; font-size: 10pt; }
  .controls, .no-print, #details button { display: none !important; }
  .wrap { overflow: visible; max-height: none; border: 0; }
  thead th, tbody th { position: static; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
}
`;

export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('matrix-data').textContent);
  var STATES = {};
  data.states.forEach(function (s, i) { STATES[s[0]] = { key: s[1], icon: s[2], text: s[3], rank: i }; });
  var ROWS_PER_PAGE = 100, COLS_PER_PAGE = 25, SERVERS_PER_PAGE = 100;
  var view = { rowFilter: '', serverFilter: '', rowPage: 0, colPage: 0, sort: { key: 'msc', dir: 1 }, serverPage: 0, serverSort: { key: 'server', dir: 1 } };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'onclick') node.addEventListener('click', attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function counts(v) {
    if (!v) return '';
    var parts = [];
    if (v[0]) parts.push(v[0] + (v[0] === 1 ? ' error' : ' errors'));
    if (v[1]) parts.push(v[1] + (v[1] === 1 ? ' warning' : ' warnings'));
    if (v[2]) parts.push(v[2] + ' info');
    return parts.join(', ');
  }
  function stateOf(row, serverIndex) { return STATES[row.c.charAt(serverIndex)]; }

  function visibleServers() {
    var q = view.serverFilter.toLowerCase();
    var list = [];
    data.servers.forEach(function (s, i) {
      if (!q || (s.s + ' ' + (s.sw || '') + ' ' + s.st).toLowerCase().indexOf(q) >= 0) list.push(i);
    });
    return list;
  }
  function visibleRows() {
    var q = view.rowFilter.toLowerCase().replace(/^msc\\s*/, '');
    var rows = data.rows.filter(function (r) {
      return !q || ('msc' + r.m + ' ' + r.m + ' ' + r.t + ' ' + r.st + ' ' + (r.ri || '')).toLowerCase().indexOf(q) >= 0;
    });
    var key = view.sort.key, dir = view.sort.dir;
    rows.sort(function (a, b) {
      var x, y;
      if (key === 'msc') { x = a.m; y = b.m; }
      else if (key === 'status') { x = a.st; y = b.st; }
      else if (key === 'released') { x = a.ri || ''; y = b.ri || ''; }
      else if (key === 'shipping') { x = a.sh; y = b.sh; }
      else { var i = Number(key.slice(7)); x = -stateOf(a, i).rank; y = -stateOf(b, i).rank; }
      if (x < y) return -dir; if (x > y) return dir; return a.m - b.m;
    });
    return rows;
  }

  function sortHeader(label, key, current, onSort, extra) {
    var th = el('th', { scope: 'col' });
    if (current.key === key) th.setAttribute('aria-sort', current.dir > 0 ? 'ascending' : 'descending');
    th.appendChild(el('button', { type: 'button', 'class': 'sort', 'data-sort': key, text: label, onclick: function () { onSort(key); } }));
    (extra || []).forEach(function (node) { th.appendChild(node); });
    return th;
  }
  function toggle(current, key) {
    if (current.key === key) current.dir = -current.dir; else { current.key = key; current.dir = key === 'msc' || key === 'server' || key === 'status' ? 1 : -1; }
  }
  function pager(container, label, page, pageSize, total, onPage) {
    clear(container);
    var pages = Math.max(1, Math.ceil(total / pageSize));
    var first = total === 0 ? 0 : page * pageSize + 1, last = Math.min(total, (page + 1) * pageSize);
    container.appendChild(el('button', { type: 'button', 'aria-label': 'previous ' + label, text: '‹', onclick: function () { if (page > 0) onPage(page - 1); } }));
    container.appendChild(el('span', { 'class': 'range', text: label + ' ' + first + '–' + last + ' of ' + total }));
    container.appendChild(el('button', { type: 'button', 'aria-label': 'next ' + label, text: '›', onclick: function () { if (page < pages - 1) onPage(page + 1); } }));
  }

  function cellButton(row, serverIndex) {
    var state = stateOf(row, serverIndex);
    var detail = row.d[serverIndex];
    var button = el('button', { type: 'button', 'class': 'cell state-' + state.key, 'data-state': state.key, 'aria-label': 'MSC' + row.m + ' on ' + data.servers[serverIndex].s + ': ' + state.text,
      onclick: function () { showDetails(row, serverIndex); } },
      [el('span', { 'class': 'icon', 'aria-hidden': 'true', text: state.icon }), el('span', { 'class': 'text', text: state.text })]);
    if (detail && detail.v) button.appendChild(el('span', { 'class': 'badge', title: counts(detail.v), text: '⚠ ' + (detail.v[0] + detail.v[1] + detail.v[2]) }));
    return button;
  }

  function renderMatrix() {
    var servers = visibleServers();
    var rows = visibleRows();
    var colPages = Math.max(1, Math.ceil(servers.length / COLS_PER_PAGE));
    if (view.colPage >= colPages) view.colPage = colPages - 1;
    var rowPages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
    if (view.rowPage >= rowPages) view.rowPage = rowPages - 1;
    var cols = servers.slice(view.colPage * COLS_PER_PAGE, (view.colPage + 1) * COLS_PER_PAGE);
    var pageRows = rows.slice(view.rowPage * ROWS_PER_PAGE, (view.rowPage + 1) * ROWS_PER_PAGE);
    var table = document.getElementById('matrix');
    clear(table);
    var onSort = function (key) { toggle(view.sort, key); view.rowPage = 0; renderMatrix(); };
    var head = el('tr', null, [sortHeader('MSC', 'msc', view.sort, onSort), sortHeader('Status', 'status', view.sort, onSort), sortHeader('Released', 'released', view.sort, onSort), sortHeader('Shipping', 'shipping', view.sort, onSort)]);
    cols.forEach(function (i) {
      var s = data.servers[i];
      head.appendChild(sortHeader(s.s, 'server:' + i, view.sort, onSort, [el('span', { 'class': 'sub', text: s.sw || (s.st === 'audited' ? '' : s.st) })]));
    });
    table.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    pageRows.forEach(function (row) {
      var tr = el('tr', { 'data-msc': String(row.m) }, [
        el('th', { scope: 'row' }, ['MSC' + row.m, el('span', { 'class': 'title', text: row.t })]),
        el('td', { text: row.st }),
        el('td', { text: row.ri || '' }),
        el('td', { 'class': 'shipping', title: 'servers shipping it in some form', text: row.sh + ' / ' + data.servers.length })
      ]);
      cols.forEach(function (i) { tr.appendChild(el('td', null, [cellButton(row, i)])); });
      body.appendChild(tr);
    });
    if (pageRows.length === 0) body.appendChild(el('tr', null, [el('td', { colspan: String(4 + cols.length), text: 'No MSC matches the filter.' })]));
    table.appendChild(body);
    pager(document.getElementById('row-pager'), 'MSCs', view.rowPage, ROWS_PER_PAGE, rows.length, function (p) { view.rowPage = p; renderMatrix(); });
    pager(document.getElementById('col-pager'), 'servers', view.colPage, COLS_PER_PAGE, servers.length, function (p) { view.colPage = p; renderMatrix(); });
  }

  function renderServers() {
    var list = visibleServers();
    var key = view.serverSort.key, dir = view.serverSort.dir;
    list.sort(function (a, b) {
      var x = data.servers[a], y = data.servers[b], p, q;
      if (key === 'server') { p = x.s; q = y.s; } else if (key === 'status') { p = x.st; q = y.st; } else if (key === 'software') { p = x.sw || ''; q = y.sw || ''; }
      else if (key === 'errors') { p = x.f[0]; q = y.f[0]; } else if (key === 'warnings') { p = x.f[1]; q = y.f[1]; } else { p = x.f[2]; q = y.f[2]; }
      if (p < q) return -dir; if (p > q) return dir; return a - b;
    });
    var pages = Math.max(1, Math.ceil(list.length / SERVERS_PER_PAGE));
    if (view.serverPage >= pages) view.serverPage = pages - 1;
    var table = document.getElementById('servers');
    clear(table);
    var onSort = function (k) { toggle(view.serverSort, k); view.serverPage = 0; renderServers(); };
    table.appendChild(el('thead', null, [el('tr', null, [
      sortHeader('Server', 'server', view.serverSort, onSort), sortHeader('Status', 'status', view.serverSort, onSort), sortHeader('Software', 'software', view.serverSort, onSort),
      el('th', { scope: 'col', text: 'Spec versions' }), sortHeader('Errors', 'errors', view.serverSort, onSort), sortHeader('Warnings', 'warnings', view.serverSort, onSort), sortHeader('Info', 'info', view.serverSort, onSort)
    ])]));
    var body = el('tbody');
    list.slice(view.serverPage * SERVERS_PER_PAGE, (view.serverPage + 1) * SERVERS_PER_PAGE).forEach(function (i) {
      var s = data.servers[i];
      body.appendChild(el('tr', null, [
        el('th', { scope: 'row' }, [el('span', { 'class': 'server-name', title: s.b || s.s, text: s.s })]),
        el('td', { 'class': s.st === 'audited' ? '' : 'state-not-audited', text: s.st === 'audited' ? 'audited' : s.st + ': ' + (s.r || '') }),
        el('td', { text: s.sw || '' }),
        el('td', { text: s.v.join(' ') }),
        el('td', { text: String(s.f[0]) }), el('td', { text: String(s.f[1]) }), el('td', { text: String(s.f[2]) })
      ]));
    });
    table.appendChild(body);
    pager(document.getElementById('server-pager'), 'servers', view.serverPage, SERVERS_PER_PAGE, list.length, function (p) { view.serverPage = p; renderServers(); });
  }

  function showDetails(row, serverIndex) {
    var box = document.getElementById('details');
    var s = data.servers[serverIndex], state = stateOf(row, serverIndex), detail = row.d[serverIndex] || {};
    clear(box);
    box.hidden = false;
    box.appendChild(el('button', { type: 'button', 'class': 'close', 'aria-label': 'close details', text: '×', onclick: function () { box.hidden = true; } }));
    box.appendChild(el('h2', null, ['MSC' + row.m + ' on ' + s.s]));
    box.appendChild(el('p', null, [el('span', { 'class': 'state-' + state.key }, [state.icon + ' ' + state.text]), detail.v ? ' · ' + counts(detail.v) : '', s.sw ? ' · ' + s.sw : '']));
    if (s.st !== 'audited') box.appendChild(el('p', { text: s.st + ': ' + (s.r || '') }));
    if (detail.e && detail.e.length) box.appendChild(el('ul', { 'class': 'evidence' }, detail.e.map(function (line) { return el('li', { text: line }); })));
    else if (s.st === 'audited') box.appendChild(el('p', { 'class': 'muted', text: 'Nothing of this MSC was seen on this server.' }));
    if (detail.c && detail.c.length) { box.appendChild(el('p', { text: 'Show it again:' })); box.appendChild(el('pre', { 'class': 'curl', text: detail.c.join('\\n') })); }
    box.scrollIntoView({ block: 'nearest' });
  }

  function renderMeta() {
    var m = data.meta;
    document.getElementById('meta').textContent = data.servers.length + ' servers · ' + data.rows.length + ' MSCs' + (m.policy ? ' · policy ' + m.policy + ' · as of ' + m.asOf : '') + ' · catalogue of ' + m.entries + ' entries · ' + m.tool;
    var legend = document.getElementById('legend');
    data.states.forEach(function (s) {
      legend.appendChild(el('li', null, [el('span', { 'class': 'icon state-' + s[1], 'aria-hidden': 'true', text: s[2] }), el('strong', { text: s[3] }), ': ' + s[4]]));
    });
    legend.appendChild(el('li', null, [el('span', { 'class': 'badge', text: '⚠ n' }), ' findings about this MSC on this server']));
  }

  var themes = ['auto', 'light', 'dark'];
  document.getElementById('theme').addEventListener('click', function (event) {
    var current = document.documentElement.getAttribute('data-theme') || 'auto';
    var next = themes[(themes.indexOf(current) + 1) % themes.length];
    if (next === 'auto') document.documentElement.removeAttribute('data-theme'); else document.documentElement.setAttribute('data-theme', next);
    event.currentTarget.textContent = 'Theme: ' + next;
  });
  document.getElementById('filter').addEventListener('input', function (event) { view.rowFilter = event.target.value.trim(); view.rowPage = 0; renderMatrix(); });
  document.getElementById('server-filter').addEventListener('input', function (event) { view.serverFilter = event.target.value.trim(); view.colPage = 0; view.serverPage = 0; renderMatrix(); renderServers(); });
  renderMeta();
  renderMatrix();
  renderServers();
})();
`;
