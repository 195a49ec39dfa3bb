import type { Catalogue } from '../catalogue/index.js';
import { describeShadow, shadowingSpecEndpoint } from '../catalogue/shadowing.js';
import type { ProbeRecord, Snapshot } from '../snapshot/types.js';

/** The path a probe asked for, relative to the snapshot's base URL (placeholders filled in). */
function requestedPath(probe: ProbeRecord, snapshot: Snapshot): string {
  const basePath = new URL(snapshot.target.baseUrl).pathname.replace(/\/+$/, '');
  const path = new URL(probe.url).pathname;
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : path;
}

const judged = new WeakMap<Snapshot, { catalogue: Catalogue; result: Snapshot }>();

/**
 * Rules judge shadowed probes as ambiguous, whatever the snapshot says. A snapshot written before
 * msc-audit knew about shadowing (or a snapshot built by hand) may call "present" an answer that
 * a templated spec endpoint gave: `GET /_matrix/federation/v1/query/{queryType}` answers 401 to
 * any query type. Such probes are re-read here with the catalogue's spec endpoints; probes already
 * judged with the shadow in mind (they name it in `shadowedBy`) are kept as they are.
 */
export function withAmbiguousProbes(snapshot: Snapshot, catalogue: Catalogue): Snapshot {
  const cached = judged.get(snapshot);
  if (cached?.catalogue === catalogue) return cached.result;
  let changed = false;
  const probes = snapshot.probes.map((probe) => {
    if (probe.purpose !== 'endpoint' || probe.classification !== 'present' || probe.shadowedBy !== undefined) return probe;
    const shadow = shadowingSpecEndpoint(catalogue, probe.requestMethod ?? probe.method, probe.template ?? requestedPath(probe, snapshot));
    if (!shadow) return probe;
    changed = true;
    const reread: ProbeRecord = {
      ...probe,
      classification: 'ambiguous',
      shadowedBy: describeShadow(shadow),
      why: `${probe.why}; but the spec's ${describeShadow(shadow)} also matches this path, and no probe told them apart`,
    };
    return reread;
  });
  const result = changed ? { ...snapshot, probes } : snapshot;
  judged.set(snapshot, { catalogue, result });
  return result;
}
