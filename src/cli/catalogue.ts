import { existsSync, statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { specsPath } from '../catalogue/paths.js';
import { MSC_STATUSES, type MscStatus } from '../catalogue/types.js';
import { InputError } from '../util/errors.js';
import { catalogueFor } from './run-audit.js';
import type { Catalogue } from '../catalogue/index.js';
import { forTerminal } from '../util/sanitize.js';
import type { CliIo } from './output.js';
import { refreshUseOptions } from './options.js';
import { addRefreshCommands } from './catalogue-refresh.js';
import { refreshHeader } from './refresh-header.js';
import { addDateAcceptanceCommand } from './catalogue-date-acceptance.js';

/**
 * A spec version as the catalogue spells it: "1.7" and "V1.7" mean v1.7. A version the catalogue
 * does not know is refused with the known ones, never silently matched by nothing.
 */
function specVersionArgument(value: string, catalogue: Catalogue): string {
  const trimmed = value.trim();
  const spelled = /^\d+\.\d+$/.test(trimmed) ? `v${trimmed}` : trimmed.replace(/^V(?=\d)/, 'v').replace(/^R(?=\d)/, 'r');
  if (catalogue.isKnownVersion(spelled)) return spelled;
  const known = catalogue.specVersions.map((version) => version.version);
  throw new InputError(`--released-in ${forTerminal(value, 40)} is not a spec version the catalogue knows: give one of ${known[0]} … ${known.at(-1)}, e.g. v1.7`);
}

const catalogueOption = (): Option => new Option('--catalogue <file>', 'a YAML catalogue file layered over the bundled one');
const formatOption = (): Option => new Option('--format <format>', 'text or json').default('text').choices(['text', 'json']);

export function catalogueCommand(io: CliIo, setExit: (code: number) => void): Command {
  const catalogue = new Command('catalogue');
  // verify checks the bundled data itself: only list and stats read the refresh from GitHub.
  const withCatalogue = (raw: Record<string, unknown>, useRefresh = false) =>
    catalogueFor({
      ...(raw['catalogue'] !== undefined ? { catalogueFile: String(raw['catalogue']) } : {}),
      offlineCatalogue: !useRefresh || raw['offlineCatalogue'] === true,
      ...(raw['cacheDir'] !== undefined ? { cacheDir: String(raw['cacheDir']) } : {}),
    });

  catalogue
    .command('lint')
    .description('validate the bundled catalogue sources (specs/), or a catalogue file given with --catalogue')
    .addOption(new Option('--catalogue <file>', 'lint this catalogue file (as layered over the bundled one)'))
    .addOption(new Option('--specs <dir>', 'lint a specs directory (default: the bundled one)'))
    .action(async (raw: Record<string, unknown>) => {
      let issues;
      if (raw['catalogue'] !== undefined) {
        const file = String(raw['catalogue']);
        // A file that is not there has nothing to lint: that is bad input (exit 2), not a lint problem.
        if (!existsSync(file) || statSync(file).isDirectory()) throw new InputError(`cannot read the catalogue file ${forTerminal(file)} (${existsSync(file) ? 'a directory' : 'no such file'}): check the path`);
        const { lintOverlayFile } = await import('../catalogue/overlay.js');
        const { loadBundledData } = await import('../catalogue/load.js');
        issues = lintOverlayFile(String(raw['catalogue']), await loadBundledData()).issues;
      } else {
        const specs = raw['specs'] !== undefined ? String(raw['specs']) : specsPath();
        if (!existsSync(specs) || !statSync(specs).isDirectory()) throw new InputError(`--specs ${forTerminal(specs)} is not a directory: give the specs/ directory of an msc-audit checkout`);
        const { buildBundle } = await import('../catalogue/bundle.js');
        issues = buildBundle(specs).issues;
      }
      for (const issue of issues) io.stdout(`${issue.file}:${issue.line}: ${issue.message}\n`);
      io.stderr(issues.length === 0 ? 'catalogue lint: no problems\n' : `catalogue lint: ${issues.length} problem(s)\n`);
      setExit(issues.length === 0 ? 0 : 1);
    });

  catalogue
    .command('list')
    .description('list catalogue entries, filtered')
    .addOption(new Option('--status <status...>', `only these statuses (${MSC_STATUSES.join(', ')})`))
    .addOption(new Option('--released-in <version>', 'only MSCs first released in this spec version, e.g. v1.7'))
    .addOption(new Option('--vendor <prefix>', 'only MSCs with identifiers under this vendor prefix, e.g. org.matrix or uk.half-shot'))
    .addOption(new Option('--has <what...>', 'only MSCs that have: flag, endpoint, field, unstable, stable').choices(['flag', 'endpoint', 'field', 'unstable', 'stable']))
    .addOption(formatOption())
    .addOption(catalogueOption())
    .addOption(refreshUseOptions()[0]!)
    .addOption(refreshUseOptions()[1]!)
    .action(async (raw: Record<string, unknown>) => {
      const statuses = raw['status'] as string[] | undefined;
      for (const status of statuses ?? []) {
        if (!(MSC_STATUSES as readonly string[]).includes(status)) throw new InputError(`--status must be one of ${MSC_STATUSES.join(', ')}, got "${status}"`);
      }
      const { filterEntries } = await import('../catalogue/query.js');
      const loaded = await withCatalogue(raw, true);
      const releasedIn = raw['releasedIn'] !== undefined ? specVersionArgument(String(raw['releasedIn']), loaded) : undefined;
      const entries = filterEntries(loaded, {
        ...(statuses ? { status: statuses as MscStatus[] } : {}),
        ...(releasedIn !== undefined ? { releasedIn } : {}),
        ...(raw['vendor'] !== undefined ? { vendor: String(raw['vendor']) } : {}),
        ...(raw['has'] ? { has: raw['has'] as Array<'flag' | 'endpoint' | 'field' | 'unstable' | 'stable'> } : {}),
      });
      if (raw['format'] === 'json') {
        const refreshed = loaded.refresh ? { refreshed: { date: loaded.refresh.date, api: loaded.refresh.api, file: loaded.refresh.file } } : {};
        io.stdout(`${JSON.stringify({ ...refreshed, mscs: entries.map(({ origin: _origin, ...entry }) => entry) }, null, 2)}\n`);
      } else {
        if (loaded.refresh) io.stderr(`${refreshHeader(loaded.refresh)}\n`);
        for (const entry of entries) {
          const where = entry.released_in ? `${entry.status} ${entry.released_in}` : entry.status;
          io.stdout(`MSC${String(entry.msc).padEnd(6)} ${where.padEnd(16)} ${entry.title}\n`);
        }
        io.stderr(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}\n`);
      }
      setExit(0);
    });

  catalogue
    .command('stats')
    .description('counts by status and by spec version, and how many entries have unstable identifiers')
    .addOption(formatOption())
    .addOption(catalogueOption())
    .addOption(refreshUseOptions()[0]!)
    .addOption(refreshUseOptions()[1]!)
    .action(async (raw: Record<string, unknown>) => {
      const { catalogueStats } = await import('../catalogue/query.js');
      const loaded = await withCatalogue(raw, true);
      const stats = catalogueStats(loaded);
      if (raw['format'] !== 'json' && loaded.refresh) io.stdout(`${refreshHeader(loaded.refresh)}\n`);
      if (raw['format'] === 'json') {
        io.stdout(`${JSON.stringify(stats, null, 2)}\n`);
      } else {
        const lines = [
          `entries                  ${stats.entries} MSCs, ${stats.vendorFeatures} vendor features`,
          `checked against spec     ${stats.checkedAgainstSpec ?? 'unknown'}`,
          `with unstable names      ${stats.withUnstableIdentifiers}`,
          `identifiers              ${stats.flags} flags, ${stats.unstableEndpoints} unstable and ${stats.stableEndpoints} stable endpoints, ${stats.fields} fields`,
          `by status                ${Object.entries(stats.byStatus).map(([status, count]) => `${status} ${count}`).join(', ')}`,
          'spec versions (released, MSCs first released in it):',
          ...stats.byVersion.map((v) => `  ${v.version.padEnd(8)} ${(v.released ?? '(no date)').padEnd(12)} ${v.mscs}`),
        ];
        io.stdout(`${lines.join('\n')}\n`);
      }
      setExit(0);
    });

  catalogue
    .command('verify')
    .description('compare the catalogue with local clones of matrix-org/matrix-spec and matrix-org/matrix-spec-proposals')
    .addOption(new Option('--spec <dir>', 'root of a matrix-org/matrix-spec clone'))
    .addOption(new Option('--proposals <dir>', 'root of a matrix-org/matrix-spec-proposals clone'))
    .addOption(catalogueOption())
    .action(async (raw: Record<string, unknown>) => {
      if (raw['spec'] === undefined && raw['proposals'] === undefined) throw new InputError('catalogue verify needs --spec DIR and/or --proposals DIR');
      const { verifyCatalogue } = await import('../catalogue/verify.js');
      let issues;
      try {
        issues = verifyCatalogue(await withCatalogue(raw), {
          ...(raw['spec'] !== undefined ? { specDir: String(raw['spec']) } : {}),
          ...(raw['proposals'] !== undefined ? { proposalsDir: String(raw['proposals']) } : {}),
        });
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(error instanceof Error ? error.message : String(error));
      }
      for (const issue of issues) io.stdout(`${issue.kind}: ${issue.message}\n`);
      io.stderr(issues.length === 0 ? 'catalogue verify: the catalogue agrees with the given trees\n' : `catalogue verify: ${issues.length} disagreement(s)\n`);
      setExit(issues.length === 0 ? 0 : 1);
    });

  catalogue
    .command('scaffold')
    .description('draft an entry from an MSC text, for a person to check (lint refuses it until "draft: true" is removed)')
    .argument('<msc>', 'MSC number')
    .requiredOption('--proposals <dir>', 'root of a matrix-org/matrix-spec-proposals clone')
    .addOption(new Option('-o, --output <file>', 'write the draft here (atomically) instead of stdout'))
    .action(async (msc: string, raw: Record<string, unknown>) => {
      const number = /^(?:msc)?(\d{1,5})$/i.exec(msc);
      if (!number) throw new InputError(`"${msc}" is not an MSC number`);
      if (raw['output'] !== undefined) (await import('./output-paths.js')).checkOutputs([{ option: '-o', file: String(raw['output']), stdout: true, suggest: `${number[1]}.yaml` }]);
      const { scaffoldEntry } = await import('../catalogue/scaffold.js');
      const draft = scaffoldEntry(Number(number[1]), String(raw['proposals']));
      await (await import('./output-paths.js')).writeOutput(raw['output'] !== undefined ? String(raw['output']) : '-', draft.yaml, io);
      setExit(0);
    });
  catalogue
    .command('import-spec')
    .description('regenerate specs/spec-endpoints.yaml and specs/spec-names.yaml from a matrix-org/matrix-spec git repository: every release tag gives the first and last release of each endpoint and name')
    .requiredOption('--spec <dir>', 'a matrix-org/matrix-spec git repository (a bare mirror will do) with its release tags')
    .addOption(new Option('--specs <dir>', 'where to write the two files (default: the bundled specs/)'))
    .action(async (raw: Record<string, unknown>) => {
      const { readSpecHistory } = await import('../catalogue/spec-history.js');
      const { readSpecNames } = await import('../catalogue/spec-names.js');
      const { stringify } = await import('yaml');
      const { writeFileAtomic } = await import('../util/atomic-write.js');
      const specDir = String(raw['spec']);
      let history;
      try {
        history = readSpecHistory(specDir);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        throw new InputError(/not a git repository|cannot change to/i.test(message) ? `${specDir} is not a git repository: give a matrix-org/matrix-spec clone or mirror` : message);
      }
      if (history.endpoints.length === 0) throw new InputError(`no OpenAPI endpoints in the release tags of ${specDir}: give a matrix-org/matrix-spec git repository`);
      for (const warning of history.warnings) io.stderr(`warning: ${warning}\n`);
      const names = readSpecNames(specDir);
      const out = raw['specs'] !== undefined ? String(raw['specs']) : specsPath();
      const tagList = `${history.releases[0]!.tag} … ${history.releases.at(-1)!.tag}`;
      await writeFileAtomic(
        `${out}/spec-endpoints.yaml`,
        [
          "# The spec's endpoints, generated by `msc-audit catalogue import-spec` from the OpenAPI files of",
          '# every release tag (listed under releases, with the commit each points at).',
          '# added_in: the first release whose API files have the endpoint; removed_after: the last release',
          '# that had it, when a later one dropped it. Before v1.1 each API had its own numbering: a',
          '# server-server or application-service endpoint added in r0.1.0 came with that API\'s r0.1.0.',
          '# legacy_path: its path in the r0 releases, where v1.1 re-versioned it to /v3/ (MSC2844).',
          '# unreleased: only on the default branch (HEAD below), in no release yet.',
          '# module: the client-server module page that documents it. x-addedInMatrixVersion is only a',
          '# cross-check: import-spec warns where it disagrees with the release trees.',
          stringify({ source: `matrix-org/matrix-spec release tags ${tagList}, HEAD ${history.head}`, releases: history.releases, endpoints: history.endpoints }),
        ].join('\n'),
      );
      await writeFileAtomic(
        `${out}/spec-names.yaml`,
        `# Names the spec reserves where all others must be vendor-prefixed, generated by\n# \`msc-audit catalogue import-spec\`: since = first v1.x release tag that has it,\n# removed_after = last tag that had it.\n${stringify({ source: `matrix-org/matrix-spec content/ and data/api/ @ ${history.head}`, names })}`,
      );
      const removed = history.endpoints.filter((endpoint) => endpoint.removed_after).length;
      const unreleased = history.endpoints.filter((endpoint) => endpoint.unreleased).length;
      io.stderr(`${history.endpoints.length} endpoints (${removed} removed, ${unreleased} unreleased) from ${history.releases.length} release tags, ${names.length} names\n`);
      setExit(0);
    });
  addDateAcceptanceCommand(catalogue, io, setExit);
  addRefreshCommands(catalogue, io, setExit);
  return catalogue;
}
