import type { Catalogue } from '../catalogue/index.js';
import { loadCatalogue } from '../catalogue/load.js';
import { checkSnapshot } from '../rules/engine.js';
import { buildReport, failsThreshold, type Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/types.js';
import type { JudgementSettings } from './options.js';
import { EXIT_FINDINGS, EXIT_OK } from '../util/errors.js';

/** The judging half shared by `audit`, `check` and `demo`: snapshot in, report and exit code out. */
export function judge(snapshot: Snapshot, catalogue: Catalogue, settings: JudgementSettings, extra: { demo?: boolean } = {}): { report: Report; exitCode: number } {
  const findings = checkSnapshot({ snapshot, catalogue, policy: settings.policy, asOf: settings.asOf });
  const report = buildReport({ snapshot, catalogue, findings, policy: settings.policy, asOf: settings.asOf, failOn: settings.failOn, ...extra });
  return { report, exitCode: failsThreshold(findings, settings.failOn) ? EXIT_FINDINGS : EXIT_OK };
}

export function catalogueFor(settings: Pick<JudgementSettings, 'catalogueFile'>): Promise<Catalogue> {
  return loadCatalogue(settings.catalogueFile ? { overlayFile: settings.catalogueFile } : {});
}
