import { Command, Option } from 'commander';
import { DEFAULT_PROBE_OPTIONS } from '../probe/options.js';
import { InputError } from '../util/errors.js';
import { judgementOptions, outputOptions, outputSettings } from './options.js';
import { catalogueFor, checkBaselines, judge, loadSettings, settingsInputs } from './run-audit.js';
import { checkReportOutputs, emitReports, type CliIo } from './output.js';
import { traceTo } from './trace.js';

function portNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InputError(`--port must be a whole number from 0 to 65535 (0: any free port), got "${value}"`);
  return Number(value);
}

export function demoCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('demo');
  // The demo ignores .msc-audit.yaml (it is not your server), so it offers no --config; and it
  // exits 0 unless --fail-on is given, to show the tool working rather than fail the shell.
  for (const option of judgementOptions()) {
    if (option.long === '--config' || option.long === '--no-config') continue;
    // The demo shows the bundled catalogue's judgement: a refresh from GitHub does not apply to it.
    if (option.long === '--offline-catalogue' || option.long === '--cache-dir') continue;
    command.addOption(option.long === '--fail-on' ? new Option('--fail-on <severity>', 'exit 1 when a finding is at or above: error, warning, info or none (default for demo: none)') : option);
  }
  for (const option of outputOptions()) command.addOption(option);
  command
    .addOption(new Option('--serve', 'keep the demo homeserver running after the report and print commands to try against it (Ctrl-C stops it)'))
    .addOption(new Option('--port <n>', 'with --serve: the port on 127.0.0.1 to listen on (default: any free port)'));
  return command.action(async (raw: Record<string, unknown>) => {
    const output = outputSettings(raw);
    const serve = raw['serve'] === true;
    if (raw['port'] !== undefined && !serve) throw new InputError('--port only applies with --serve, e.g. msc-audit demo --serve --port 8008');
    const port = raw['port'] !== undefined ? portNumber(String(raw['port'])) : 0;
    const targets = await loadSettings({ ...raw, config: false, failOn: raw['failOn'] ?? 'none' }, 'demo');
    checkReportOutputs(output, settingsInputs({}, targets));
    checkBaselines(targets);
    const settings = targets[0]!;
    const catalogue = await catalogueFor({ ...settings, offlineCatalogue: true });
    const { startHomeserver } = await import('../demo/homeserver.js');
    const { demoProfile } = await import('../demo/profile.js');
    const { gatherSnapshot } = await import('../probe/gather.js');
    const { listenError, tryLines, untilStopped } = await import('./demo-serve.js');
    let server;
    try {
      server = await startHomeserver(demoProfile(), { port, specEndpoints: catalogue.specEndpoints() });
    } catch (error) {
      throw listenError(error, port);
    }
    try {
      const options = { ...DEFAULT_PROBE_OPTIONS, timeoutMs: 5000, ...(output.verbose ? { onRequest: traceTo(io) } : {}) };
      const snapshot = await gatherSnapshot({ target: server.url, catalogue, options });
      const { report, exitCode } = judge(snapshot, catalogue, settings, { demo: true });
      await emitReports([report], output, io);
      setExit(exitCode);
      if (!serve) {
        if (!output.quiet) io.stderr("msc-audit: the demo homeserver has stopped, so the report's reproduce: curl lines no longer connect; run msc-audit demo --serve to keep it up and try them\n");
        return;
      }
      io.stderr(tryLines(server.url, report));
      await untilStopped();
      io.stderr('msc-audit: demo homeserver stopped\n');
    } finally {
      await server.close();
    }
  });
}
