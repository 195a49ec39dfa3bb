#!/usr/bin/env node
// Build step: one minified ESM file per entry point (the CLI, the programmatic API), so
// start-up reads one file instead of resolving a module graph. Code that only some commands
// need (undici, the rules, YAML, schemas) lands in chunks imported when those commands run.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// dist/bundle/ sits two levels below the package root like dist/<folder>/ from tsc, so
// src/catalogue/paths.ts finds specs/, dist/catalogue.json and package.json from either.
const outdir = path.join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

// commander requires child_process at load time, only to run external sub-command executables,
// which msc-audit does not have. Loading it (with net and dgram) is a sizeable part of start-up,
// so commander gets a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// esbuild gives a code-split import() of a CommonJS package only a default export, where Node
// gives named ones too (`const { stringify } = await import('yaml')`): leave such imports to Node.
const packagesImportedLater = {
  name: 'packages-imported-later',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'dynamic-import' && !args.path.startsWith('node:') ? { path: args.path, external: true } : undefined));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/entry.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  chunkNames: '[name]-[hash]',
  legalComments: 'eof',
  plugins: [lazyChildProcess, packagesImportedLater],
  metafile: true,
  logLevel: 'warning',
});
if (process.env.BUNDLE_META) (await import('node:fs')).writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
// Bundled CommonJS (commander, parts of undici) calls require() for Node's own modules through
// esbuild's shim, which looks for a `require` in its own file: give one to the files with the
// shim only, since creating it costs start-up time in each file that does.
for (const file of Object.keys(result.metafile.outputs)) {
  const text = readFileSync(path.join(root, file), 'utf8');
  if (text.includes('typeof require')) writeFileSync(path.join(root, file), `import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);\n${text}`);
}
const files = Object.keys(result.metafile.outputs).length;
const entry = (name) => Math.round(result.metafile.outputs[`dist/bundle/${name}.js`].bytes / 1024);
process.stdout.write(`bundle: dist/bundle/cli.js ${entry('cli')} KiB, index.js ${entry('index')} KiB, ${files - 2} chunks\n`);
