import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNAUDITABLE, InputError } from '../util/errors.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { judgementOptions, probeOptions, probeSettings } from './options.js';
import { auditServer, catalogueFor, loadSettings } from './run-audit.js';
import type { CliIo } from './output.js';
import type { AuditSettings } from '../config/types.js';
import type { FleetIndex } from '../fleet/files.js';

const TOKEN_OPTIONS = new Set(['--token-file', '--token']);

function count(value: unknown, name: string, min: number, max: number): number {
  const text = String(value);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) throw new InputError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return number;
}

/**
 * 0 when the run completed, 1 when a server has findings at or above its --fail-on (a config
 * target's own, else the run's), 3 when no server could be audited.
 */
export function fleetExitCode(index: FleetIndex, failOnOf: (id: string) => Severity | 'none' = () => index.run.failOn): number {
  if (index.counts.total > 0 && index.counts.audited === 0) return EXIT_UNAUDITABLE;
  const failing = index.servers.some((result) => {
    const failOn = failOnOf(result.id);
    if (failOn === 'none') return false;
    return SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1).some((severity) => (result.findings?.[severity] ?? 0) > 0);
  });
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

export function fleetCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('fleet')
    .description('audit every server of a list (or the targets of .msc-audit.yaml) concurrently into an out-dir')
    .argument('[list]', 'a file with one URL or server name a line (# comments)')
    .requiredOption('--out-dir <dir>', 'where the snapshots, reports and index.json go (a rerun resumes)')
    .option('--jobs <n>', 'servers audited at once', '8')
    .option('--max-requests <n>', 'requests in flight at once over all servers', '64')
    .option('--shard <i/n>', 'audit only the i-th of n deterministic shares of the list')
    .option('--force', 'audit every server again, even those an earlier run finished')
    .option('--quiet', 'no progress line')
    .option('--verbose', 'one line per finished server on stderr');
  // Baselines and access tokens belong to one server: a fleet never sends a token anywhere.
  for (const option of judgementOptions()) if (option.long !== '--baseline') command.addOption(option);
  for (const option of probeOptions()) if (!TOKEN_OPTIONS.has(option.long ?? '')) command.addOption(option);
  return command.action(async (listFile: string | undefined, raw: Record<string, unknown>) => {
    const jobs = count(raw['jobs'], '--jobs', 1, 1024);
    const maxRequests = count(raw['maxRequests'], '--max-requests', 1, 4096);
    const { parseServerList, fleetServer, listChecksum } = await import('../fleet/list.js');
    const { parseShard, selectShard } = await import('../fleet/shard.js');
    const shard = raw['shard'] !== undefined ? parseShard(String(raw['shard'])) : undefined;

    // With a list, every server gets the command line's and the config's top-level settings;
    // without one, the config's targets with their own overrides.
    let targets: AuditSettings[];
    if (listFile !== undefined) {
      const [base] = await loadSettings(raw, '-');
      let text: string;
      try {
        text = readFileSync(listFile, 'utf8');
      } catch (error) {
        throw new InputError(`cannot read the server list ${listFile} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): check the path`);
      }
      targets = parseServerList(text, listFile, base!.insecure).map((server) => ({ ...base!, server: server.input }));
    } else {
      targets = (await loadSettings(raw, undefined)).filter((target) => target.server !== undefined);
      if (targets.length === 0) throw new InputError('no servers: msc-audit fleet servers.txt --out-dir DIR, or list targets in .msc-audit.yaml');
    }
    if (targets.length === 0) throw new InputError(`${listFile} lists no servers: one URL or server name a line`);
    const first = targets[0]!;
    for (const target of targets) {
      if (target.policy !== first.policy || target.asOf !== first.asOf || target.catalogueFile !== first.catalogueFile) {
        throw new InputError('the targets of a fleet run must share policy, as-of date and catalogue: set them at the top of .msc-audit.yaml or on the command line');
      }
      if (target.baselineFile !== undefined) throw new InputError('baselines are per server and fleet runs do not take them: remove baseline from .msc-audit.yaml or use --no-config');
    }
    const servers = targets.map((target, i) => fleetServer(target.server!, target.insecure, listFile ?? `config target ${i + 1}`));
    const seen = new Set<string>();
    for (const server of servers) {
      if (seen.has(server.id)) throw new InputError(`${server.origin}: ${server.input} is listed twice: remove one`);
      seen.add(server.id);
    }
    const settingsById = new Map(servers.map((server, i) => [server.id, targets[i]!]));
    const share = selectShard(servers, shard);

    const catalogue = await catalogueFor(first);
    const { runMetadata } = await import('../fleet/metadata.js');
    const { runFleet } = await import('../fleet/run.js');
    const { Progress } = await import('../fleet/progress.js');
    const outDir = String(raw['outDir']);
    const progress = new Progress(
      { write: io.stderr, isTty: process.stderr.isTTY === true, ci: io.env['CI'] === 'true' },
      share.length,
      { quiet: raw['quiet'] === true, verbose: raw['verbose'] === true },
    );
    const index = await runFleet({
      servers: share,
      settingsFor: (server) => settingsById.get(server.id)!,
      catalogue,
      probe: probeSettings(raw, false),
      audit: ({ settings, catalogue: judgedWith, probe }) => auditServer({ settings, catalogue: judgedWith, probe: { ...probe, insecure: settings.insecure } }),
      outDir,
      jobs,
      maxRequests,
      force: raw['force'] === true,
      run: runMetadata({ catalogue, policy: first.policy, asOf: first.asOf, failOn: first.failOn, listChecksum: listChecksum(servers), listSize: servers.length }),
      ...(shard ? { shard } : {}),
      onResult: (result, resumed) => progress.finished(result, resumed),
    });
    progress.end();
    const { counts } = index;
    const shardText = shard ? ` (shard ${shard.index}/${shard.count} of ${servers.length})` : '';
    io.stdout(`fleet: ${counts.total} servers${shardText}: ${counts.audited} audited, ${counts.unreachable} unreachable, ${counts['not-auditable']} not auditable, ${counts.failed} failed; index ${outDir.replace(/\/$/, '')}/index.json\n`);
    setExit(fleetExitCode(index, (id) => settingsById.get(id)?.failOn ?? first.failOn));
  });
}
