/**
 * The programmatic API: `import { audit, probe, check, explain } from 'msc-audit'`.
 * The same code paths as the commands of the same names, without the command line: settings
 * come only from the options given here (no .msc-audit.yaml is read), nothing is printed, and
 * bad input throws an InputError (an unauditable server: UnauditableError) with the message
 * the CLI would print. Each function loads what it needs when first called.
 */
import type { Report } from './report/model.js';
import type { Snapshot } from './snapshot/types.js';
import type { PolicyId } from './rules/policy.js';
import type { Severity } from './rules/types.js';
import type { ProbeOptions, RequestTrace } from './probe/options.js';
import type { AuditSettings, Requirement, RuleSetting, Waiver } from './config/types.js';
import type { Explained } from './report/explain.js';
import type { Catalogue } from './catalogue/index.js';
import { InputError } from './util/errors.js';

export { InputError, UnauditableError, EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNAUDITABLE } from './util/errors.js';
export type { Report } from './report/model.js';
export type { Snapshot, ProbeRecord, DiscoveryRecord, Classification, Confidence, ProbePurpose, BodyKind } from './snapshot/types.js';
export type { Finding, Evidence, Severity } from './rules/types.js';
export type { FeatureRow } from './rules/features.js';
export type { PolicyId } from './rules/policy.js';
export type { FindingIdentity } from './ci/apply.js';
export type { RequestTrace } from './probe/options.js';
export type { RuleSetting, Waiver, Requirement } from './config/types.js';
export type { MscEntry, VendorFeature, MscStatus, SpecEndpoint, SpecName } from './catalogue/types.js';

export interface CatalogueOption {
  /** A YAML catalogue file layered over the bundled catalogue (as `--catalogue`). */
  catalogue?: string;
  /** Ignore the catalogue refreshed from GitHub by `msc-audit catalogue refresh` (as `--offline-catalogue`). */
  offlineCatalogue?: boolean;
  /** Where that refresh is kept (as `--cache-dir`). */
  cacheDir?: string;
}

export interface ProbeApiOptions extends CatalogueOption {
  /** An access token for the deeper, authenticated probes. Never written to the snapshot. */
  token?: string;
  /** Allow plain http:// to hosts other than loopback (as `--insecure`). */
  insecure?: boolean;
  /** Per-request timeout in milliseconds (default 10000). */
  timeoutMs?: number;
  /** Whole-run deadline in milliseconds (default 120000). */
  deadlineMs?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Retries of an ambiguous answer (default 2). */
  retries?: number;
  /** Called once per finished request (URLs carry no credentials). */
  onRequest?: (trace: RequestTrace) => void;
}

export interface CheckOptions extends CatalogueOption {
  /** `spec` (default) or `msc2324`. */
  policy?: PolicyId;
  /** Judge as of this date, YYYY-MM-DD (default: today). */
  asOf?: string;
  /** The least severity that counts as failing in report.summary.failing (default `error`). */
  failOn?: Severity | 'none';
  /** A JSON report written earlier (`msc-audit baseline`): its findings are marked known. */
  baseline?: string;
  /** Rule severities by rule id, or `off`. */
  rules?: Record<string, RuleSetting>;
  waivers?: Waiver[];
  require?: Requirement[];
}

export type AuditOptions = ProbeApiOptions & CheckOptions;

/**
 * What `explain` found: `text` is what `msc-audit explain` prints, `entries` the catalogue
 * entries it concerns, and the other fields the spec endpoints, mirrors, vendor features and
 * spec names the text names (what `--format json` prints).
 */
export type { Explained as Explanation } from './report/explain.js';

/** The catalogue as the commands load it: bundled, your file over it, and a refresh from GitHub if one ran. */
async function catalogueOf(options: CatalogueOption): Promise<Catalogue> {
  const { catalogueFor } = await import('./cli/catalogue-for.js');
  return catalogueFor({
    ...(options.catalogue !== undefined ? { catalogueFile: options.catalogue } : {}),
    ...(options.offlineCatalogue === true ? { offlineCatalogue: true } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
  });
}

async function probeWith(server: string, options: ProbeApiOptions, catalogue: Catalogue): Promise<Snapshot> {
  const { DEFAULT_PROBE_OPTIONS } = await import('./probe/options.js');
  const { gatherSnapshot } = await import('./probe/gather.js');
  const probeOptions: ProbeOptions = {
    ...DEFAULT_PROBE_OPTIONS,
    insecure: options.insecure ?? false,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  };
  return gatherSnapshot({ target: server, catalogue, options: probeOptions, ...(options.token !== undefined ? { token: options.token } : {}) });
}

/** Judgement settings from the options, checked before anything is probed. */
async function settingsOf(options: CheckOptions): Promise<AuditSettings> {
  const { resolveSettings } = await import('./config/resolve.js');
  const { requireIsoDate } = await import('./util/dates.js');
  const { POLICY_IDS } = await import('./rules/policy.js');
  if (options.policy !== undefined && !POLICY_IDS.includes(options.policy)) throw new InputError(`policy must be one of ${POLICY_IDS.join(', ')}, got "${String(options.policy)}"`);
  if (options.failOn !== undefined && !['error', 'warning', 'info', 'none'].includes(options.failOn)) throw new InputError(`failOn must be one of error, warning, info, none, got "${String(options.failOn)}"`);
  const [base] = resolveSettings(undefined, {
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    ...(options.asOf !== undefined ? { asOf: requireIsoDate(options.asOf, 'asOf') } : {}),
    ...(options.baseline !== undefined ? { baselineFile: options.baseline } : {}),
  });
  return {
    ...base!,
    rules: { ...base!.rules, ...options.rules },
    waivers: [...base!.waivers, ...(options.waivers ?? [])],
    require: [...base!.require, ...(options.require ?? [])],
  };
}

async function judgeWith(snapshot: Snapshot, settings: AuditSettings, catalogue: Catalogue): Promise<Report> {
  const { judge } = await import('./cli/run-audit.js');
  return judge(snapshot, catalogue, settings).report;
}

/** Discover and probe a homeserver (URL or server name) and return the snapshot, unjudged. */
export async function probe(server: string, options: ProbeApiOptions = {}): Promise<Snapshot> {
  return probeWith(server, options, await catalogueOf(options));
}

/**
 * Run the rules on a snapshot (from `probe`, or parsed from a file `msc-audit probe` wrote;
 * it is validated against the snapshot schema first) and return the report.
 */
export async function check(snapshot: Snapshot, options: CheckOptions = {}): Promise<Report> {
  const { parseSnapshot } = await import('./snapshot/io.js');
  const settings = await settingsOf(options);
  return judgeWith(parseSnapshot(snapshot, 'the snapshot'), settings, await catalogueOf(options));
}

/** Probe a homeserver and judge it: `probe` then `check` in memory, as `msc-audit audit`. */
export async function audit(server: string, options: AuditOptions = {}): Promise<Report> {
  const settings = await settingsOf(options);
  const catalogue = await catalogueOf(options);
  return judgeWith(await probeWith(server, options, catalogue), settings, catalogue);
}

/**
 * Explain a rule id, an MSC (4186 or "MSC4186"), a flag, an endpoint path or URL, a field or a
 * name the spec defines, as `msc-audit explain` does; undefined when the catalogue does not know it.
 */
export async function explain(thing: string | number, options: CatalogueOption = {}): Promise<Explained | undefined> {
  const { resolve, ruleLookup } = await import('./cli/explain.js');
  const asked = String(thing).trim();
  return resolve(asked, await catalogueOf(options), await ruleLookup(asked));
}
