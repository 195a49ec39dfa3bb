import { readFileSync } from 'node:fs';
import type { Catalogue } from '../catalogue/index.js';
import { checkSnapshot } from '../rules/engine.js';
import { buildReport, type Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/types.js';
import { EXIT_FINDINGS, EXIT_OK, InputError, UnauditableError } from '../util/errors.js';
import { judgeVersionsAnswer } from '../probe/versions-answer.js';
import { findConfigFile } from '../config/find.js';
import { resolveSettings } from '../config/resolve.js';
import type { AuditSettings } from '../config/types.js';
import { applySettings, failingFindings, type FindingIdentity } from '../ci/apply.js';
import { cliOverrides } from './options.js';
import type { ReadInput } from './output-paths.js';
import type { ProbeOptions } from '../probe/options.js';

/** Settings for each target: presets, config file, its targets, then the command line. */
export async function loadSettings(raw: Record<string, unknown>, server: string | undefined, cwd = process.cwd()): Promise<AuditSettings[]> {
  const file = raw['config'] === false ? undefined : findConfigFile(raw['config'] as string | undefined, cwd);
  // Validating a config compiles a schema: only pay for it when there is a config.
  const config = file ? (await import('../config/load.js')).readConfigFile(file) : undefined;
  return resolveSettings(config, { ...cliOverrides(raw), ...(server !== undefined ? { server } : {}) });
}

/** Findings of a previous JSON report (or of each report in a multi-target one), by identity. */
export function readBaseline(file: string): FindingIdentity[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'unreadable');
    throw new InputError(`cannot read baseline ${file} (${reason}): give a JSON report written by msc-audit --format json or msc-audit baseline`);
  }
  const reports = (parsed as { reports?: unknown[] }).reports ?? [parsed];
  const identities: FindingIdentity[] = [];
  for (const report of reports) {
    const findings = (report as { schemaVersion?: unknown; findings?: unknown }).findings;
    if ((report as { schemaVersion?: unknown }).schemaVersion !== 1 || !Array.isArray(findings)) {
      throw new InputError(`${file} is not an msc-audit JSON report (schemaVersion 1 with findings): write it with msc-audit baseline`);
    }
    for (const finding of findings as Array<Record<string, unknown>>) {
      if (typeof finding['rule'] !== 'string' || typeof finding['subject'] !== 'string') throw new InputError(`${file} has a finding without rule or subject`);
      identities.push({ rule: finding['rule'], subject: finding['subject'], ...(typeof finding['msc'] === 'number' ? { msc: finding['msc'] } : {}) });
    }
  }
  return identities;
}

/**
 * Files a judging command reads besides its main input (config, token, catalogue, baseline):
 * no output may overwrite them.
 */
export function settingsInputs(raw: Record<string, unknown>, targets: readonly AuditSettings[]): ReadInput[] {
  const inputs: ReadInput[] = [];
  if (typeof raw['config'] === 'string') inputs.push({ what: 'the --config file', file: raw['config'] });
  if (raw['tokenFile'] !== undefined) inputs.push({ what: 'the --token-file', file: String(raw['tokenFile']) });
  for (const target of targets) {
    if (target.catalogueFile !== undefined) inputs.push({ what: 'the catalogue file', file: target.catalogueFile });
    if (target.baselineFile !== undefined) inputs.push({ what: 'the --baseline report', file: target.baselineFile });
  }
  return inputs;
}

/** Read each target's baseline now, so a bad one is reported before the first probe, not after. */
export function checkBaselines(targets: readonly AuditSettings[]): void {
  for (const file of new Set(targets.map((target) => target.baselineFile))) if (file !== undefined) readBaseline(file);
}

/**
 * A required MSC the catalogue does not know cannot be checked: no name of it could be recognised,
 * so "not offered" would be a guess. It is a configuration error (a typo, or an entry missing from
 * the catalogue file), reported before the first probe.
 */
export function checkRequirements(targets: readonly AuditSettings[], catalogue: Catalogue): void {
  for (const requirement of targets.flatMap((target) => target.require)) {
    if (catalogue.msc(requirement.msc)) continue;
    throw new InputError(
      `${requirement.origin ?? 'config'}: require: MSC${requirement.msc} is not in the catalogue, so whether the server offers it cannot be checked: fix the number, or describe the MSC in a catalogue file (catalogue: in the config)`,
    );
  }
}

/**
 * A snapshot whose /versions answer no audit could go on with (an HTML page, JSON that is no
 * versions document, a 5xx): one taken by an older msc-audit, or written by hand. `audit` stops
 * at such an answer (exit 3) and judges nothing; so does judging the snapshot, with the same
 * decision (probe/versions-answer.ts), instead of accusing the server of a malformed document.
 */
function checkVersionsAnswer(snapshot: Snapshot): void {
  const probe = snapshot.probes.find((candidate) => candidate.id === snapshot.documents['versions']);
  if (!probe) return;
  const answer = judgeVersionsAnswer(probe);
  if (answer.usable) return;
  const what = answer.kind === 'not-a-homeserver' ? `it ${answer.reason}` : `its answer could not be read (${answer.reason})`;
  throw new UnauditableError(`the snapshot's GET ${probe.url}: ${what}, so nothing in it can be judged; probe the homeserver's client API URL again`);
}

/** The judging half shared by `audit`, `check`, `demo` and `baseline`: snapshot in, report and exit code out. */
export function judge(snapshot: Snapshot, catalogue: Catalogue, settings: AuditSettings, extra: { demo?: boolean } = {}): { report: Report; exitCode: number } {
  checkRequirements([settings], catalogue);
  checkVersionsAnswer(snapshot);
  const raw = checkSnapshot({ snapshot, catalogue, policy: settings.policy, asOf: settings.asOf, requirements: settings.require });
  const baseline = settings.baselineFile !== undefined ? readBaseline(settings.baselineFile) : undefined;
  const { findings, fixed } = applySettings(raw, settings, baseline);
  const report = buildReport({
    snapshot,
    catalogue,
    findings,
    policy: settings.policy,
    asOf: settings.asOf,
    failOn: settings.failOn,
    ...extra,
    ...(settings.name ? { name: settings.name } : {}),
    ...(settings.baselineFile !== undefined ? { baseline: { file: settings.baselineFile, fixed } } : {}),
  });
  return { report, exitCode: failingFindings(findings, settings.failOn).length > 0 ? EXIT_FINDINGS : EXIT_OK };
}

// In its own module, so that explain and the API can load a catalogue without the rule engine.
export { catalogueFor } from './catalogue-for.js';

/**
 * The one-server pass, probe then judge, as a value: what `audit` does for each target and
 * what `fleet` does for each server of its list, so a server is judged the same either way.
 */
export async function auditServer(input: { settings: AuditSettings; catalogue: Catalogue; probe: ProbeOptions; token?: string; onNote?: (note: string) => void }): Promise<{ snapshot: Snapshot; report: Report; exitCode: number }> {
  if (input.settings.server === undefined) throw new InputError('no server given');
  // Imported here, not at the top: undici is the slowest module to load, and commands
  // such as explain or --version must start fast.
  const { gatherSnapshot } = await import('../probe/gather.js');
  const snapshot = await gatherSnapshot({ target: input.settings.server, catalogue: input.catalogue, options: input.probe, ...(input.token !== undefined ? { token: input.token } : {}), ...(input.onNote ? { onNote: input.onNote } : {}) });
  return { snapshot, ...judge(snapshot, input.catalogue, input.settings) };
}
