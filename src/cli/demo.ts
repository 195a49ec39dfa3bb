import { Command } from 'commander';
import { DEFAULT_PROBE_OPTIONS } from '../probe/options.js';
import { judgementOptions, outputOptions, outputSettings } from './options.js';
import { catalogueFor, judge, loadSettings } from './run-audit.js';
import { emitReports, type CliIo } from './output.js';

export function demoCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('demo');
  for (const option of [...judgementOptions(), ...outputOptions()]) command.addOption(option);
  return command.action(async (raw: Record<string, unknown>) => {
    const output = outputSettings(raw);
    // The demo ignores .msc-audit.yaml (it is not your server) and, to show the tool working
    // rather than fail the shell, exits 0 unless --fail-on is given.
    const [settings] = await loadSettings({ ...raw, config: false, failOn: raw['failOn'] ?? 'none' }, 'demo');
    const catalogue = await catalogueFor(settings!);
    const { startHomeserver } = await import('../demo/homeserver.js');
    const { demoProfile } = await import('../demo/profile.js');
    const { gatherSnapshot } = await import('../probe/gather.js');
    const server = await startHomeserver(demoProfile(), { specEndpoints: catalogue.specEndpoints() });
    try {
      const snapshot = await gatherSnapshot({ target: server.url, catalogue, options: { ...DEFAULT_PROBE_OPTIONS, timeoutMs: 5000 } });
      const { report, exitCode } = judge(snapshot, catalogue, settings!, { demo: true });
      await emitReports([report], output, io);
      setExit(exitCode);
    } finally {
      await server.close();
    }
  });
}
