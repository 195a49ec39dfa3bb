import type { Catalogue } from '../catalogue/index.js';
import type { Snapshot } from '../snapshot/types.js';
import { readVersionsDocument, serverSoftware } from '../snapshot/view.js';
import type { Finding, Severity } from '../rules/types.js';
import type { PolicyId } from '../rules/policy.js';
import { featureView, type FeatureRow } from '../rules/features.js';
import { TOKEN_ONLY_DOCUMENTS } from '../probe/plan.js';
import { failingFindings, type FindingIdentity } from '../ci/apply.js';

const DOCUMENT_TITLES: Record<string, string> = {
  'versions-authenticated': 'flags shown only to logged-in users (/versions with a token)',
  whoami: 'the token owner (whoami)',
  capabilities: 'capabilities and room versions (/capabilities)',
  'push-rules': 'push rule ids (/pushrules/)',
  'media-config': 'authenticated media config (/_matrix/client/v1/media/config)',
  'media-config-legacy': 'legacy media config (/_matrix/media/v3/config)',
};

/**
 * The report as data: what `--format json` prints (schema: specs/schema/report.schema.json)
 * and what every other format renders. Bump REPORT_SCHEMA_VERSION on incompatible change.
 */
export const REPORT_SCHEMA_VERSION = 1;

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  target: { input: string; baseUrl: string; discovery: string; name?: string };
  policy: PolicyId;
  asOf: string;
  failOn: Severity | 'none';
  demo?: boolean;
  summary: {
    error: number;
    warning: number;
    info: number;
    /** Findings accepted by a waiver, and findings already in the baseline. */
    waived: number;
    known: number;
    /** Findings that fail the build (at or above failOn, not waived, not known). */
    failing: number;
    probes: number;
    inconclusive: number;
    durationMs: number;
  };
  server: {
    versions: string[];
    unstableFeatures: Record<string, boolean>;
    software?: { name?: string; version?: string };
  };
  /** With `refreshed` when facts refreshed from GitHub were used (absent with --offline-catalogue). */
  catalogue: { entries: number; checkedAgainstSpec?: string; refreshed?: { date: string; api: string; changes: number } };
  /** Whether a token was used (never the token), whose, and what could not be checked without one. */
  auth: { authenticated: boolean; userId?: string; deviceId?: string; skippedWithoutToken: string[] };
  features: FeatureRow[];
  findings: Finding[];
  /** With --baseline: the file, and its findings that no longer occur. */
  baseline?: { file: string; fixed: FindingIdentity[] };
}

export interface ReportInput {
  snapshot: Snapshot;
  catalogue: Catalogue;
  findings: Finding[];
  policy: PolicyId;
  asOf: string;
  failOn: Severity | 'none';
  demo?: boolean;
  name?: string;
  baseline?: { file: string; fixed: FindingIdentity[] };
}

export function buildReport(input: ReportInput): Report {
  const { snapshot, findings } = input;
  const versions = readVersionsDocument(snapshot);
  const software = serverSoftware(snapshot);
  const count = (severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const judged = snapshot.probes.filter((probe) => probe.purpose !== 'control');
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: snapshot.tool,
    target: { input: snapshot.target.input, baseUrl: snapshot.target.baseUrl, discovery: snapshot.target.discovery.detail, ...(input.name ? { name: input.name } : {}) },
    policy: input.policy,
    asOf: input.asOf,
    failOn: input.failOn,
    ...(input.demo ? { demo: true } : {}),
    summary: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      waived: findings.filter((finding) => finding.waived).length,
      known: findings.filter((finding) => finding.baseline === 'known').length,
      failing: failingFindings(findings, input.failOn).length,
      probes: snapshot.probes.length,
      inconclusive: judged.filter((probe) => probe.classification === 'inconclusive').length,
      durationMs: snapshot.durationMs,
    },
    server: {
      versions: versions.versions,
      unstableFeatures: Object.fromEntries(versions.unstableFeatures.map((flag) => [flag.name, flag.enabled])),
      ...(software ? { software } : {}),
    },
    catalogue: {
      entries: input.catalogue.mscs.size,
      ...(input.catalogue.checkedAgainstSpec ? { checkedAgainstSpec: input.catalogue.checkedAgainstSpec } : {}),
      ...(input.catalogue.refresh ? { refreshed: { date: input.catalogue.refresh.date, api: input.catalogue.refresh.api, changes: input.catalogue.refresh.changes.length } } : {}),
    },
    auth: {
      ...snapshot.auth,
      skippedWithoutToken: snapshot.auth.authenticated ? [] : TOKEN_ONLY_DOCUMENTS.map((name) => DOCUMENT_TITLES[name] ?? name),
    },
    features: featureView(snapshot, input.catalogue, input.asOf),
    findings,
    ...(input.baseline ? { baseline: input.baseline } : {}),
  };
}

