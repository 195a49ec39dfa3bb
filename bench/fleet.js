#!/usr/bin/env node
// Fleet benchmark: `npm run bench -- fleet` (or BENCH=fleet npm run bench). Loopback only.
// 1,000 emulated homeservers on distinct 127.0.0.1 ports, mixed profiles (some slow, some
// refusing connections, some not homeservers, some behind a proxy), audited by
// `msc-audit fleet --jobs 64`. Figures, each against a reference measured in the same run:
//   throughput: requests per second of the fleet run against a plain undici loop (in its own
//               process too) making the same requests with the same bound on requests in flight;
//   memory:     peak RSS of the fleet process for 1,000 servers against 100 servers.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHomeserver } from '../dist/demo/homeserver.js';
import { demoProfile } from '../dist/demo/profile.js';
import { loadCatalogue } from '../dist/catalogue/load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = Number(process.env.BENCH_FLEET_SERVERS ?? 1000);
const SMALL = Math.max(1, Math.round(SERVERS / 10));
const JOBS = 64;
const MAX_REQUESTS = 64;

/** Run a child node script; its last stdout line is a JSON object of figures. */
function child(script, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(process.execPath, [path.join(here, script), ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const wallMs = performance.now() - started;
      const last = String(stdout).trim().split('\n').at(-1) ?? '';
      try {
        const figures = JSON.parse(last);
        if (figures.code !== undefined && figures.code !== 0) throw new Error(`exit ${figures.code}`);
        resolve({ ...figures, wallMs });
      } catch {
        reject(new Error(`${script} failed (${error?.message ?? 'no figures'}): ${String(stderr).slice(-2000)}`));
      }
    });
  });
}

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The mix, by position in the list (every tenth block of ten alike, so 100 servers have the same mix as 1,000).
const demo = demoProfile();
const PROFILES = [
  demo,
  demo,
  { ...demo, name: 'slow', latencyMs: 25 },
  { ...demo, name: 'proxy', unknownPaths: 'proxy-html' },
  { ...demo, name: 'conduit-like', unknownPaths: 'not-found-json' },
  demo,
  { ...demo, name: 'slow', latencyMs: 25 },
  'refused',
  { name: 'not-a-homeserver', versions: '<html>It works!</html>', versionsStatus: 404, versionsContentType: 'text/html', unknownPaths: 'proxy-html', routes: [] },
  demo,
];

const catalogue = await loadCatalogue();
const running = [];
const urls = [];
for (let i = 0; i < SERVERS; i += 1) {
  const profile = PROFILES[i % PROFILES.length];
  if (profile === 'refused') {
    urls.push('refused');
    continue;
  }
  const server = await startHomeserver(profile, { specEndpoints: catalogue.specEndpoints() });
  // The bench makes hundreds of thousands of requests: do not keep a log of them.
  server.requests.push = () => 0;
  running.push(server);
  urls.push(server.url);
}
// Ports where nothing listens, chosen once every server listens (so none is reused by a server).
const used = new Set(running.map((server) => server.port));
for (let i = 0; i < urls.length; i += 1) {
  if (urls[i] !== 'refused') continue;
  let port;
  do port = await closedPort();
  while (used.has(port));
  used.add(port);
  urls[i] = `http://127.0.0.1:${port}`;
}
const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-bench-fleet-'));
const listAll = path.join(work, 'all.txt');
const listSmall = path.join(work, 'small.txt');
writeFileSync(listAll, `${urls.join('\n')}\n`);
writeFileSync(listSmall, `${urls.slice(0, SMALL).join('\n')}\n`);
const fleetArgs = (list, out) => ['fleet', list, '--out-dir', out, '--jobs', String(JOBS), '--max-requests', String(MAX_REQUESTS), '--quiet', '--force', '--as-of', '2026-11-22', '--fail-on', 'none'];

console.log(`fleet benchmark: ${SERVERS} emulated servers on 127.0.0.1, --jobs ${JOBS}, --max-requests ${MAX_REQUESTS} (node ${process.version})`);
// A first run warms the servers and yields the requests the plain loop repeats.
const warm = await child('fleet-child.js', fleetArgs(listAll, path.join(work, 'out-warm')));
const index = JSON.parse(readFileSync(path.join(work, 'out-warm', 'index.json'), 'utf8'));
const requests = [];
for (const result of index.servers) {
  if (!result.snapshot) {
    requests.push({ method: 'GET', url: `${result.server}/_matrix/client/versions` });
    continue;
  }
  const snapshot = JSON.parse(readFileSync(path.join(work, 'out-warm', result.snapshot), 'utf8'));
  for (const probe of snapshot.probes) for (let attempt = 0; attempt < (probe.attempts ?? 1); attempt += 1) requests.push({ method: probe.requestMethod ?? probe.method, url: probe.url });
}
// Interleaved across servers, as a fleet spreads its requests: the n-th request of every server, then the n+1-th.
const byServer = new Map();
for (const req of requests) {
  const origin = new URL(req.url).origin;
  if (!byServer.has(origin)) byServer.set(origin, []);
  byServer.get(origin).push({ method: req.method, url: req.url });
}
const interleaved = [];
for (let n = 0; interleaved.length < requests.length; n += 1) for (const list of byServer.values()) if (n < list.length) interleaved.push(list[n]);
const requestsFile = path.join(work, 'requests.json');
writeFileSync(requestsFile, JSON.stringify(interleaved));

const fleetRuns = [];
const plainRuns = [];
const ROUNDS = Number(process.env.BENCH_FLEET_ROUNDS ?? 1);
for (let round = 0; round < ROUNDS; round += 1) {
  plainRuns.push(await child('fleet-plain-child.js', [requestsFile, String(MAX_REQUESTS), String(8)]));
  fleetRuns.push(await child('fleet-child.js', fleetArgs(listAll, path.join(work, 'out'))));
}
const small = await child('fleet-child.js', fleetArgs(listSmall, path.join(work, 'out-small')));
const best = (runs) => runs.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b));
const fleet = best(fleetRuns);
const plain = best(plainRuns);
const fleetRate = requests.length / (fleet.wallMs / 1000);
const plainRate = requests.length / (plain.wallMs / 1000);
console.log(`fleet run: ${fleet.summary}`);
console.log(`cpu time: fleet process ${(fleet.cpuMs / 1000).toFixed(1)} s, plain loop process ${(plain.cpuMs / 1000).toFixed(1)} s`);
console.log(`throughput: fleet ${fleetRate.toFixed(0)} req/s (${(fleet.wallMs / 1000).toFixed(1)} s) vs plain undici loop ${plainRate.toFixed(0)} req/s (${(plain.wallMs / 1000).toFixed(1)} s), ${requests.length} requests: ratio ${(fleetRate / plainRate).toFixed(2)}x (goal >= 0.8x)`);
console.log(`peak RSS: ${SERVERS} servers ${(fleet.maxRssKb / 1024).toFixed(0)} MB vs ${SMALL} servers ${(small.maxRssKb / 1024).toFixed(0)} MB: ratio ${(fleet.maxRssKb / small.maxRssKb).toFixed(2)}x (goal <= 1.5x)`);
console.log(`(warm-up run ${(warm.wallMs / 1000).toFixed(1)} s; best of ${ROUNDS} round(s); BENCH_FLEET_ROUNDS and BENCH_FLEET_SERVERS change them)`);
await Promise.all(running.map((server) => server.close()));
rmSync(work, { recursive: true, force: true });
