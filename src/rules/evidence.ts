import type { ProbeRecord } from '../snapshot/types.js';
import type { Evidence } from './types.js';

/** Quote a string for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that repeats a probe. The token is never written: it is read from the environment. */
export function curlFor(probe: ProbeRecord): string {
  const parts = ['curl', '-sS', '-i'];
  const method = probe.requestMethod ?? probe.method;
  if (method !== 'GET') parts.push('-X', method, '-H', shellQuote('Content-Length: 0'));
  if (probe.authenticated) parts.push('-H', '"Authorization: Bearer $MATRIX_ACCESS_TOKEN"');
  parts.push(shellQuote(probe.url));
  return parts.join(' ');
}

export function probeEvidence(probe: ProbeRecord): Evidence {
  return { probe: probe.id, detail: `${probe.method} ${new URL(probe.url).pathname} → ${probe.why}` };
}

export function versionsEvidence(probe: ProbeRecord | undefined, detail: string): Evidence {
  return { ...(probe ? { probe: probe.id } : {}), document: 'GET /_matrix/client/versions', detail };
}
