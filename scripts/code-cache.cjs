// Build step (after scripts/bundle.js): V8 code caches for the CLI files a short command loads,
// dist/bundle/<file>.cjs.v8cache, which bin/msc-audit.js hands to V8 on Node versions without
// module.enableCompileCache (Node 20), so those files are not parsed and compiled on every run.
// The cache is made after running the commands below, so it holds the functions they compile,
// not only the top level. V8 refuses a cache made by another V8 version or with other flags (the
// file is then compiled as usual), so a package built with one Node version still runs on any.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const directory = path.join(__dirname, '..', 'dist', 'bundle');
// What the caches are made from: the start-up paths issue 10 measures (npm run bench).
const RUNS = [['--help'], ['explain', 'MSC4186'], ['explain', 'org.matrix.simplified_msc3575']];

if (process.argv[2] === '--child') {
  // Compile the bundle's files as bin/msc-audit.js does, run the commands, then write the caches.
  const scripts = new Map();
  Module.prototype._compile = function compile(content, filename) {
    const script = new vm.Script(Module.wrap(content), { filename });
    scripts.set(filename, script);
    return script.runInThisContext().call(this.exports, this.exports, (id) => this.require(id), this, filename, path.dirname(filename));
  };
  const { main } = require(path.join(directory, 'cli.cjs'));
  (async () => {
    for (const argv of RUNS) await main(argv);
    if (process.exitCode) throw new Error(`code-cache: a command failed (exit ${process.exitCode})`);
    for (const [filename, script] of scripts) fs.writeFileSync(`${filename}.v8cache`, script.createCachedData());
  })();
} else {
  // Without a cache directory, so a refreshed catalogue of whoever builds plays no part.
  const env = { ...process.env, HOME: '', XDG_CACHE_HOME: '' };
  const child = spawnSync(process.execPath, [__filename, '--child'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (child.status !== 0) throw new Error(`code-cache: making the caches failed (exit ${child.status})`);
  const made = fs.readdirSync(directory).filter((name) => name.endsWith('.v8cache'));
  process.stdout.write(`code-cache: dist/bundle/ ${made.map((name) => `${name} ${Math.round(fs.statSync(path.join(directory, name)).size / 1024)} KiB`).join(', ')}\n`);
}
