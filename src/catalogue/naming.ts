/**
 * Vendor prefixes follow Java package naming (reverse DNS): `org.matrix`, `uk.half-shot`,
 * `io.github.someone`. The `m.` namespace is reserved for the spec. See shared/process.md,
 * "What must be vendor-prefixed".
 */

const TOP_LABEL = /^[a-z]{2,63}$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9_])?$/i;
const NAME_PART = /^[A-Za-z0-9_-]+$/;

/** A namespace such as `org.matrix` or `org.matrix.msc3575` (an unstable endpoint's first segment). */
export function isVendorNamespace(segment: string): boolean {
  const labels = segment.split('.');
  if (labels.length < 2) return false;
  const [top, second] = labels;
  if (top === undefined || second === undefined) return false;
  if (top.toLowerCase() === 'm' || !TOP_LABEL.test(top)) return false;
  return labels.slice(1).every((label) => LABEL.test(label) || NAME_PART.test(label));
}

/**
 * A vendor-prefixed identifier: a namespace of at least two labels followed by a name,
 * e.g. `org.matrix.msc3440` or `io.element.e2ee_forced.public`.
 */
export function isVendorPrefixedName(name: string): boolean {
  const labels = name.split('.');
  return labels.length >= 3 && labels.every((label) => label.length > 0) && isVendorNamespace(name);
}

/** Identifiers in the reserved `m.` namespace. */
export function isSpecNamespace(name: string): boolean {
  return name.startsWith('m.') || name.startsWith('.m.');
}

/** The MSC number a name carries (`org.matrix.msc3440.stable` → 3440), if any. */
export function mscNumberInName(name: string): number | undefined {
  const match = /msc[-_]?(\d{3,5})/i.exec(name);
  return match ? Number(match[1]) : undefined;
}
