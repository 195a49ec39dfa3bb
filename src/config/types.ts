import type { PolicyId } from '../rules/policy.js';
import type { Severity } from '../rules/types.js';

export type RuleSetting = 'off' | Severity;

export interface Waiver {
  rule: string;
  subject?: string;
  msc?: number;
  reason: string;
  expires: string;
  /** Where it was written, for messages. */
  origin?: string;
}

export interface Requirement {
  msc: number;
  form: 'unstable' | 'stable' | 'any';
  reason?: string;
  /** Where it was written (file:line), for messages. */
  origin?: string;
}

/** Everything that shapes one target's judgement, after presets, file, target overrides and CLI options. */
export interface AuditSettings {
  server?: string;
  name?: string;
  policy: PolicyId;
  failOn: Severity | 'none';
  asOf: string;
  insecure: boolean;
  catalogueFile?: string;
  baselineFile?: string;
  /** Ignore the catalogue refreshed from GitHub (--offline-catalogue, or catalogue: {refresh: false}). */
  offlineCatalogue?: boolean;
  /** Where the refresh overlay lives (--cache-dir). */
  cacheDir?: string;
  rules: Record<string, RuleSetting>;
  waivers: Waiver[];
  require: Requirement[];
}
