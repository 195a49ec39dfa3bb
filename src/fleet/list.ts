import { createHash } from 'node:crypto';
import { parseTarget } from '../discovery/target.js';
import { InputError } from '../util/errors.js';

/** One server of a fleet list. */
export interface FleetServer {
  /** As written in the list (trimmed): what is audited. */
  input: string;
  /** The normalised form: sharding, de-duplication and file names are derived from it. */
  id: string;
  /** A file-system-safe, unique file stem for its snapshot and report. */
  key: string;
  /** Where it was listed, for messages: "servers.txt:12" or "config target 3". */
  origin: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The normalised form of a server: a server name in lower case, a URL as origin plus path
 * without trailing slash. `https://HS.example/` and `https://hs.example` are one server.
 */
export function normaliseServer(input: string, insecure: boolean): string {
  const target = parseTarget(input, insecure);
  if (target.kind === 'server-name') return target.name;
  return `${target.url.origin}${target.url.pathname}`.replace(/\/+$/, '');
}

function fileKey(id: string): string {
  const readable = id.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^[._-]+/, '').slice(0, 60);
  return `${readable || 'server'}-${sha256(id).slice(0, 10)}`;
}

export function fleetServer(input: string, insecure: boolean, origin: string): FleetServer {
  let id: string;
  try {
    id = normaliseServer(input, insecure);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${origin}: ${error.message}`);
    throw error;
  }
  return { input: input.trim(), id, key: fileKey(id), origin };
}

/**
 * A server list: one URL or server name a line; `#` starts a comment; blank lines are skipped.
 * Every line is checked before anything runs (exit 2 on the first bad one); duplicates are
 * refused, since two entries of one server would race for the same files.
 */
export function parseServerList(text: string, file: string, insecure: boolean): FleetServer[] {
  const servers: FleetServer[] = [];
  const seen = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line.length === 0) return;
    const origin = `${file}:${index + 1}`;
    if (/\s/.test(line)) throw new InputError(`${origin}: one server a line, got "${line.slice(0, 80)}"`);
    const server = fleetServer(line, insecure, origin);
    const first = seen.get(server.id);
    if (first !== undefined) throw new InputError(`${origin}: ${server.input} is listed twice (first at ${first}): remove one`);
    seen.set(server.id, origin);
    servers.push(server);
  });
  return servers;
}

/** A checksum of the list that does not change when it is reordered or commented. */
export function listChecksum(servers: readonly FleetServer[]): string {
  return `sha256:${sha256(servers.map((server) => server.id).sort().join('\n'))}`;
}
