#!/usr/bin/env node
// Build step: minified bundles, so start-up reads few files instead of resolving a module
// graph. The CLI is dist/bundle/cli.cjs (argument parsing, help, errors) plus one file per
// command (dist/bundle/<command>.cjs), required when that command runs: running a command
// loads two files, whatever it needs (each file loaded costs start-up time; code repeated
// across command files costs only disk), plus, for explain, a lazy-*.cjs file when it needs
// one (see LAZY_MODULES). The CLI's files are CommonJS (see commonJs below). The programmatic
// API is one code-split ESM build in dist/bundle-api/.
// The libraries are bundled too, so the package needs no dependencies at run time.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
// also gives its named exports (`const { stringify } = await import('yaml')`). Such an import
// gets a stand-in module that imports the package statically and names each export Node would.
const require = createRequire(path.join(root, 'package.json'));
const packagesImportedLater = {
  name: 'packages-imported-later',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'dynamic-import' && !args.path.startsWith('node:') ? { path: args.path, namespace: 'named-exports' } : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'named-exports' }, async (args) => {
      const names = Object.keys(await import(pathToFileURL(require.resolve(args.path)).href)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      const lines = [`import * as all from ${JSON.stringify(args.path)};`, 'export default all.default;', ...names.map((name) => `export const ${name} = all.${name};`)];
      return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
    });
  },
};

