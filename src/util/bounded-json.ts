/**
 * Limits on the shape of JSON a server sends. V8's JSON.parse is iterative and copes with any
 * depth, but everything after it (JSON.stringify when a snapshot is written, rules walking a
 * document, ajv, diff, renderers) recurses: 100,000 nested `[` would overflow the stack there.
 * So a parsed body is measured without recursion and, when it is too deep or too wide, cut to
 * these limits with a note saying what was dropped. Everything downstream then only ever sees
 * documents within the limits.
 */
export const JSON_LIMITS = {
  /** Containers nested deeper than this are replaced by null. Matrix documents nest < 10 levels. */
  maxDepth: 64,
  /** Array items and object keys kept in one document (breadth first); the rest are dropped. */
  maxEntries: 10_000,
  /**
   * Items or keys kept in any one array or object. Real documents list tens of flags, capabilities
   * or rules; each kept name may become a finding, so this also bounds the size of a report.
   */
  maxPerContainer: 1_000,
} as const;

export type JsonLimits = { [K in keyof typeof JSON_LIMITS]: number };

export interface BoundedJson {
  value: unknown;
  /** Set when the value was cut: what was dropped and why. */
  cut?: string;
}

interface Shape {
  depth: number;
  entries: number;
  /** The most items or keys in one container. */
  widest: number;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/** Depth (1 for a flat container, 0 for a scalar) and total entries, without recursion. */
export function jsonShape(root: unknown, stopAfterEntries = Infinity): Shape {
  let depth = 0;
  let entries = 0;
  let widest = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, level] = stack.pop()!;
    if (!isContainer(value)) continue;
    depth = Math.max(depth, level);
    const children = Array.isArray(value) ? value : Object.values(value);
    entries += children.length;
    widest = Math.max(widest, children.length);
    if (entries > stopAfterEntries) break;
    for (const child of children) if (isContainer(child)) stack.push([child, level + 1]);
  }
  return { depth, entries, widest };
}

/** Define rather than assign, so a key like `__proto__` stays an own property, as JSON.parse makes it. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value unchanged when it is within the limits, else a copy cut to them (breadth-first, no recursion). */
export function boundJson(root: unknown, limits: JsonLimits = JSON_LIMITS): BoundedJson {
  const shape = jsonShape(root, limits.maxEntries);
  if (shape.depth <= limits.maxDepth && shape.entries <= limits.maxEntries && shape.widest <= limits.maxPerContainer) return { value: root };
  if (!isContainer(root)) return { value: root };
  let entries = 0;
  let tooDeep = false;
  let tooWide = false;
  let tooMany = false;
  const copyShell = (value: object): unknown[] | Record<string, unknown> => (Array.isArray(value) ? [] : {});
  const rootCopy = copyShell(root);
  const queue: Array<{ source: object; target: unknown[] | Record<string, unknown>; level: number }> = [{ source: root, target: rootCopy, level: 1 }];
  for (let index = 0; index < queue.length; index += 1) {
    const { source, target, level } = queue[index]!;
    const pairs: Array<[string, unknown]> = Array.isArray(source) ? source.map((item, i) => [String(i), item]) : Object.entries(source);
    if (pairs.length > limits.maxPerContainer) {
      tooMany = true;
      pairs.length = limits.maxPerContainer;
    }
    for (const [key, child] of pairs) {
      if (entries >= limits.maxEntries) {
        tooWide = true;
        break;
      }
      entries += 1;
      let copy: unknown = child;
      if (isContainer(child)) {
        if (level >= limits.maxDepth) {
          tooDeep = true;
          copy = null;
        } else {
          copy = copyShell(child);
          queue.push({ source: child, target: copy as unknown[] | Record<string, unknown>, level: level + 1 });
        }
      }
      if (Array.isArray(target)) target.push(copy);
      else put(target, key, copy);
    }
  }
  const notes = [
    ...(tooDeep ? [`nested deeper than ${limits.maxDepth} levels: deeper values replaced by null`] : []),
    ...(tooMany ? [`more than ${limits.maxPerContainer} keys or items in one object or array: the first ${limits.maxPerContainer} kept`] : []),
    ...(tooWide ? [`more than ${limits.maxEntries} keys and items in all: the rest dropped`] : []),
  ];
  return { value: rootCopy, cut: `document cut: ${notes.join('; ')}` };
}
