import { Command } from 'commander';
import { accessToken, judgementOptions, judgementSettings, outputOptions, outputSettings, probeOptions, probeSettings } from './options.js';
import { catalogueFor, judge } from './run-audit.js';
import { emitReport, type CliIo } from './output.js';

export function auditCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('audit')
    .description('probe a homeserver and report MSC lifecycle violations')
    .argument('<server>', 'homeserver URL (https://matrix.example.org) or server name (example.org, discovered via .well-known)')
    .option('--save-snapshot <file>', 'also write the gathered snapshot to a file');
  for (const option of [...judgementOptions(), ...outputOptions(), ...probeOptions()]) command.addOption(option);
  return command.action(async (server: string, raw: Record<string, unknown>) => {
    const judgement = judgementSettings(raw);
    const output = outputSettings(raw);
    const options = probeSettings(raw);
    const token = accessToken(raw, io.env, io.stderr);
    const catalogue = await catalogueFor(judgement);
    // Imported here, not at the top: undici is the slowest module to load, and commands
    // such as explain or --version must start fast.
    const { gatherSnapshot } = await import('../probe/gather.js');
    const snapshot = await gatherSnapshot({ target: server, catalogue, options, ...(token !== undefined ? { token } : {}) });
    if (raw['saveSnapshot'] !== undefined) await (await import('../snapshot/io.js')).writeSnapshotFile(String(raw['saveSnapshot']), snapshot);
    const { report, exitCode } = judge(snapshot, catalogue, judgement);
    await emitReport(report, output, io);
    setExit(exitCode);
  });
}
