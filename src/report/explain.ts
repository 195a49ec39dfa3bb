import type { Catalogue } from '../catalogue/index.js';
import type { Identifiers, MscEntry, SpecEndpoint, SpecName, TransitionKind, VendorFeature } from '../catalogue/types.js';
import { lifecycleEvents } from '../catalogue/lifecycle.js';
import type { Rule } from '../rules/types.js';
import type { RefreshedLifecycle } from '../catalogue/refresh/types.js';
import { forTerminal } from '../util/sanitize.js';

/** Plain-text explanations for `msc-audit explain`: an MSC entry, a flag, an endpoint or a rule. */

/** What `explain` found about one thing: the text it prints, and as data what `--format json` prints. */
export interface Explained {
  kind: 'rule' | 'msc' | 'flag' | 'endpoint' | 'vendor' | 'spec-name' | 'uncatalogued';
  text: string;
  entries: MscEntry[];
  /** For --format json: what the text says besides catalogue entries. */
  specEndpoints?: SpecEndpoint[];
  unprefixedMirrors?: Array<{ path: string; mirrors: SpecEndpoint }>;
  vendorFeatures?: VendorFeature[];
  specNames?: SpecName[];
}

const TRANSITION_LABELS: Record<TransitionKind, string> = {
  fcp_started: 'FCP started',
  fcp_finished: 'FCP finished',
  accepted: 'accepted',
  closed: 'closed',
};