/** The licence texts of the packages bundled into dist/bundle/, which their licences ask to ship with them. */
function thirdPartyNotices(inputs, directory) {
  const packages = new Map();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match && !packages.has(match[1])) packages.set(match[1], JSON.parse(readFileSync(path.join(root, match[1], 'package.json'), 'utf8')));
  }
  const sections = [...packages].sort(([, a], [, b]) => a.name.localeCompare(b.name)).map(([directory, manifest]) => {
    const licence = readdirSync(path.join(root, directory)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    if (!licence) throw new Error(`${manifest.name} ships no licence file to bundle with it`);
    return `${manifest.name} ${manifest.version} (${manifest.license})\n\n${readFileSync(path.join(root, directory, licence), 'utf8').trim()}\n`;
  });
  return `msc-audit's bundle (dist/${directory}/) includes these packages, under these licences.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

const cliDirectory = path.join(root, 'src', 'cli');

// In cli.cjs, a command's import() (src/cli/commands.ts) stays a require() of its own file.
const commandFilesApart = {
  name: 'command-files-apart',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => (args.kind === 'dynamic-import' && args.importer === path.join(cliDirectory, 'commands.ts') ? { path: args.path.replace(/\.js$/, '.cjs'), external: true } : undefined));
  },
};

// In a command's file, what must exist once per process (see src/cli/bundle-entry.ts) is
// required from cli.cjs, which has already loaded it.
const sharedFromCli = {
  name: 'shared-from-cli',
  setup(builder) {
    builder.onResolve({ filter: /^commander$|(^|[\\/])errors\.js$/ }, (args) => {
      if (args.path === 'commander') return /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: './cli.cjs', external: true };
      return path.resolve(args.resolveDir, args.path) === path.join(root, 'src', 'util', 'errors.js') ? { path: './cli.cjs', external: true } : undefined;
    });
  },
};

// A command file without code splitting holds everything its code can import(), run or not.
// For explain, whose plain use (explain MSC4186) is a start-up benchmark, the heavy modules
// it imports only on request stay files of their own, dist/bundle/lazy-<name>.cjs, loaded when
// imported: ajv and yaml (a --catalogue file, or a copy without dist/catalogue.json) and
// the rules (explaining a rule id). That takes explain.cjs from ~310 KiB to ~22 KiB.
// Each lazy file is one unsplit build, so the modules it shares with explain.cjs (the catalogue
// class, sanitize, paths, ...) exist twice in such a run: fine for code without identity or
// state that matters (checked below: no undici there; errors and commander come from cli.cjs).
const LAZY_MODULES = {
  explain: {
    'catalogue-read-sources': 'src/catalogue/read-sources.ts',
    'catalogue-bundle': 'src/catalogue/bundle.ts',
    'catalogue-overlay': 'src/catalogue/overlay.ts',
    'rules-index': 'src/rules/index.ts',
  },
};
const lazyFilesApart = (lazy) => ({
  name: 'lazy-files-apart',
  setup(builder) {
    const names = new Map(Object.entries(lazy).map(([name, file]) => [path.join(root, file), name]));
    builder.onResolve({ filter: /\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.path.startsWith('.')) return undefined;
      const name = names.get(path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts'));
      return name === undefined ? undefined : { path: `./lazy-${name}.cjs`, external: true };
    });
  },
});
/** What must not exist twice in one process, which a lazy file must therefore not share with its command's file. */
const SINGLE = /^node_modules\/(undici|commander)\/|^src\/util\/errors\.ts$/;
function checkLazyApart(command, commandInputs, lazy, lazyInputs) {
  for (const [name, file] of Object.entries(lazy)) {
    if (commandInputs.includes(file)) throw new Error(`bundle: ${command}.cjs imports ${file} statically, so it must not also be the lazy file lazy-${name}.cjs`);
  }
  const twice = lazyInputs.filter((input) => SINGLE.test(input) && commandInputs.includes(input));
  if (twice.length > 0) throw new Error(`bundle: ${command}.cjs and its lazy files would each hold ${twice.join(', ')}`);
}

/** Every command module src/cli/commands.ts imports, by command name. */
function commandModules() {
  const text = readFileSync(path.join(cliDirectory, 'commands.ts'), 'utf8');
  const modules = Object.fromEntries([...text.matchAll(/import\('\.\/([a-z-]+)\.js'\)/g)].map((match) => [match[1], `src/cli/${match[1]}.ts`]));
  if (Object.keys(modules).length === 0 || 'cli' in modules) throw new Error('bundle: cannot find the command modules in src/cli/commands.ts');
  return modules;
}

// The CLI's files are CommonJS (dist/bundle/*.cjs, run by the CommonJS bin/msc-audit.js): a
// CommonJS program starts without Node's ESM loader, which reads files asynchronously and
// costs a short command measurable time (callgrind: ~15M instructions of ~620M for explain,
// and far fewer thread wake-ups). The sources stay ESM; esbuild converts them: import() becomes
// require() (each command's file is still loaded only when that command runs), import.meta.url
// comes from __filename, and each file starts "use strict" (esbuild's doing), as ESM is strict.
const commonJs = {
  outExtension: { '.js': '.cjs' },
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [path.join(root, 'scripts', 'import-meta-url.js')],
};

/**
 * One build per program (or per set of entries). The CLI and the API are built apart: each command run then
 * loads fewer, larger files than if the two shared one set of chunks (each file costs start-up
 * time), and a process runs only one of them.
 */
async function bundle(entryPoints, directory, { format = 'esm', splitting = format === 'esm', plugins = [], clean = true } = {}) {
  const outdir = path.join(root, 'dist', directory);
  if (clean) rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting,
    format,
    ...(format === 'cjs' ? commonJs : {}),
    platform: 'node',
    target: 'node20',
    minify: true,
    // Short lines: an error a program using the API does not catch shows its source line.
    lineLimit: 160,
    chunkNames: '[name]-[hash]',
    legalComments: 'eof',
    plugins: [...plugins, lazyChildProcess, packagesImportedLater],
    metafile: true,
    logLevel: 'warning',
  });
  // Bundled CommonJS (commander, parts of undici) calls require() for Node's own modules through
  // esbuild's shim, which looks for a `require` in its own file: give one to the files with the
  // shim only, since creating it costs start-up time in each file that does.
  for (const file of Object.keys(result.metafile.outputs)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    if (format === 'esm' && text.includes('typeof require')) writeFileSync(path.join(root, file), `import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);\n${text}`);
  }
  const outputs = Object.keys(result.metafile.outputs);
  process.stdout.write(`bundle: dist/${directory}/ ${outputs.map((file) => `${path.basename(file)} ${Math.round(result.metafile.outputs[file].bytes / 1024)} KiB`).join(', ')}\n`);
  return Object.keys(result.metafile.inputs);
}

// dist/bundle/ and dist/bundle-api/ sit two levels below the package root like dist/<folder>/
// from tsc, so src/catalogue/paths.ts finds specs/, dist/catalogue.json and package.json.
const cliInputs = await bundle({ cli: 'src/cli/bundle-entry.ts' }, 'bundle', { format: 'cjs', plugins: [commandFilesApart] });
const commands = commandModules();
const commandInputs = await bundle(Object.fromEntries(Object.entries(commands).filter(([name]) => !(name in LAZY_MODULES))), 'bundle', { format: 'cjs', plugins: [sharedFromCli], clean: false });
for (const [command, lazy] of Object.entries(LAZY_MODULES)) {
  const inputs = await bundle({ [command]: commands[command] }, 'bundle', { format: 'cjs', plugins: [sharedFromCli, lazyFilesApart(lazy)], clean: false });
  const lazyInputs = await bundle(Object.fromEntries(Object.entries(lazy).map(([name, file]) => [`lazy-${name}`, file])), 'bundle', { format: 'cjs', plugins: [sharedFromCli], clean: false });
  checkLazyApart(command, inputs, lazy, lazyInputs);
  commandInputs.push(...inputs, ...lazyInputs);
}
writeFileSync(path.join(root, 'dist', 'bundle', 'THIRD-PARTY-LICENSES.txt'), thirdPartyNotices([...cliInputs, ...commandInputs], 'bundle'));
const apiInputs = await bundle({ index: 'src/index.ts' }, 'bundle-api');
writeFileSync(path.join(root, 'dist', 'bundle-api', 'THIRD-PARTY-LICENSES.txt'), thirdPartyNotices(apiInputs, 'bundle-api'));

// V8 code caches for the CLI files short commands load, used on Node 20 (scripts/code-cache.cjs).
// Made here, right after the files they belong to, so a cache never outlives its file.
const caches = spawnSync(process.execPath, [path.join(root, 'scripts', 'code-cache.cjs')], { stdio: 'inherit' });
if (caches.status !== 0) throw new Error(`bundle: scripts/code-cache.cjs failed (exit ${caches.status})`);
