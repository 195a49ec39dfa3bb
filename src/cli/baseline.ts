import { Command, Option } from 'commander';
import { InputError } from '../util/errors.js';
import { renderJson } from '../report/json.js';
import { summaryLine } from '../report/human.js';
import { accessToken, judgementOptions, probeOptions, probeSettings } from './options.js';
import { catalogueFor, checkRequirements, judge, loadSettings, settingsInputs } from './run-audit.js';
import type { CliIo } from './output.js';
import { checkOutputs, isStdout, writeOutput } from './output-paths.js';

export function baselineCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('baseline')
    .argument('<file>', 'the baseline file to write (atomically; - for stdout)')
    .argument('[server]', 'homeserver URL or server name (default: the single target of .msc-audit.yaml)')
    .addOption(new Option('--snapshot <file>', 'judge this saved snapshot instead of probing a server'));
  for (const option of [...judgementOptions().filter((o) => o.long !== '--baseline'), ...probeOptions()]) {
    command.addOption(option.long === '--fail-on' ? new Option('--fail-on <severity>', 'exit 1 when a finding is at or above: error, warning, info or none (default for baseline: none, whatever the config says; the file is written either way)') : option);
  }
  return command.action(async (file: string, server: string | undefined, raw: Record<string, unknown>) => {
    // Recording known debt is not a gate: exit 0 unless --fail-on is asked for here.
    const targets = await loadSettings({ ...raw, failOn: raw['failOn'] ?? 'none' }, server);
    if (targets.length !== 1) throw new InputError('a baseline is for one target: pass the server on the command line');
    // The baseline records everything as it is now: no earlier baseline applies.
    const settings = { ...targets[0]!, baselineFile: undefined };
    // Rewriting the baseline the config names is the point of this command: only the other inputs count.
    checkOutputs([{ option: 'the baseline FILE', file, stdout: true, suggest: 'msc-audit-baseline.json' }], [
      ...(raw['snapshot'] !== undefined ? [{ what: 'the --snapshot', file: String(raw['snapshot']) }] : []),
      ...settingsInputs(raw, [settings]),
    ]);
    const catalogue = await catalogueFor(settings);
    checkRequirements([settings], catalogue);
    let snapshot;
    if (raw['snapshot'] !== undefined) {
      snapshot = (await import('../snapshot/io.js')).readSnapshotFile(String(raw['snapshot']));
    } else {
      if (settings.server === undefined) throw new InputError('no server given: msc-audit baseline FILE <server>, or --snapshot FILE');
      const token = accessToken(raw, io.env, io.stderr);
      const { gatherSnapshot } = await import('../probe/gather.js');
      snapshot = await gatherSnapshot({ target: settings.server, catalogue, options: probeSettings(raw, settings.insecure), ...(token !== undefined ? { token } : {}) });
    }
    const { report, exitCode } = judge(snapshot, catalogue, settings);
    await writeOutput(file, renderJson(report), io);
    io.stderr(`msc-audit: wrote baseline ${isStdout(file) ? 'to stdout' : file} with ${report.findings.length} findings. ${summaryLine(report)}\n`);
    // With --fail-on, findings at or above it fail the command, as in audit (the file is written either way).
    setExit(exitCode);
  });
}
