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
  // directory); Node 20 has no such switch and compiles it each time.
  require('node:module').enableCompileCache?.();
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
