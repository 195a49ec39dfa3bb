import { Command } from 'commander';
import { InputError } from '../util/errors.js';
import { judgementOptions, outputOptions, outputSettings } from './options.js';
import { catalogueFor, checkBaselines, judge, loadSettings, settingsInputs } from './run-audit.js';
import { checkReportOutputs, emitReports, type CliIo } from './output.js';

export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('check').argument('<snapshot>', 'a file written by msc-audit probe or --save-snapshot');
  for (const option of [...judgementOptions(), ...outputOptions()]) command.addOption(option);
  return command.action(async (file: string, raw: Record<string, unknown>) => {
    const output = outputSettings(raw);
    const targets = await loadSettings(raw, undefined);
    checkReportOutputs(output, [{ what: 'the snapshot', file }, ...settingsInputs(raw, targets)]);
    checkBaselines(targets);
    const { readSnapshotFile } = await import('../snapshot/io.js');
    const snapshot = readSnapshotFile(file);
    // With several targets in the config, use the one this snapshot was taken of.
    const settings = targets.length === 1 ? targets[0]! : targets.find((target) => target.server === snapshot.target.input);
    if (!settings) throw new InputError(`the config lists several targets and none is ${snapshot.target.input}: pass --no-config or add it`);
    const { report, exitCode } = judge(snapshot, await catalogueFor(settings), settings);
    await emitReports([report], output, io);
    setExit(exitCode);
  });
}
