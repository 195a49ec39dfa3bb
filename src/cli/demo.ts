import { Command } from 'commander';
import { DEFAULT_PROBE_OPTIONS } from '../probe/options.js';
import { judgementOptions, judgementSettings, outputOptions, outputSettings } from './options.js';
import { catalogueFor, judge } from './run-audit.js';
import { emitReport, type CliIo } from './output.js';

export function demoCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('demo').description('start the built-in demo homeserver on 127.0.0.1, audit it and print the report (no network needed)');
  for (const option of [...judgementOptions(), ...outputOptions()]) {
    // The demo should show the tool working, not fail the shell: by default it exits 0.
    if (option.long === '--fail-on') option.default('none');
    command.addOption(option);
  }
  return command.action(async (raw: Record<string, unknown>) => {
    const judgement = judgementSettings(raw);
    const output = outputSettings(raw);
    const catalogue = await catalogueFor(judgement);
    const { startHomeserver } = await import('../demo/homeserver.js');
    const { demoProfile } = await import('../demo/profile.js');
    const { gatherSnapshot } = await import('../probe/gather.js');
    const server = await startHomeserver(demoProfile(), { specEndpoints: catalogue.specEndpoints() });
    try {
      const snapshot = await gatherSnapshot({ target: server.url, catalogue, options: { ...DEFAULT_PROBE_OPTIONS, timeoutMs: 5000 } });
      const { report, exitCode } = judge(snapshot, catalogue, judgement, { demo: true });
      await emitReport(report, output, io);
      setExit(exitCode);
    } finally {
      await server.close();
    }
  });
}
