import { Command } from 'commander';
import type { Report } from '../report/model.js';
import { InputError } from '../util/errors.js';
import { accessToken, judgementOptions, outputOptions, outputSettings, probeOptions, probeSettings } from './options.js';
import { auditServer, catalogueFor, checkBaselines, checkRequirements, loadSettings, settingsInputs } from './run-audit.js';
import { checkReportOutputs, emitReports, type CliIo } from './output.js';
import { writeOutput } from './output-paths.js';
import { traceTo } from './trace.js';

export function auditCommand(io: CliIo, setExit: (code: number) => void): Command {
  const command = new Command('audit')
    .argument('[server]', 'homeserver URL or server name (default: the targets of .msc-audit.yaml)')
    .option('--save-snapshot <file>', 'also write the gathered snapshot to a file (- for stdout, with -o for the report)');
  for (const option of [...judgementOptions(), ...outputOptions(), ...probeOptions()]) command.addOption(option);
  return command.action(async (server: string | undefined, raw: Record<string, unknown>) => {
    const output = outputSettings(raw);
    const targets = await loadSettings(raw, server);
    if (targets.some((target) => target.server === undefined)) {
      throw new InputError('no server given: msc-audit audit <url | server name>, or list targets in .msc-audit.yaml');
    }
    const token = accessToken(raw, io.env, io.stderr);
    // A token belongs to one server: never send it to several.
    if (token !== undefined && targets.length > 1) throw new InputError('an access token can only be used with one target: pass the server on the command line');
    if (raw['saveSnapshot'] !== undefined && targets.length > 1) throw new InputError('--save-snapshot needs a single target: pass the server on the command line');
    // Every path, before the first probe: a typo must not cost a whole audit.
    const snapshotFile = raw['saveSnapshot'] !== undefined ? String(raw['saveSnapshot']) : undefined;
    checkReportOutputs(output, settingsInputs(raw, targets), snapshotFile !== undefined ? [{ option: '--save-snapshot', file: snapshotFile }] : []);
    checkBaselines(targets);
    const catalogue = await catalogueFor(targets[0]!);
    checkRequirements(targets, catalogue);
    const reports: Report[] = [];
    let exitCode = 0;
    for (const target of targets) {
      const probe = { ...probeSettings(raw, target.insecure), ...(output.verbose ? { onRequest: traceTo(io) } : {}) };
      const judged = await auditServer({ settings: target, catalogue, probe, ...(token !== undefined ? { token } : {}), onNote: (note) => io.stderr(`msc-audit: note: ${note}\n`) });
      if (snapshotFile !== undefined) await writeOutput(snapshotFile, (await import('../snapshot/io.js')).snapshotJson(judged.snapshot), io);
      reports.push(judged.report);
      exitCode = Math.max(exitCode, judged.exitCode);
    }
    await emitReports(reports, output, io);
    setExit(exitCode);
  });
}
