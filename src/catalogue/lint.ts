import { TRANSITION_KINDS, type CatalogueData, type EndpointRef, type FieldRef, type MscEntry, type MscStatus, type Origin, type TransitionKind } from './types.js';
import type { LintIssue } from './read-sources.js';
import { isVendorNamespace, isVendorPrefixedName } from './naming.js';
import { compareSpecVersions } from './spec-versions.js';

/**
 * Checks a schema cannot express: consistency between entries and the naming rules of
 * shared/process.md. Each issue carries file:line so a maintainer can jump to it.
 */
export type Locate = (file: string, at: ReadonlyArray<string | number>) => number;

// Field kinds whose unstable names must carry a vendor prefix and whose stable names must not.
const PREFIXED_FIELD_KINDS = new Set(['login_type', 'capability', 'room_version', 'well_known_key', 'push_rule', 'event_type', 'account_data_type', 'errcode']);

export function endpointKey(endpoint: EndpointRef): string {
  // Placeholder names do not matter for identity: /rooms/{roomId} and /rooms/{room_id} are one path.
  return `${endpoint.method} ${endpoint.path.replace(/\{[^}]+\}/g, '{}')}`;
}

/** The vendor segment of an unstable path, e.g. org.matrix.msc3575 in /_matrix/client/unstable/org.matrix.msc3575/sync. */
export function unstableSegment(path: string): string | undefined {
  const match = /^\/_matrix\/[a-z]+\/unstable\/([^/]+)/.exec(path);
  return match?.[1];
}

export function isUnstablePath(path: string): boolean {
  return /^\/_matrix\/[a-z]+\/unstable(\/|$)/.test(path);
}

// Error codes are often vendor-prefixed with underscores: ORG_MATRIX_MSC3939_USER_LOCKED, M_ORG_MATRIX_MSC3823_....
const UNDERSCORED_VENDOR_ERRCODE = /(?:^|_)[A-Z]{2,}_[A-Z0-9-]+_MSC\d+/i;

function fieldNameForNaming(field: FieldRef): string {
  // Push rule ids start with a dot (.m.rule.master, .org.matrix.msc3952.is_user_mention).
  return field.kind === 'push_rule' ? field.name.replace(/^\./, '') : field.name;
}

// Statuses an entry can have once each transition has happened (a merged MSC may be superseded later).
const STATUSES_AFTER: Record<TransitionKind, readonly MscStatus[]> = {
  fcp_started: ['fcp', 'accepted', 'released', 'closed', 'superseded'],
  fcp_finished: ['accepted', 'released', 'closed', 'superseded'],
  accepted: ['accepted', 'released', 'superseded'],
  closed: ['closed', 'superseded'],
};

/** Dated transitions must fit the status and come in lifecycle order (docs/catalogue-format.md, "Lifecycle dates"). */
function lintTransitions(entry: MscEntry, versions: ReadonlyMap<string, string | undefined>, report: (sub: Array<string | number>, message: string) => void): void {
  const transitions = entry.transitions ?? {};
  for (const kind of TRANSITION_KINDS) {
    if (transitions[kind] && !STATUSES_AFTER[kind].includes(entry.status)) {
      report(['transitions', kind], `MSC${entry.msc} has ${kind === 'accepted' ? 'an' : 'a'} ${kind} date but its status is ${entry.status}: fix the status or remove the date`);
    }
  }
  const finished = transitions.fcp_finished;
  if (finished && finished.disposition !== 'merge' && (entry.status === 'accepted' || entry.status === 'released')) {
    report(['transitions', 'fcp_finished', 'disposition'], `MSC${entry.msc} is ${entry.status} but its FCP finished with disposition ${finished.disposition}`);
  }
  const releasedOn = entry.released_in ? versions.get(entry.released_in) : undefined;
  const order: Array<[TransitionKind | 'released', string | undefined]> = [
    ['fcp_started', transitions.fcp_started?.date],
    ['fcp_finished', transitions.fcp_finished?.date],
    ['accepted', transitions.accepted?.date],
    ['released', releasedOn],
  ];
  const dated = order.filter((pair): pair is [TransitionKind | 'released', string] => pair[1] !== undefined);
  for (let index = 1; index < dated.length; index += 1) {
    const [earlierKind, earlier] = dated[index - 1]!;
    const [laterKind, later] = dated[index]!;
    if (later < earlier) {
      const sub = laterKind === 'released' ? ['transitions', earlierKind] : ['transitions', laterKind];
      const what = laterKind === 'released' ? `the release of ${entry.released_in} (${later})` : `${laterKind} ${later}`;
      report(sub, `${earlierKind} ${earlier} is after ${what}: a lifecycle goes FCP started, FCP finished, accepted, released`);
    }
  }
  const closed = transitions.closed?.date;
  const start = transitions.fcp_started?.date;
  if (closed && start && closed < start) report(['transitions', 'closed'], `closed ${closed} is before fcp_started ${start}`);
}

