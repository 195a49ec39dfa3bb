import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { closedPort, HOSTILE_NAME, hostileNames } from '../fixtures/fleet.js';
import { behindProxy, conduitLike, conformant, flaky, misbehaving, synapseLike } from '../fixtures/profiles.js';
import { demoProfile } from '../../src/demo/profile.js';
import { renderMatrixHtml } from '../../src/matrix/render/html.js';
import { CELL_STATES, type SupportMatrix } from '../../src/matrix/model.js';

/**
 * The HTML matrix in a real browser: Debian's chromium, driven by playwright-core (which never
 * downloads a browser of its own). `.ci/run` installs chromium when it is missing.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output');

let work: string;
let context: BrowserContext;
let page: Page;
let pageUrl: string;
const consoleErrors: string[] = [];
const requests: string[] = [];

async function open(url: string): Promise<void> {
  consoleErrors.length = 0;
  requests.length = 0;
  await page.goto(url);
  await page.waitForSelector('#matrix tbody tr');
}

const rowMscs = (): Promise<number[]> => page.$$eval('#matrix tbody tr[data-msc]', (rows) => rows.map((row) => Number(row.getAttribute('data-msc'))));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does it)`);
  work = mkdtempSync(path.join(tmpdir(), 'msc-audit-matrix-html-'));
  const servers = [];
  for (const profile of [demoProfile(), synapseLike, conduitLike, conformant, misbehaving, flaky, behindProxy, hostileNames]) servers.push((await serve(profile)).url);
  servers.push(`http://127.0.0.1:${await closedPort()}`);
  const list = path.join(work, 'servers.txt');
  writeFileSync(list, `${servers.join('\n')}\n`);
  const out = path.join(work, 'out');
  const fleet = await cli(['fleet', list, '--out-dir', out, '--as-of', '2026-11-22', '--timeout', '2500', '--retries', '1', '--jobs', '9']);
  expect(fleet.code, fleet.stderr).toBe(1);
  const html = path.join(work, 'matrix.html');
  const matrix = await cli(['matrix', out, '--format', 'html', '-o', html]);
  expect(matrix.code, matrix.stderr).toBe(0);
  pageUrl = pathToFileURL(html).href;

  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'msc-audit-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
  });
  context.on('request', (request) => requests.push(request.url()));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await open(pageUrl);
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the HTML matrix in Chromium', () => {
  it('loads with no console error and no request but its own file', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
    expect(await page.textContent('#meta')).toMatch(/^9 servers · \d+ MSCs · policy spec · as of 2026-11-22/);
    expect(await page.$$eval('#legend li', (items) => items.map((item) => item.textContent))).toContain('◐unstable: only the unstable (vendor-prefixed) names served');
  });

  it('sorts by a click on a column header', async () => {
    const ascending = await rowMscs();
    expect(ascending.length).toBeGreaterThan(3);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('#matrix thead button[data-sort="msc"]');
    expect(await rowMscs()).toEqual([...ascending].sort((a, b) => b - a));
    expect(await page.getAttribute('#matrix thead th:first-child', 'aria-sort')).toBe('descending');
    await page.click('#matrix thead button[data-sort="shipping"]');
    const shipping = await page.$$eval('#matrix tbody td.shipping', (cells) => cells.map((cell) => Number(cell.textContent!.split(' ')[0])));
    expect(shipping).toEqual([...shipping].sort((a, b) => b - a));
    expect(shipping[0]).toBeGreaterThan(shipping.at(-1)!);
    // A server's column sorts MSCs by that server's form: shipped forms first.
    await page.click('#matrix thead th:nth-child(5) button.sort');
    const states = await page.$$eval('#matrix tbody tr td:nth-child(5) button.cell', (cells) => cells.map((cell) => cell.getAttribute('data-state')));
    const rank = (state: string | null) => CELL_STATES.indexOf(state as never);
    expect(states.map(rank)).toEqual([...states.map(rank)].sort((a, b) => a - b));
  });

  it('filters MSCs and servers with the filter boxes', async () => {
    await page.fill('#filter', 'MSC4186');
    expect(await rowMscs()).toEqual([4186]);
    await page.fill('#filter', 'no such msc anywhere');
    expect(await rowMscs()).toEqual([]);
    expect(await page.textContent('#matrix tbody')).toContain('No MSC matches the filter.');
    await page.fill('#filter', '');
    await page.fill('#server-filter', 'Conformant');
    expect(await page.$$eval('#matrix thead th', (cells) => cells.length)).toBe(4 + 1);
    expect(await page.$$eval('#servers tbody tr', (rows) => rows.length)).toBe(1);
    await page.fill('#server-filter', '');
    expect(await page.$$eval('#matrix thead th', (cells) => cells.length)).toBe(4 + 9);
  });

  it('keeps a hostile server string as text', async () => {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$eval('img, svg, b', (nodes) => nodes.length)).toBe(0);
    const software = await page.$$eval('#servers tbody td:nth-child(3)', (cells) => cells.map((cell) => cell.textContent));
    expect(software).toContain(`${HOSTILE_NAME} "><svg onload=alert(1)>&amp;`);
    expect(consoleErrors).toEqual([]);
  });

  it('shows a cell\'s evidence and curl line on a click', async () => {
    await page.click('#matrix tbody button.cell[data-state="unstable"]');
    expect(await page.isVisible('#details')).toBe(true);
    expect(await page.textContent('#details h2')).toMatch(/^MSC\d+ on http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.textContent('#details ul.evidence')).toMatch(/unstable: /);
    expect(await page.textContent('#details pre.curl')).toMatch(/^curl -sS -i /);
    await page.click('#details button.close');
    expect(await page.isVisible('#details')).toBe(false);
  });

  it('has a dark theme and a print layout, and writes a screenshot', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.click('#theme');
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background()).not.toBe(light);
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBeNull();
    await page.emulateMedia({ media: 'print' });
    expect(await page.$eval('.controls', (node) => getComputedStyle(node).display)).toBe('none');
    await page.emulateMedia({ media: 'screen' });
    mkdirSync(OUTPUT, { recursive: true });
    const shot = path.join(OUTPUT, 'matrix.png');
    // The page as it opens, sorted by how many servers ship each MSC.
    await page.click('#matrix thead button[data-sort="shipping"]');
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      for (const wrap of document.querySelectorAll('.wrap')) wrap.scrollTop = 0;
    });
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(consoleErrors).toEqual([]);
  });

  it('renders only a page of thousands of servers at a time', async () => {
    const servers = Array.from({ length: 3000 }, (_, i) => ({ server: `https://hs${String(i).padStart(4, '0')}.example`, status: 'audited' as const, versions: ['v1.11'], findings: { error: 0, warning: 0, info: 0 } }));
    const summary = Object.fromEntries(CELL_STATES.map((state) => [state, 0])) as SupportMatrix['rows'][number]['summary'];
    const big: SupportMatrix = {
      schemaVersion: 1,
      kind: 'msc-audit-matrix',
      tool: { name: 'msc-audit', version: 'test' },
      catalogue: { entries: 1 },
      filter: {},
      servers,
      rows: Array.from({ length: 250 }, (_, m) => ({
        msc: 1000 + m,
        title: `MSC ${1000 + m}`,
        status: 'open',
        summary: { ...summary, unstable: 1500, absent: 1500 },
        shipping: 1500,
        cells: servers.map((_, i) => ({ state: (i + m) % 2 ? 'unstable' : 'absent' })),
      })),
    };
    const file = path.join(work, 'big.html');
    writeFileSync(file, renderMatrixHtml(big));
    await open(pathToFileURL(file).href);
    expect(await page.$$eval('#matrix thead th', (cells) => cells.length)).toBe(4 + 25);
    expect(await page.$$eval('#matrix tbody tr', (rows) => rows.length)).toBe(100);
    expect(await page.textContent('#col-pager .range')).toBe('servers 1–25 of 3000');
    await page.click('#col-pager button[aria-label="next servers"]');
    expect(await page.textContent('#col-pager .range')).toBe('servers 26–50 of 3000');
    expect(await page.textContent('#matrix thead th:nth-child(5) button')).toBe('https://hs0025.example');
    expect(await page.$$eval('#servers tbody tr', (rows) => rows.length)).toBe(100);
    expect(consoleErrors).toEqual([]);
  });
});
