#!/usr/bin/env node
// The executable, CommonJS (bin/package.json says so), like the bundled CLI it runs: a CommonJS
// program starts without Node's ESM loader, a measurable part of a short command's run.
// `--version` is answered here before anything else loads; everything else runs the bundled
// CLI in dist/bundle/ (built by `npm install` in a clone, shipped in the package).
'use strict';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = require('node:fs');
  // As for every command: a reader that left is fine, any other write error is one line, exit 2.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`msc-audit: cannot write to standard output (${error.code}): check where it is redirected, and the free space there\n`);
    process.exitCode = 2;
  });
  process.stdout.write(`${JSON.parse(readFileSync(require('node:path').join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  // Node 22.1 and later can keep the compiled bundle between runs (a cache in the temp
  // directory). Node 20 cannot: there, the V8 code caches the build made (scripts/code-cache.cjs)
  // spare the parse and compile of the files a short command loads.
  const Module = require('node:module');
  if (Module.enableCompileCache) Module.enableCompileCache();
  else useBuiltCodeCache(Module);
  let cli;
  try {
    cli = require('../dist/bundle/cli.cjs');
  } catch (error) {
    const first = String(error?.message).split('\n')[0];
    if (error?.code !== 'MODULE_NOT_FOUND' || !first.includes('cli.cjs')) throw error;
    const root = require('node:path').join(__dirname, '..');
    process.stderr.write(`msc-audit: this copy is not built (${first}): run npm install, or npm run build, in ${root}\n`);
    process.exit(70);
  }
  cli.main(argv);
}

/**
 * Compile dist/bundle/<file>.cjs with its <file>.cjs.v8cache, when the build made one and it is not
 * older than the file. V8 checks the cache's version and flags and, when they differ (another Node
 * version), compiles as usual, so a wrong cache costs one file read, never a wrong result.
 */
function useBuiltCodeCache(Module) {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const directory = path.join(__dirname, '..', 'dist', 'bundle');
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    let cachedData;
    if (path.dirname(filename) === directory) {
      try {
        if (fs.statSync(`${filename}.v8cache`).mtimeMs >= fs.statSync(filename).mtimeMs) cachedData = fs.readFileSync(`${filename}.v8cache`);
      } catch {
        // No cache for this file: compiled as usual.
      }
    }
    if (cachedData === undefined) return compile.call(this, content, filename);
    // The same wrapper as scripts/code-cache.cjs used, which the cache was made for. The bundled
    // files call require(id) only (no require.resolve or require.cache), checked when it was written.
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    return script.runInThisContext().call(this.exports, this.exports, (id) => this.require(id), this, filename, directory);
  };
}
