import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Catalogue } from './index.js';
import { compareSpecVersions } from './spec-versions.js';
import { endpointKey } from './lint.js';

/**
 * Compare the catalogue with local clones of matrix-org/matrix-spec and
 * matrix-org/matrix-spec-proposals: the changelogs say which version each MSC landed in,
 * the OpenAPI files say which version added each endpoint, and proposals/ holds the merged MSCs.
 */
export interface VerifyIssue {
  kind: 'released-mismatch' | 'missing-entry' | 'endpoint-version-mismatch' | 'status-mismatch';
  msc?: number;
  message: string;
}

// Only "MSCnnnn" in the text: links to matrix-spec-proposals or matrix-doc are not enough, since
// those repositories also held spec pull requests and spec bug reports (e.g. #3658 in v1.3).
const MSC_MENTION = /MSC ?(\d{3,5})/gi;

function mentionedMscs(text: string): Set<number> {
  const found = new Set<number>();
  for (const match of text.matchAll(MSC_MENTION)) {
    const number = Number(match[1]);
    if (Number.isFinite(number)) found.add(number);
  }
  return found;
}

/** The first v1.x changelog that names each MSC. */
export function changelogReleases(specDir: string): Map<number, string> {
  const directory = path.join(specDir, 'content', 'changelog');
  if (!existsSync(directory)) throw new Error(`${directory} does not exist: give the root of a matrix-org/matrix-spec clone`);
  const versions = readdirSync(directory)
    .map((name) => /^(v1\.\d+)\.md$/.exec(name)?.[1])
    .filter((version): version is string => version !== undefined)
    .sort(compareSpecVersions);
  const first = new Map<number, string>();
  for (const version of versions) {
    for (const msc of mentionedMscs(readFileSync(path.join(directory, `${version}.md`), 'utf8'))) if (!first.has(msc)) first.set(msc, version);
  }
  return first;
}

function legacyMentions(specDir: string): Set<number> {
  const directory = path.join(specDir, 'changelogs', 'legacy');
  const found = new Set<number>();
  if (!existsSync(directory)) return found;
  for (const name of readdirSync(directory)) for (const msc of mentionedMscs(readFileSync(path.join(directory, name), 'utf8'))) found.add(msc);
  return found;
}

/** Endpoints of the spec's OpenAPI files with the version that added them (method + full path → v1.N). */
export function openApiAdditions(specDir: string): Map<string, string> {
  const additions = new Map<string, string>();
  for (const api of ['client-server', 'server-server', 'application-service']) {
    const directory = path.join(specDir, 'data', 'api', api);
    if (!existsSync(directory)) continue;
    for (const name of readdirSync(directory).filter((file) => file.endsWith('.yaml'))) {
      let document: { servers?: Array<{ variables?: { basePath?: { default?: string } } }>; paths?: Record<string, Record<string, { 'x-addedInMatrixVersion'?: string }>> };
      try {
        document = parse(readFileSync(path.join(directory, name), 'utf8')) as typeof document;
      } catch {
        continue;
      }
      const basePath = document?.servers?.[0]?.variables?.basePath?.default ?? '';
      for (const [route, operations] of Object.entries(document?.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations ?? {})) {
          const added = operation?.['x-addedInMatrixVersion'];
          if (typeof added !== 'string') continue;
          additions.set(endpointKey({ method: method.toUpperCase(), path: `${basePath}${route}` }), `v${added}`);
        }
      }
    }
  }
  return additions;
}

export function mergedProposals(proposalsDir: string): Set<number> {
  const directory = path.join(proposalsDir, 'proposals');
  if (!existsSync(directory)) throw new Error(`${directory} does not exist: give the root of a matrix-org/matrix-spec-proposals clone`);
  return new Set(readdirSync(directory).map((name) => /^(\d+)-/.exec(name)?.[1]).filter((n): n is string => n !== undefined).map(Number));
}

export function verifyCatalogue(catalogue: Catalogue, dirs: { specDir?: string; proposalsDir?: string }): VerifyIssue[] {
  const issues: VerifyIssue[] = [];
  if (dirs.specDir) {
    const releases = changelogReleases(dirs.specDir);
    const legacy = legacyMentions(dirs.specDir);
    for (const [msc, version] of [...releases].sort((a, b) => a[0] - b[0])) {
      const entry = catalogue.msc(msc);
      if (!entry) {
        issues.push({ kind: 'missing-entry', msc, message: `MSC${msc} is named in the ${version} changelog but has no catalogue entry` });
        continue;
      }
      if (!entry.released_in) issues.push({ kind: 'released-mismatch', msc, message: `MSC${msc} is named in the ${version} changelog but its entry has no released_in (status ${entry.status})` });
      else if (entry.released_in.startsWith('v1.') && entry.released_in !== version) {
        issues.push({ kind: 'released-mismatch', msc, message: `MSC${msc} has released_in ${entry.released_in}, but the first changelog naming it is ${version}` });
      }
    }
    for (const msc of [...legacy].sort((a, b) => a - b)) {
      if (!catalogue.msc(msc) && !releases.has(msc)) issues.push({ kind: 'missing-entry', msc, message: `MSC${msc} is named in a legacy (r0.x) changelog but has no catalogue entry` });
    }
    const additions = openApiAdditions(dirs.specDir);
    for (const entry of catalogue.allEntries()) {
      for (const endpoint of entry.stable.endpoints) {
        const added = additions.get(endpointKey(endpoint));
        if (added && entry.released_in?.startsWith('v1.') && added !== entry.released_in) {
          issues.push({ kind: 'endpoint-version-mismatch', msc: entry.msc, message: `${endpoint.method} ${endpoint.path} has x-addedInMatrixVersion ${added}, but MSC${entry.msc} has released_in ${entry.released_in}` });
        }
      }
    }
  }
  if (dirs.proposalsDir) {
    const merged = mergedProposals(dirs.proposalsDir);
    for (const entry of catalogue.allEntries()) {
      if (merged.has(entry.msc) && ['open', 'fcp', 'closed'].includes(entry.status)) {
        issues.push({ kind: 'status-mismatch', msc: entry.msc, message: `MSC${entry.msc} is merged in proposals/ (FCP completed) but its status is ${entry.status}` });
      }
    }
  }
  return issues;
}
