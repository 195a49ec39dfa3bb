#!/usr/bin/env node
// Benchmark: every figure is a ratio against a reference measured in the same run, on the
// same machine, so results compare across machines. Run with `npm run bench` (builds first).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startHomeserver } from '../dist/demo/homeserver.js';
import { demoProfile } from '../dist/demo/profile.js';
import { gatherSnapshot } from '../dist/probe/gather.js';
import { DEFAULT_PROBE_OPTIONS } from '../dist/probe/options.js';
import { loadCatalogue } from '../dist/catalogue/load.js';
import { mapConcurrent } from '../dist/probe/pool.js';

// `npm run bench -- fleet` (or BENCH=fleet) runs the fleet benchmark instead: minutes, not seconds.
if (process.argv.includes('fleet') || process.env.BENCH === 'fleet') {
  await import('./fleet.js');
  process.exit(0);
}

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'msc-audit.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function time(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Alternate subject and reference so drift (thermal, other load) hits both alike. */
async function compare(name, subject, reference, rounds = ROUNDS, target) {
  await subject();
  await reference();
  const a = [];
  const b = [];
  for (let i = 0; i < rounds; i += 1) {
    a.push(await time(subject));
    b.push(await time(reference));
  }
  const s = median(a);
  const r = median(b);
  const verdict = target === undefined ? '' : `  (target ≤ ${target}x: ${s / r <= target ? 'met' : 'NOT MET'})`;
  console.log(`${name.padEnd(52)} ${s.toFixed(1).padStart(8)} ms  vs reference ${r.toFixed(1).padStart(8)} ms  ratio ${(s / r).toFixed(2)}x${verdict}`);
  return s / r;
}

const nodeBare = () => run(process.execPath, ['-e', '0']);
console.log(`msc-audit benchmark (${ROUNDS} rounds, medians; node ${process.version})`);
// Start-up, each against a bare `node -e 0` in the same rounds (the installed command runs the
// same bin/msc-audit.js and dist/bundle/ as here). Targets from issue 10.
const cli = (...args) => () => run(process.execPath, [bin, ...args]);
await compare('startup: msc-audit --version', cli('--version'), nodeBare, ROUNDS, 1.3);
await compare('startup: msc-audit --help', cli('--help'), nodeBare);
await compare('startup: msc-audit explain MSC4186', cli('explain', 'MSC4186'), nodeBare, ROUNDS, 1.5);
await compare('startup: msc-audit explain org.matrix.simplified_msc3575', cli('explain', 'org.matrix.simplified_msc3575'), nodeBare, ROUNDS, 1.5);

// A full deep audit (with a token: every document, every catalogue and spec endpoint) of the
// demo homeserver, against a plain undici loop making the same requests at the same concurrency.
const catalogue = await loadCatalogue();
const server = await startHomeserver(demoProfile(), { specEndpoints: catalogue.specEndpoints() });
const options = { ...DEFAULT_PROBE_OPTIONS, timeoutMs: 5000, insecure: true };
const token = 'bench-token';
const audit = () => gatherSnapshot({ target: server.url, catalogue, options, token });
const sample = await audit();
const requests = sample.probes.map((probe) => ({ method: probe.method, url: probe.url, authenticated: probe.authenticated }));
const plainLoop = async () => {
  const agent = new Agent({ connections: options.concurrency });
  await mapConcurrent(requests, options.concurrency, async ({ method, url, authenticated }) => {
    const headers = { accept: 'application/json', ...(authenticated ? { authorization: `Bearer ${token}` } : {}), ...(method === 'GET' ? {} : { 'content-length': '0' }) };
    const response = await request(url, { method, dispatcher: agent, headers });
    await response.body.text();
  });
  await agent.close();
};
await compare(`deep audit: ${requests.length} requests, concurrency ${options.concurrency}`, audit, plainLoop);
await server.close();
