import type { AuditSettings, Requirement, RuleSetting, Waiver } from './types.js';
import type { ConfigFile, TargetData, WaiverData } from './load.js';
import { today } from '../util/dates.js';

/**
 * Presets: `recommended` is the rules' own severities under policy spec; `strict` judges by
 * MSC2324 (stable names only once released) and treats lingering unstable names as errors.
 */
export const PRESETS: Record<'recommended' | 'strict', Partial<Pick<AuditSettings, 'policy'>> & { rules: Record<string, RuleSetting> }> = {
  recommended: { rules: {} },
  strict: {
    policy: 'msc2324',
    rules: { 'lingering-unstable-flag': 'error', 'lingering-unstable-endpoint': 'error', 'lingering-unstable-field': 'error' },
  },
};

/** Values given on the command line (undefined when not given there). */
export interface CliOverrides {
  server?: string;
  policy?: AuditSettings['policy'];
  failOn?: AuditSettings['failOn'];
  asOf?: string;
  insecure?: boolean;
  catalogueFile?: string;
  baselineFile?: string;
  offlineCatalogue?: boolean;
  cacheDir?: string;
}

/** `catalogue: FILE` or `catalogue: {file: FILE, refresh: false}`. */
function catalogueFileOf(data: ConfigFile['data']): string | undefined {
  return typeof data.catalogue === 'object' ? data.catalogue.file : data.catalogue;
}

function requirements(list: ConfigFile['data']['require']): Requirement[] {
  return (list ?? []).map((requirement) => ({
    msc: requirement.msc,
    form: requirement.form ?? 'any',
    ...(requirement.reason ? { reason: requirement.reason } : {}),
    ...(requirement.origin ? { origin: requirement.origin } : {}),
  }));
}

function waivers(list: WaiverData[] | undefined, origin: string): Waiver[] {
  return (list ?? []).map((waiver) => ({ ...waiver, origin }));
}

/**
 * One settings object per target: preset, then the file's top level, then the target's own
 * overrides, then the command line. A server on the command line replaces the file's targets.
 */
export function resolveSettings(config: ConfigFile | undefined, cli: CliOverrides): AuditSettings[] {
  const data = config?.data ?? {};
  const preset = PRESETS[data.preset ?? 'recommended'];
  const base: AuditSettings = {
    policy: cli.policy ?? data.policy ?? preset.policy ?? 'spec',
    failOn: cli.failOn ?? data['fail-on'] ?? 'error',
    asOf: cli.asOf ?? data['as-of'] ?? today(),
    insecure: cli.insecure ?? data.insecure ?? false,
    ...((cli.catalogueFile ?? catalogueFileOf(data)) !== undefined ? { catalogueFile: (cli.catalogueFile ?? catalogueFileOf(data))! } : {}),
    ...((cli.offlineCatalogue ?? (typeof data.catalogue === 'object' && data.catalogue.refresh === false)) ? { offlineCatalogue: true } : {}),
    ...(cli.cacheDir !== undefined ? { cacheDir: cli.cacheDir } : {}),
    ...((cli.baselineFile ?? data.baseline) !== undefined ? { baselineFile: (cli.baselineFile ?? data.baseline)! } : {}),
    rules: { ...preset.rules, ...data.rules },
    waivers: waivers(data.waivers, config?.file ?? 'config'),
    require: requirements(data.require),
  };
  if (cli.server !== undefined) return [{ ...base, server: cli.server }];
  const targets: Array<TargetData & { server: string; name?: string }> = data.targets ?? (data.server !== undefined ? [{ server: data.server }] : []);
  if (targets.length === 0) return [base];
  return targets.map((target) => ({
    ...base,
    server: target.server,
    ...(target.name ? { name: target.name } : {}),
    policy: cli.policy ?? target.policy ?? base.policy,
    failOn: cli.failOn ?? target['fail-on'] ?? base.failOn,
    insecure: cli.insecure ?? target.insecure ?? base.insecure,
    ...((cli.baselineFile ?? target.baseline ?? base.baselineFile) !== undefined ? { baselineFile: (cli.baselineFile ?? target.baseline ?? base.baselineFile)! } : {}),
    rules: { ...base.rules, ...target.rules },
    waivers: [...base.waivers, ...waivers(target.waivers, config?.file ?? 'config')],
    require: [...base.require, ...requirements(target.require)],
  }));
}
