/**
 * Lookups keyed by strings a server chose. A plain `obj[key]` or `key in obj` also sees
 * Object.prototype, so a server could name `toString`, `constructor` or `__proto__` and be
 * "found" where nothing is. These helpers see own properties only.
 */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The own property `key` of `value` when `value` is a JSON object, else undefined. */
export function ownValue(value: unknown, key: string): unknown {
  return isPlainRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** Whether `value` is a JSON object with an own property `key`. */
export function hasOwnKey(value: unknown, key: string): boolean {
  return isPlainRecord(value) && Object.hasOwn(value, key);
}
