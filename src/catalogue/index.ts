import type { CatalogueData, EndpointRef, FieldRef, MscEntry, SpecEndpoint, SpecVersion, VendorFeature } from './types.js';
import { compareSpecVersions, isSpecVersionId } from './spec-versions.js';
import type { CatalogueRefresh, RefreshedLifecycle } from './refresh/types.js';

/**
 * An advertised version string judged on a day: a release of that day or earlier; a release the
 * catalogue dates after that day; a release without a date; a well-formed id newer than every
 * release the catalogue knows (the catalogue is older than the server); or no spec version at all.
 */
export type VersionStanding =
  | { kind: 'released'; released: string }
  | { kind: 'released-later'; released: string }
  | { kind: 'undated' }
  | { kind: 'newer-than-catalogue'; newest: string }
  | { kind: 'not-a-version' };

export type Form = 'unstable' | 'stable';

export interface FlagMatch {
  flag: string;
  form: Form;
  entry: MscEntry;
  /** True when the flag was recognised as `<unstable flag>.stable` rather than listed in the catalogue. */
  derived?: boolean;
}

export interface EndpointMatch {
  endpoint: EndpointRef;
  form: Form;
  entry: MscEntry;
}

export interface FieldMatch {
  field: FieldRef;
  form: Form;
  entry: MscEntry;
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * A path template as a pattern: `/rooms/{roomId}/threads` → /^\/rooms\/[^/]+\/threads\/?$/,
 * compiled on its first test. The catalogue has over a thousand templates and a command such as
 * `explain MSC4186` tests none, so compiling them all up front was a sizeable part of its start-up.
 */
class TemplatePattern {
  private regex: RegExp | undefined;
  constructor(private readonly template: string) {}
  test(path: string): boolean {
    this.regex ??= templateRegex(this.template);
    return this.regex.test(path);
  }
}

interface PathPattern {
  template: TemplatePattern;
  match: EndpointMatch;
}

/** Two path templates could name the same path: same segments, a placeholder matching anything. */
export function templatesOverlap(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  if (left.length !== right.length) return false;
  return left.every((segment, index) => {
    const other = right[index]!;
    return segment === other || segment.startsWith('{') || other.startsWith('{');
  });
}

/**
 * The catalogue, loaded once and indexed for the look-ups rules and `explain` make:
 * by MSC number, by flag, by endpoint path (template or concrete), by field name.
 */
export class Catalogue {
  readonly mscs: ReadonlyMap<number, MscEntry>;
  readonly specVersions: readonly SpecVersion[];
  readonly checkedAgainstSpec: string | undefined;
  /** What a refresh from GitHub added, when one was applied. */
  readonly refresh: CatalogueRefresh | undefined;
  private readonly flags = new Map<string, FlagMatch>();
  private readonly vendorFeatures = new Map<string, VendorFeature>();
  private readonly endpointsByTemplate = new Map<string, EndpointMatch>();
  private readonly pathPatterns: PathPattern[] = [];
  private readonly fields = new Map<string, FieldMatch[]>();
  private readonly versionDates = new Map<string, string | undefined>();
  private readonly specNameSet: ReadonlySet<string>;
  private readonly specEndpointPatterns: Array<{ template: TemplatePattern; endpoint: SpecEndpoint }> = [];
  private readonly vendorEndpointPatterns: Array<{ template: TemplatePattern; endpoint: EndpointRef; feature: VendorFeature }> = [];

