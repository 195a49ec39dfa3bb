import { Command } from 'commander';
import { judgementOptions, judgementSettings, outputOptions, outputSettings } from './options.js';
import { catalogueFor, judge } from './run-audit.js';
import { emitReport, type CliIo } from './output.js';

export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('check').description('run the rules on a saved snapshot (offline)').argument('<snapshot>', 'a file written by msc-audit probe or --save-snapshot');
  for (const option of [...judgementOptions(), ...outputOptions()]) command.addOption(option);
  return command.action(async (file: string, raw: Record<string, unknown>) => {
    const judgement = judgementSettings(raw);
    const output = outputSettings(raw);
    const { readSnapshotFile } = await import('../snapshot/io.js');
    const snapshot = readSnapshotFile(file);
    const { report, exitCode } = judge(snapshot, await catalogueFor(judgement), judgement);
    await emitReport(report, output, io);
    setExit(exitCode);
  });
}