function identifierLines(ids: Identifiers): string[] {
  return [
    ...ids.flags.map((flag) => `flag ${flag}`),
    ...ids.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`),
    ...ids.fields.map((field) => `${field.kind} ${field.name}${field.where ? ` (${field.where})` : ''}`),
  ];
}

export function explainEntry(entry: MscEntry, catalogue: Catalogue): string {
  const lines = [`MSC${entry.msc}: ${entry.title}`, `  status       ${entry.status}`];
  const github = catalogue.refreshed(entry.msc);
  if (github) lines.push(`  on GitHub    ${describeRefreshed(github)}`);
  if (entry.released_in) lines.push(`  released in  ${entry.released_in}${catalogue.releaseDate(entry.released_in) ? ` (${catalogue.releaseDate(entry.released_in)})` : ''}`);
  for (const event of lifecycleEvents(entry, catalogue)) {
    if (event.kind === 'released') continue;
    const label = TRANSITION_LABELS[event.kind];
    lines.push(`  ${label.padEnd(13)}${event.date}${event.disposition ? ` (disposition ${event.disposition})` : ''}  [${event.source}]`);
  }
  for (const newer of catalogue.successorsOf(entry.msc)) lines.push(`  superseded by MSC${newer}${catalogue.msc(newer) ? ` (${catalogue.msc(newer)!.title})` : ''}`);
  for (const older of entry.supersedes ?? []) lines.push(`  supersedes   MSC${older}${catalogue.msc(older) ? ` (${catalogue.msc(older)!.title})` : ''}`);
  const unstable = identifierLines(entry.unstable);
  const stable = identifierLines(entry.stable);
  const width = Math.max(8, ...unstable.map((line) => line.length)) + 2;
  lines.push('', `  ${'unstable'.padEnd(width)}stable`);
  for (let index = 0; index < Math.max(unstable.length, stable.length, 1); index += 1) {
    lines.push(`  ${(unstable[index] ?? (index === 0 ? '-' : '')).padEnd(width)}${stable[index] ?? (index === 0 ? '-' : '')}`);
  }
  lines.push('', `  proposal     https://github.com/matrix-org/matrix-spec-proposals/pull/${entry.msc}`);
  if (entry.released_in?.startsWith('v1.')) lines.push(`  spec         https://spec.matrix.org/${entry.released_in}/`);
  if (entry.notes) lines.push(`  notes        ${entry.notes}`);
  lines.push(`  sources      ${entry.sources.join('\n               ')}`);
  return `${lines.join('\n')}\n`;
}

/** GitHub's facts about an MSC, from a refresh, in one line (labels are GitHub's strings). */
export function describeRefreshed(facts: RefreshedLifecycle): string {
  const dated = [
    facts.fcp_started ? `FCP started ${facts.fcp_started}` : '',
    facts.fcp_finished ? `FCP finished ${facts.fcp_finished}${facts.disposition ? ` (disposition ${facts.disposition})` : ''}` : '',
    facts.merged ? `merged ${facts.merged}` : '',
    facts.closed ? `closed ${facts.closed}` : '',
  ].filter(Boolean);
  return forTerminal(`${facts.status}${dated.length > 0 ? `; ${dated.join('; ')}` : ''}${facts.labels.length > 0 ? `; labels ${facts.labels.join(', ')}` : ''} [${facts.source}]`, 400);
}

/** An MSC GitHub reported that the catalogue has no entry for. */
export function explainUncatalogued(facts: RefreshedLifecycle): string {
  return [
    `MSC${facts.msc}: ${forTerminal(facts.title || '(no title)')}`,
    '  known to GitHub, not yet catalogued: its unstable and stable names are not known to msc-audit',
    `  on GitHub    ${describeRefreshed(facts)}`,
    `  proposal     https://github.com/matrix-org/matrix-spec-proposals/pull/${facts.msc}`,
    '',
  ].join('\n');
}

export function explainVendorFeature(feature: VendorFeature): string {
  return `${feature.flag ?? feature.title}: a vendor feature, not an MSC\n  vendor   ${feature.vendor}\n  what     ${feature.title}\n${feature.notes ? `  notes    ${feature.notes}\n` : ''}  sources  ${feature.sources.join(', ')}\n`;
}

export function explainRule(rule: Rule): string {
  return `${rule.id} (${rule.severity})\n  ${rule.title}\n\n  why: ${rule.rationale}\n\n  fix: ${rule.fix}\n`;
}

export function explainSpecEndpoint(endpoint: SpecEndpoint): string {
  // Before v1.1 each API had its own release numbers: name the API with an r0 version of another API.
  const release = (version: string): string => (version.startsWith('r0.') && endpoint.api !== 'client-server' ? `${endpoint.api} ${version}` : version);
  const history = endpoint.added_in
    ? `added in ${release(endpoint.added_in)}${endpoint.removed_after ? `, removed after ${release(endpoint.removed_after)}` : ''}`
    : 'in no spec release yet (only on the spec\'s main branch)';
  const extras = [
    endpoint.legacy_path ? `${endpoint.legacy_path} in the r0 releases` : '',
    endpoint.deprecated ? 'deprecated' : '',
    endpoint.optional_since ? `a server that does not support it may answer 404 M_UNRECOGNIZED, so documented since ${endpoint.optional_since}` : '',
    endpoint.module ? `module: ${endpoint.module}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `${endpoint.method} ${endpoint.path}: a ${endpoint.api} spec endpoint, ${history}${extras ? ` (${extras})` : ''}`;
}

const SPEC_NAME_KIND: Record<SpecName['kind'], string> = {
  capability: 'a capability',
  login_type: 'a login type',
  well_known_key: 'a .well-known key',
  push_rule: 'a push rule',
  room_version: 'a room version',
};

export function explainSpecName(name: SpecName): string {
  // The names' history starts at v1.1 (the first v1.x tag): a name found there may be older.
  const since = name.since ? `in the spec since ${name.since}${name.since === 'v1.1' ? ' or earlier' : ''}` : 'in the spec (in no release yet)';
  const removed = name.removed_after ? `, removed after ${name.removed_after}` : '';
  return `${name.name}: ${SPEC_NAME_KIND[name.kind] ?? name.kind} the spec defines, ${since}${removed}; a stable spec name, not an MSC's unstable identifier\n`;
}