export function lintCatalogue(data: CatalogueData, locate: Locate, options: { allowDrafts?: boolean; known?: CatalogueData } = {}): LintIssue[] {
  const issues: LintIssue[] = [];
  const at = (origin: Origin | undefined, sub: Array<string | number>, message: string): void => {
    const file = origin?.file ?? '(catalogue)';
    const pointer = [...(origin?.pointer ?? []), ...sub];
    issues.push({ file, line: origin ? locate(file, pointer) : 1, message });
  };

  const versions = new Map<string, string | undefined>();
  for (const version of [...(options.known?.specVersions ?? []), ...data.specVersions]) versions.set(version.version, version.released);
  const byNumber = new Map<number, MscEntry>();
  for (const entry of [...(options.known?.mscs ?? []), ...data.mscs]) byNumber.set(entry.msc, entry);

  const seenNumbers = new Map<number, MscEntry>();
  const flagOwners = new Map<string, string>();
  const endpointOwners = new Map<string, string>();
  const fieldOwners = new Map<string, string>();
  const claim = (owners: Map<string, string>, key: string, owner: string, origin: Origin | undefined, sub: Array<string | number>, what: string): void => {
    const previous = owners.get(key);
    if (previous && previous !== owner) at(origin, sub, `${what} is already claimed by ${previous}: an identifier belongs to one entry`);
    else owners.set(key, owner);
  };

  for (const feature of data.vendorFeatures) {
    const name = `vendor feature ${feature.flag ?? feature.title}`;
    if (feature.flag !== undefined) {
      claim(flagOwners, feature.flag, name, feature.origin, ['flag'], `flag ${feature.flag}`);
      if (!isVendorPrefixedName(feature.flag)) at(feature.origin, ['flag'], `vendor feature flag ${feature.flag} is not vendor-prefixed (reverse DNS, e.g. io.element.feature)`);
    }
    (feature.endpoints ?? []).forEach((endpoint, index) => {
      claim(endpointOwners, endpointKey(endpoint), name, feature.origin, ['endpoints', index, 'path'], `endpoint ${endpoint.method} ${endpoint.path}`);
    });
  }

  for (const entry of data.mscs) {
    const owner = `MSC${entry.msc}`;
    const o = entry.origin;
    if (seenNumbers.has(entry.msc)) at(o, ['msc'], `MSC${entry.msc} has two entries`);
    seenNumbers.set(entry.msc, entry);
    if (entry.draft && !options.allowDrafts) at(o, ['draft'], `MSC${entry.msc} is a draft: review every value against its sources, then remove "draft: true"`);

    for (const form of ['unstable', 'stable'] as const) {
      entry[form].flags.forEach((flag, index) => {
        claim(flagOwners, flag, owner, o, [form, 'flags', index], `flag ${flag}`);
        const legacyAllowed = form === 'unstable' && entry.legacy_unprefixed === true && flag.startsWith('m.');
        if (!isVendorPrefixedName(flag) && !legacyAllowed) {
          at(o, [form, 'flags', index], `${form} flag ${flag} is not vendor-prefixed (reverse DNS such as org.matrix.msc${entry.msc})`);
        }
      });
      entry[form].endpoints.forEach((endpoint, index) => {
        claim(endpointOwners, endpointKey(endpoint), owner, o, [form, 'endpoints', index, 'path'], `endpoint ${endpoint.method} ${endpoint.path}`);
        if (form === 'unstable') {
          const segment = unstableSegment(endpoint.path);
          if (!isUnstablePath(endpoint.path)) at(o, [form, 'endpoints', index, 'path'], `unstable endpoint ${endpoint.path} is not under /_matrix/<api>/unstable/`);
          else if ((!segment || !isVendorNamespace(segment)) && !entry.legacy_unprefixed && !endpoint.nonconformant) at(o, [form, 'endpoints', index, 'path'], `unstable endpoint ${endpoint.path} has no vendor prefix after /unstable/ (if real servers use it anyway, mark it nonconformant: true)`);
        } else if (isUnstablePath(endpoint.path)) {
          at(o, [form, 'endpoints', index, 'path'], `stable endpoint ${endpoint.path} is under /unstable/: move it to unstable.endpoints`);
        }
      });
      entry[form].fields.forEach((field, index) => {
        // Names in global namespaces (event types, capabilities, ...) belong to one MSC; plain JSON
        // properties and query parameters are scoped by the object they sit in, so may repeat.
        if (!PREFIXED_FIELD_KINDS.has(field.kind)) return;
        claim(fieldOwners, `${form} ${field.kind} ${field.name}`, owner, o, [form, 'fields', index, 'name'], `${field.kind} ${field.name}`);
        const name = fieldNameForNaming(field);
        const prefixed = isVendorPrefixedName(name) || (field.kind === 'errcode' && UNDERSCORED_VENDOR_ERRCODE.test(name));
        if (form === 'unstable' && !prefixed && !(entry.legacy_unprefixed && name.startsWith('m.'))) {
          at(o, [form, 'fields', index, 'name'], `unstable ${field.kind} ${field.name} is not vendor-prefixed`);
        }
        if (form === 'stable' && prefixed) at(o, [form, 'fields', index, 'name'], `stable ${field.kind} ${field.name} is vendor-prefixed: move it to unstable.fields`);
      });
    }

    if (entry.released_in !== undefined) {
      if (!versions.has(entry.released_in)) at(o, ['released_in'], `released_in ${entry.released_in} is not a known spec version (see specs/spec-versions.yaml)`);
      if (entry.status !== 'released') at(o, ['status'], `MSC${entry.msc} names released_in ${entry.released_in} but its status is ${entry.status}: set status: released`);
    }
    lintTransitions(entry, versions, (sub, message) => at(o, sub, message));
    if (entry.superseded_by !== undefined) {
      const successor = byNumber.get(entry.superseded_by);
      if (successor && !(successor.supersedes ?? []).includes(entry.msc)) {
        at(o, ['superseded_by'], `MSC${entry.msc} is superseded by MSC${entry.superseded_by}, whose entry does not list it in supersedes`);
      }
    }
    (entry.supersedes ?? []).forEach((older, index) => {
      const predecessor = byNumber.get(older);
      // Several proposals can replace one together (MSC2674-2677 replace MSC1849): the predecessor
      // names one of them, and that one must list it too.
      const named = predecessor?.superseded_by !== undefined ? byNumber.get(predecessor.superseded_by) : undefined;
      const coSuccessor = named !== undefined && (named.supersedes ?? []).includes(older);
      if (predecessor && predecessor.superseded_by !== entry.msc && !coSuccessor) {
        at(o, ['supersedes', index], `MSC${entry.msc} supersedes MSC${older}, whose entry does not say superseded_by: ${entry.msc}`);
      }
    });
    if (entry.status === 'superseded' && entry.superseded_by === entry.msc) at(o, ['superseded_by'], `MSC${entry.msc} cannot supersede itself`);
  }

  const sortedVersions = [...data.specVersions];
  const seenVersions = new Set<string>();
  sortedVersions.forEach((version) => {
    if (seenVersions.has(version.version)) issues.push({ file: 'spec-versions', line: 1, message: `spec version ${version.version} is listed twice` });
    seenVersions.add(version.version);
  });
  const dated = sortedVersions.filter((v) => v.released).sort((a, b) => compareSpecVersions(a.version, b.version));
  for (let index = 1; index < dated.length; index += 1) {
    const previous = dated[index - 1]!;
    const current = dated[index]!;
    if ((current.released ?? '') < (previous.released ?? '')) {
      issues.push({ file: 'spec-versions', line: 1, message: `${current.version} (${current.released}) is dated before ${previous.version} (${previous.released})` });
    }
  }
  return issues;
}
