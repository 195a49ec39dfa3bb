import { Command, Option } from 'commander';
import { accessToken, probeOptions, probeSettings } from './options.js';
import { catalogueFor } from './run-audit.js';
import type { CliIo } from './output.js';
import { checkOutputs, isStdout, writeOutput, type ReadInput } from './output-paths.js';
import { traceTo } from './trace.js';

export function probeCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('probe')
    .argument('<server>', 'homeserver URL or server name')
    .addOption(new Option('-o, --output <file>', 'snapshot file to write (- for stdout)').makeOptionMandatory())
    .addOption(new Option('--catalogue <file>', 'a YAML catalogue file layered over the bundled one (adds probes)'))
    .addOption(new Option('--verbose', 'trace every probe to stderr (secrets redacted)'));
  for (const option of probeOptions()) command.addOption(option);
  return command.action(async (server: string, raw: Record<string, unknown>) => {
    const file = String(raw['output']);
    const inputs: ReadInput[] = [
      ...(raw['catalogue'] !== undefined ? [{ what: 'the catalogue file', file: String(raw['catalogue']) }] : []),
      ...(raw['tokenFile'] !== undefined ? [{ what: 'the --token-file', file: String(raw['tokenFile']) }] : []),
    ];
    checkOutputs([{ option: '-o', file, stdout: true, suggest: 'snapshot.json' }], inputs);
    const { gatherSnapshot } = await import('../probe/gather.js');
    const { snapshotJson } = await import('../snapshot/io.js');
    const catalogue = await catalogueFor(raw['catalogue'] !== undefined ? { catalogueFile: String(raw['catalogue']) } : {});
    const options = { ...probeSettings(raw, raw['insecure'] === true), ...(raw['verbose'] === true ? { onRequest: traceTo(io) } : {}) };
    const token = accessToken(raw, io.env, io.stderr);
    const snapshot = await gatherSnapshot({ target: server, catalogue, options, ...(token !== undefined ? { token } : {}), onNote: (note) => io.stderr(`msc-audit: note: ${note}\n`) });
    await writeOutput(file, snapshotJson(snapshot), io);
    const inconclusive = snapshot.probes.filter((p) => p.classification === 'inconclusive' && p.purpose !== 'control').length;
    io.stderr(`msc-audit: wrote ${isStdout(file) ? 'the snapshot to stdout' : file}: ${snapshot.probes.length} probes (${inconclusive} inconclusive) in ${(snapshot.durationMs / 1000).toFixed(1)} s\n`);
    setExit(0);
  });
}
