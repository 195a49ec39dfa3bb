#!/usr/bin/env node
// The executable. `--version` is answered here before anything else loads; everything else
// runs the bundled CLI in dist/bundle/ (built by `npm install` in a clone, shipped in the package).
import module from 'node:module';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  // As for every command: a reader that left is fine, any other write error is one line, exit 2.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`msc-audit: cannot write to standard output (${error.code}): check where it is redirected, and the free space there\n`);
    process.exitCode = 2;
  });
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // Node 22.1 and later can keep the compiled bundle between runs (a cache in the temp
  // directory); Node 20 has no such switch and compiles it each time.
  module.enableCompileCache?.();
  let cli;
  try {
    cli = await import('../dist/bundle/cli.js');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const root = new URL('..', import.meta.url).pathname;
    process.stderr.write(`msc-audit: this copy is not built (${String(error.message).split('\n')[0]}): run npm install, or npm run build, in ${root}\n`);
    process.exit(70);
  }
  await cli.main(argv);
}
