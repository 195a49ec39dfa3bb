/**
 * The snapshot: everything an audit learned from the server, as plain JSON.
 * It is the seam between gathering (network) and judging (pure rules).
 * Schema: specs/schema/snapshot.schema.json. Bump SNAPSHOT_VERSION on incompatible change.
 */
export const SNAPSHOT_VERSION = 1;

/**
 * `ambiguous`: the server answered, but a templated spec endpoint also matches the path (the spec's
 * `query/{queryType}` answers `query/presence_recipients`), so the answer proves nothing about the
 * MSC's endpoint: never evidence of presence or absence.
 */
export type Classification = 'present' | 'absent' | 'inconclusive' | 'ambiguous';
export type Confidence = 'high' | 'low';
export type ProbePurpose = 'discovery' | 'versions' | 'federation-version' | 'document' | 'endpoint' | 'inventory' | 'unprefixed' | 'control';
export type BodyKind = 'json' | 'html' | 'text' | 'empty' | 'other';

export interface ProbeRecord {
  id: string;
  purpose: ProbePurpose;
  /** The endpoint's method (what is judged). */
  method: string;
  /** The method actually sent, when it differs (a safe substitute for a method that would act). */
  requestMethod?: string;
  /** Full request URL (never carries credentials). */
  url: string;
  /** Catalogue path template this probe stands for, when it differs from the URL's path. */
  template?: string;
  /** The document this probe read (versions, login, capabilities, ...); its JSON is kept. */
  document?: string;
  msc?: number;
  form?: 'unstable' | 'stable';
  authenticated: boolean;
  status?: number;
  errcode?: string;
  contentType?: string;
  bodyKind?: BodyKind;
  bodyBytes?: number;
  truncated?: boolean;
  /** Parsed JSON body, kept only for small documents (versions, well-known, federation version). */
  json?: unknown;
  /** Why a body that should be JSON could not be parsed. */
  jsonError?: string;
  /** Set when the JSON was deeper or wider than the limits (src/util/bounded-json.ts): what was dropped. */
  jsonCut?: string;
  /** A redirect target that was not followed (another origin, a loop, or too many hops). */
  redirect?: string;
  /** Why that redirect was not followed. */
  redirectProblem?: string;
  /** Network-level failure (timeout, reset, TLS, DNS). */
  error?: string;
  durationMs: number;
  attempts: number;
  classification: Classification;
  confidence: Confidence;
  why: string;
  /** The control probe this one was compared with. */
  controlId?: string;
  /** The spec endpoint whose template also matches this probe's path ("GET /_matrix/federation/v1/query/{queryType}"). */
  shadowedBy?: string;
  /** The discriminating probe (the same request with a value the spec endpoint cannot know) this one was compared with. */
  discriminatorId?: string;
}

export interface DiscoveryRecord {
  method: 'url' | 'well-known' | 'fallback';
  detail: string;
  probeIds: string[];
}

export interface Snapshot {
  snapshotVersion: typeof SNAPSHOT_VERSION;
  tool: { name: string; version: string };
  target: { input: string; baseUrl: string; discovery: DiscoveryRecord };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  catalogue: { entries: number; checkedAgainstSpec?: string };
  /** Probe ids of the documents rules read, by document name (versions, login, capabilities, ...). */
  documents: { versions: string } & Record<string, string>;
  /** Whether an access token was used, and whose (from GET /account/whoami). Never the token. */
  auth: { authenticated: boolean; userId?: string; deviceId?: string };
  probes: ProbeRecord[];
}