  constructor(readonly data: CatalogueData) {
    const mscs = new Map<number, MscEntry>();
    for (const entry of data.mscs) mscs.set(entry.msc, entry);
    this.mscs = mscs;
    this.specVersions = [...data.specVersions].sort((a, b) => compareSpecVersions(a.version, b.version));
    for (const version of this.specVersions) this.versionDates.set(version.version, version.released);
    this.checkedAgainstSpec = data.meta.checked_against_spec;
    this.refresh = data.refresh;
    for (const feature of data.vendorFeatures) {
      if (feature.flag !== undefined) this.vendorFeatures.set(feature.flag, feature);
      for (const endpoint of feature.endpoints ?? []) this.vendorEndpointPatterns.push({ template: new TemplatePattern(endpoint.path), endpoint, feature });
    }
    this.specNameSet = new Set((data.specNames ?? []).map((name) => `${name.kind} ${name.name}`));
    for (const endpoint of data.specEndpoints ?? []) {
      this.specEndpointPatterns.push({ template: new TemplatePattern(endpoint.path), endpoint });
      // Its r0 form (before v1.1 re-versioned it to /v3/) is the same endpoint.
      if (endpoint.legacy_path) this.specEndpointPatterns.push({ template: new TemplatePattern(endpoint.legacy_path), endpoint });
    }
    for (const entry of mscs.values()) {
      for (const form of ['unstable', 'stable'] as const) {
        for (const flag of entry[form].flags) this.flags.set(flag, { flag, form, entry });
        for (const endpoint of entry[form].endpoints) {
          const match = { endpoint, form, entry };
          this.endpointsByTemplate.set(`${endpoint.method} ${endpoint.path}`, match);
          this.pathPatterns.push({ template: new TemplatePattern(endpoint.path), match });
        }
        for (const field of entry[form].fields) {
          const list = this.fields.get(field.name) ?? [];
          list.push({ field, form, entry });
          this.fields.set(field.name, list);
        }
      }
    }
  }

  msc(number: number): MscEntry | undefined {
    return this.mscs.get(number);
  }

  /** GitHub's facts about an MSC (catalogued or not), from a refresh. */
  refreshed(number: number): RefreshedLifecycle | undefined {
    const lifecycle = this.refresh?.lifecycle;
    return lifecycle && Object.prototype.hasOwnProperty.call(lifecycle, number) ? lifecycle[number] : undefined;
  }

  /**
   * From which day an MSC's catalogued status is certain (lifecycle.ts): the bundled check date,
   * or the refresh date for an MSC whose status the refresh moved forward.
   */
  statusCertainFrom(number: number): string | undefined {
    return this.refresh?.statusChanged.includes(number) ? this.refresh.date : this.checkedAgainstSpec;
  }

  /**
   * The day the catalogue's facts were last checked: about one MSC, or (without a number) about
   * spec releases. A refresh checked every MSC GitHub reported and, when it read everything
   * changed since the bundled check, the others too; otherwise the bundled check date holds.
   */
  checkedOn(number?: number): string | undefined {
    const refresh = this.refresh;
    if (!refresh) return this.checkedAgainstSpec;
    if (number === undefined || this.refreshed(number)) return refresh.date;
    if (refresh.since !== undefined && this.checkedAgainstSpec !== undefined && refresh.since <= this.checkedAgainstSpec) return refresh.date;
    return this.checkedAgainstSpec;
  }

  /**
   * The MSC behind a flag. Besides listed flags, `<unstable flag>.stable` is understood as the
   * stable advertisement of that MSC (Synapse's convention, see shared/process.md).
   */
  flag(name: string): FlagMatch | undefined {
    const listed = this.flags.get(name);
    if (listed) return listed;
    if (name.endsWith('.stable')) {
      const base = this.flags.get(name.slice(0, -'.stable'.length));
      if (base && base.form === 'unstable') return { flag: name, form: 'stable', entry: base.entry, derived: true };
    }
    return undefined;
  }

  vendorFeature(flag: string): VendorFeature | undefined {
    return this.vendorFeatures.get(flag);
  }

  /** Endpoints whose template matches a path (a template itself or a concrete request path). */
  endpointsForPath(path: string): EndpointMatch[] {
    const exact = [...this.endpointsByTemplate.values()].filter((match) => match.endpoint.path === path);
    if (exact.length > 0) return exact;
    return this.pathPatterns.filter((pattern) => pattern.template.test(path)).map((pattern) => pattern.match);
  }

