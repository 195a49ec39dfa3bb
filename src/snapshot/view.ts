import type { ProbeRecord, Snapshot } from './types.js';
import { ownValue } from '../util/own.js';

/** The /versions document as the rules need it, with every way it can be wrong named. */
export interface VersionsDocument {
  state: 'ok' | 'missing' | 'not-json' | 'invalid-shape' | 'inconclusive';
  probe?: ProbeRecord;
  /** Valid version strings (empty when the document is unusable). */
  versions: string[];
  /** Flags whose values are booleans. */
  unstableFeatures: Array<{ name: string; enabled: boolean }>;
  problems: string[];
}

export function probeById(snapshot: Snapshot, id: string | undefined): ProbeRecord | undefined {
  return id === undefined ? undefined : snapshot.probes.find((probe) => probe.id === id);
}

export function readVersionsDocument(snapshot: Snapshot, name: 'versions' | 'versions-authenticated' = 'versions'): VersionsDocument {
  const probe = probeById(snapshot, snapshot.documents[name]);
  const empty = { versions: [], unstableFeatures: [] };
  if (!probe || probe.classification === 'inconclusive' && probe.status !== 200) {
    return { state: 'inconclusive', probe, ...empty, problems: [probe ? probe.why : 'no /versions probe in the snapshot'] };
  }
  if (probe.status !== 200) {
    return { state: 'missing', probe, ...empty, problems: [`GET /_matrix/client/versions answered ${probe.status ?? '-'}${probe.errcode ? ` ${probe.errcode}` : ''}`] };
  }
  const body = probe.json;
  if (body === undefined) {
    return { state: 'not-json', probe, ...empty, problems: [`the body is not JSON (${probe.jsonError ?? probe.contentType ?? probe.bodyKind ?? 'unknown content'})`] };
  }
  const problems: string[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { state: 'invalid-shape', probe, ...empty, problems: ['the body is not a JSON object'] };
  }
  const document = body as Record<string, unknown>;
  const versions: string[] = [];
  const listed = ownValue(document, 'versions');
  if (!Array.isArray(listed)) {
    problems.push('"versions" is missing or not an array');
  } else {
    listed.forEach((value, index) => {
      if (typeof value === 'string') versions.push(value);
      else problems.push(`versions[${index}] is not a string`);
    });
  }
  const unstableFeatures: VersionsDocument['unstableFeatures'] = [];
  const features = ownValue(document, 'unstable_features');
  if (features !== undefined) {
    if (features === null || typeof features !== 'object' || Array.isArray(features)) {
      problems.push('"unstable_features" is not an object');
    } else {
      for (const [name, value] of Object.entries(features as Record<string, unknown>)) {
        if (typeof value === 'boolean') unstableFeatures.push({ name, enabled: value });
        else problems.push(`unstable_features["${name}"] is not a boolean`);
      }
    }
  }
  return { state: problems.length > 0 ? 'invalid-shape' : 'ok', probe, versions, unstableFeatures, problems };
}

/** Server software named by GET /_matrix/federation/v1/version, when readable. */
export function serverSoftware(snapshot: Snapshot): { name?: string; version?: string } | undefined {
  const probe = probeById(snapshot, snapshot.documents['federation-version']);
  const server = ownValue(probe?.json, 'server');
  const rawName = ownValue(server, 'name');
  const rawVersion = ownValue(server, 'version');
  const name = typeof rawName === 'string' ? rawName : undefined;
  const version = typeof rawVersion === 'string' ? rawVersion : undefined;
  return name || version ? { ...(name ? { name } : {}), ...(version ? { version } : {}) } : undefined;
}
