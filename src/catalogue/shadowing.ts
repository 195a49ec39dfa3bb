import type { Catalogue } from './index.js';
import type { SpecEndpoint } from './types.js';

/**
 * A spec endpoint that also answers a catalogue endpoint's path: its template has a placeholder
 * where the MSC's path has a literal, e.g. the spec's `GET /_matrix/federation/v1/query/{queryType}`
 * answers `/query/presence_recipients` (MSC4495) with 401 before it looks at the query type. An
 * answer to such a path proves nothing about the MSC (shared/process.md, "Reading a probe").
 */
export interface Shadow {
  endpoint: SpecEndpoint;
  /** Indexes of the path segments where the spec has a placeholder and the MSC a literal. */
  literalSegments: number[];
}

const isPlaceholder = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');
const segmentsOf = (path: string): string[] => path.replace(/\/+$/, '').split('/');

/** How the spec's template `spec` covers `template` (same method assumed), or undefined when it does not. */
export function shadowBetween(spec: SpecEndpoint, template: string): Shadow | undefined {
  const specSegments = segmentsOf(spec.path);
  const own = segmentsOf(template);
  if (specSegments.length !== own.length) return undefined;
  const literalSegments: number[] = [];
  for (const [index, segment] of specSegments.entries()) {
    const mine = own[index]!;
    if (isPlaceholder(segment)) {
      if (!isPlaceholder(mine)) literalSegments.push(index);
    } else if (segment !== mine) {
      // A spec literal against anything else (another literal, or an MSC placeholder filled with
      // a probe value) never routes the probe's request to the spec endpoint.
      return undefined;
    }
  }
  return literalSegments.length > 0 ? { endpoint: spec, literalSegments } : undefined;
}

const cache = new WeakMap<Catalogue, Map<string, Shadow | null>>();

/**
 * The spec endpoint (same method) that also matches a catalogue endpoint's path template, computed
 * from the spec endpoint inventory. The most specific one wins (fewest literals under placeholders).
 */
export function shadowingSpecEndpoint(catalogue: Catalogue, method: string, template: string): Shadow | undefined {
  let known = cache.get(catalogue);
  if (!known) {
    known = new Map();
    cache.set(catalogue, known);
  }
  const key = `${method} ${template}`;
  if (!known.has(key)) {
    const shadows = catalogue
      .specEndpoints()
      .filter((endpoint) => endpoint.method === method)
      .map((endpoint) => shadowBetween(endpoint, template))
      .filter((shadow): shadow is Shadow => shadow !== undefined)
      .sort((a, b) => a.literalSegments.length - b.literalSegments.length);
    known.set(key, shadows[0] ?? null);
  }
  return known.get(key) ?? undefined;
}

export function describeShadow(shadow: Shadow): string {
  return `${shadow.endpoint.method} ${shadow.endpoint.path}`;
}