  /** Spec endpoints whose template matches a path (template or concrete). */
  specEndpointsForPath(path: string): SpecEndpoint[] {
    const exact = this.specEndpointPatterns.filter((pattern) => pattern.endpoint.path === path || pattern.endpoint.legacy_path === path).map((pattern) => pattern.endpoint);
    return [...new Set(exact.length > 0 ? exact : this.specEndpointPatterns.filter((pattern) => pattern.template.test(path)).map((pattern) => pattern.endpoint))];
  }

  /**
   * The spec endpoint an unprefixed /unstable/ path mirrors, e.g. /_matrix/client/unstable/account/whoami
   * → GET /_matrix/client/v3/account/whoami. Servers that register every route for "unstable" too
   * expose these (reported by unprefixed-unstable-endpoint).
   */
  mirroredSpecEndpoint(method: string, path: string): SpecEndpoint | undefined {
    const match = /^\/_matrix\/([a-z]+)\/unstable(\/.*)$/.exec(path);
    if (!match) return undefined;
    for (const version of ['v3', 'v1', 'v2', 'r0']) {
      const candidate = `/_matrix/${match[1]}/${version}${match[2]}`;
      // Both sides may be templates, with different placeholder names or a placeholder where
      // the other has a literal (Synapse's pushrules/{scope} against the spec's pushrules/global).
      const found = (this.data.specEndpoints ?? []).find((endpoint) => endpoint.method === method && templatesOverlap(endpoint.path, candidate));
      if (found) return found;
    }
    return undefined;
  }

  /** Vendor features that serve a path under /unstable/ without it being an MSC's. */
  vendorEndpointsForPath(path: string): Array<{ endpoint: EndpointRef; feature: VendorFeature }> {
    return this.vendorEndpointPatterns.filter((pattern) => pattern.template.test(path) || pattern.endpoint.path === path).map(({ endpoint, feature }) => ({ endpoint, feature }));
  }

  specEndpoints(): readonly SpecEndpoint[] {
    return this.data.specEndpoints ?? [];
  }

  /** Is a name reserved by the spec (in any release) for this kind? */
  isSpecName(kind: string, name: string): boolean {
    return this.specNameSet.has(`${kind} ${name}`);
  }

  fieldsNamed(name: string): FieldMatch[] {
    return this.fields.get(name) ?? [];
  }

  releaseDate(version: string): string | undefined {
    return this.versionDates.get(version);
  }

  isKnownVersion(version: string): boolean {
    return this.versionDates.has(version);
  }

  /** The newest spec version the catalogue knows (in release order). */
  newestVersion(): string | undefined {
    return this.specVersions.at(-1)?.version;
  }

  /** What an advertised version string is, judged on `asOf` (see VersionStanding). */
  versionStanding(version: string, asOf: string): VersionStanding {
    if (this.versionDates.has(version)) {
      const released = this.versionDates.get(version);
      if (released === undefined) return { kind: 'undated' };
      return released <= asOf ? { kind: 'released', released } : { kind: 'released-later', released };
    }
    const newest = this.newestVersion();
    if (isSpecVersionId(version) && newest !== undefined && compareSpecVersions(version, newest) > 0) return { kind: 'newer-than-catalogue', newest };
    return { kind: 'not-a-version' };
  }

  /** Spec versions released on or before a date. */
  versionsReleasedBy(asOf: string): string[] {
    return this.specVersions.filter((version) => version.released !== undefined && version.released <= asOf).map((v) => v.version);
  }

  /** The MSCs that replace this one: its superseded_by and every entry that lists it in supersedes. */
  successorsOf(msc: number): number[] {
    const named = this.mscs.get(msc)?.superseded_by;
    const listing = [...this.mscs.values()].filter((entry) => (entry.supersedes ?? []).includes(msc)).map((entry) => entry.msc);
    return [...new Set([...(named !== undefined ? [named] : []), ...listing])].sort((a, b) => a - b);
  }

  allEntries(): MscEntry[] {
    return [...this.mscs.values()].sort((a, b) => a.msc - b.msc);
  }

  /** Every vendor feature, with or without a flag. */
  allVendorFeatures(): VendorFeature[] {
    return [...this.data.vendorFeatures];
  }
}
