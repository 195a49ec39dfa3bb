/**
 * Spec version ids: the r0.x.y era (client-server API versions before v1.1) and v1.N.
 * Every r0 version sorts before every v1 version.
 */
const VERSION = /^(?:r0\.(\d+)\.(\d+)|v1\.(\d+))$/;

export function isSpecVersionId(value: string): boolean {
  return key(value) !== undefined;
}

// Rules and the probe plan compare the same few version ids many times per audit (a fleet does
// it for every server), so keys are remembered. Bounded: the strings may come from a server.
const KEYS = new Map<string, readonly [number, number, number] | undefined>();
const MAX_KEYS = 512;

/** A sortable tuple: [era, minor, patch]. */
function key(version: string): readonly [number, number, number] | undefined {
  const known = KEYS.get(version);
  if (known !== undefined || KEYS.has(version)) return known;
  const match = VERSION.exec(version);
  const computed: readonly [number, number, number] | undefined = !match
    ? undefined
    : match[3] !== undefined
      ? [1, Number(match[3]), 0]
      : [0, Number(match[1]), Number(match[2])];
  if (KEYS.size < MAX_KEYS) KEYS.set(version, computed);
  return computed;
}

/**
 * Release order: r0.x.y before v1.N, v1.2 before v1.10. A total order, so that sorting a list
 * that mixes spec versions with other strings (a server's "versions") is stable: strings that
 * are not spec version ids come after every spec version, in plain string order.
 */
export function compareSpecVersions(a: string, b: string): number {
  const ka = key(a);
  const kb = key(b);
  if (ka && kb) return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  if (ka) return -1;
  if (kb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `advertised` is the same version as `required` or a later one. */
export function versionIncludes(advertised: string, required: string): boolean {
  return isSpecVersionId(advertised) && isSpecVersionId(required) && compareSpecVersions(advertised, required) >= 0;
}
