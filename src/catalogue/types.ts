/** The catalogue's data model: see docs/catalogue-format.md and specs/schema/catalogue-entry.schema.json. */

export const MSC_STATUSES = ['open', 'fcp', 'accepted', 'released', 'closed', 'superseded'] as const;
export type MscStatus = (typeof MSC_STATUSES)[number];

export const FIELD_KINDS = [
  'login_type',
  'login_field',
  'capability',
  'room_version',
  'well_known_key',
  'push_rule',
  'event_type',
  'account_data_type',
  'json_property',
  'query_param',
  'errcode',
  'auth_metadata_field',
  'other',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface EndpointRef {
  method: string;
  path: string;
  /** An unstable path without a vendor prefix that the MSC or real servers use anyway (recorded so it is recognised, and reported when served). */
  nonconformant?: boolean;
}

export interface FieldRef {
  kind: FieldKind;
  name: string;
  where?: string;
}

export interface Identifiers {
  flags: string[];
  endpoints: EndpointRef[];
  fields: FieldRef[];
}

/** Where an entry was read from, so lint and errors can say file:line. */
export interface Origin {
  file: string;
  line?: number;
  /** Where the entry sits inside its file (empty for one-entry files). */
  pointer?: Array<string | number>;
}

/**
 * Dated lifecycle transitions a source gives (docs/catalogue-format.md, "Lifecycle dates").
 * The release is not stored: it is the date of `released_in` in the spec versions.
 */
export const TRANSITION_KINDS = ['fcp_started', 'fcp_finished', 'accepted', 'closed'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

/** How an FCP ended (the disposition label of the proposal's pull request). */
export const FCP_DISPOSITIONS = ['merge', 'close', 'postpone'] as const;
export type FcpDisposition = (typeof FCP_DISPOSITIONS)[number];

export interface DatedTransition {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** Where the date comes from (same form as `sources`). */
  source: string;
  /** Only on fcp_finished: the disposition the FCP ended with. */
  disposition?: FcpDisposition;
}

export type Transitions = Partial<Record<TransitionKind, DatedTransition>>;

export interface MscEntry {
  msc: number;
  title: string;
  /** The status as of the catalogue's check (meta.checked_against_spec, or a refresh): see lifecycle.ts for a past date. */
  status: MscStatus;
  /** When the MSC entered each stage, where a source dates it. */
  transitions?: Transitions;
  released_in?: string;
  superseded_by?: number;
  supersedes?: number[];
  /** Its unstable names predate MSC2324's vendor-prefix rule (m. flags, /unstable/ paths without a vendor). */
  legacy_unprefixed?: boolean;
  /** A scaffolded entry that a person has not reviewed yet. */
  draft?: boolean;
  unstable: Identifiers;
  stable: Identifiers;
  sources: string[];
  notes?: string;
  origin?: Origin;
}

export interface SpecVersion {
  version: string;
  released?: string;
  source?: string;
}

export interface VendorFeature {
  /** The unstable_features key, when the feature has one. */
  flag?: string;
  /** Routes the vendor serves under /unstable/ for it. */
  endpoints?: EndpointRef[];
  vendor: string;
  title: string;
  sources: string[];
  notes?: string;
  origin?: Origin;
}

export interface CatalogueMeta {
  /** The date the catalogue was last checked against the spec repository. */
  checked_against_spec?: string;
  sources?: string[];
}

export interface CatalogueData {
  meta: CatalogueMeta;
  specVersions: SpecVersion[];
  mscs: MscEntry[];
  vendorFeatures: VendorFeature[];
  /** The spec's endpoints (specs/spec-endpoints.yaml). */
  specEndpoints?: SpecEndpoint[];
  /** Names the spec reserves for capabilities, login types, ... (specs/spec-names.yaml). */
  specNames?: SpecName[];
  /** Facts refreshed from GitHub, when a refresh overlay was applied (src/catalogue/refresh/). */
  refresh?: import('./refresh/types.js').CatalogueRefresh;
}

export type SpecNameKind = 'capability' | 'login_type' | 'well_known_key' | 'push_rule' | 'room_version';

export interface SpecName {
  kind: SpecNameKind;
  name: string;
  /** The first release tag that has it (absent: only in the spec's main branch). */
  since?: string;
  /** The last release tag that had it, when a later one removed it. */
  removed_after?: string;
}

export interface SpecEndpoint {
  method: string;
  path: string;
  api: string;
  /**
   * The first release whose API files have it: client-server r0.x.y, or server-server /
   * application-service r0.1.x (each API had its own numbering before v1.1), or v1.N.
   * Absent only for `unreleased` endpoints.
   */
  added_in?: string;
  /** The last release that had it, when a later release removed it. */
  removed_after?: string;
  /** Its path in the r0 releases, where v1.1 re-versioned it (/_matrix/client/r0/... became /v3/...). */
  legacy_path?: string;
  /** On the spec's default branch but in no release yet. */
  unreleased?: boolean;
  /** The first release whose OpenAPI lets a server answer 404 M_UNRECOGNIZED when it does not support the endpoint. */
  optional_since?: string;
  deprecated?: boolean;
  module?: string;
  auth_required?: boolean;
}

/** A release tag import-spec read. */
export interface SpecRelease {
  version: string;
  tag: string;
  commit: string;
  apis: string[];
}
