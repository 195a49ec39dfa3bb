import type { LintIssue } from './read-sources.js';
import type { Locate } from './lint.js';
import type { CatalogueData, SpecEndpoint } from './types.js';

/**
 * Checks between the spec's endpoint history (specs/spec-endpoints.yaml) and the MSC entries:
 * - every spec endpoint has a first release, unless it is marked unreleased (only on the spec's
 *   main branch): without one it could never be required, and would silently check nothing;
 * - an MSC's stable endpoint that the spec has enters it in the MSC's released_in (a different
 *   release means one of the two is wrong, and lifecycle rules would judge by the wrong one).
 */
const identity = (method: string, path: string): string => `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`;

export function lintSpecHistory(data: CatalogueData, locate: Locate, endpointsFile: string): LintIssue[] {
  const issues: LintIssue[] = [];
  const bySignature = new Map<string, SpecEndpoint>();
  (data.specEndpoints ?? []).forEach((endpoint, index) => {
    bySignature.set(identity(endpoint.method, endpoint.path), endpoint);
    if (endpoint.legacy_path) bySignature.set(identity(endpoint.method, endpoint.legacy_path), endpoint);
    if (endpoint.added_in === undefined && !endpoint.unreleased) {
      issues.push({ file: endpointsFile, line: locate(endpointsFile, ['endpoints', index]), message: `${endpoint.method} ${endpoint.path} has no added_in: regenerate with catalogue import-spec, or mark it unreleased if it is in no release yet` });
    }
  });
  for (const entry of data.mscs) {
    if (entry.released_in === undefined) continue;
    entry.stable.endpoints.forEach((endpoint, index) => {
      const spec = bySignature.get(identity(endpoint.method, endpoint.path));
      // Server-server and application-service r0.x numbers are not client-server versions: only v1.x compares.
      if (!spec?.added_in || (spec.api !== 'client-server' && !spec.added_in.startsWith('v1.'))) return;
      if (spec.added_in !== entry.released_in) {
        const file = entry.origin?.file ?? '(catalogue)';
        issues.push({
          file,
          line: entry.origin ? locate(file, [...(entry.origin.pointer ?? []), 'stable', 'endpoints', index, 'path']) : 1,
          message: `MSC${entry.msc} is released_in ${entry.released_in}, but its stable endpoint ${spec.method} ${spec.path} enters the spec in ${spec.added_in}${spec.removed_after ? ` (removed after ${spec.removed_after})` : ''}: correct released_in, or the endpoint if it belongs to another MSC`,
        });
      }
    });
  }
  return issues;
}
