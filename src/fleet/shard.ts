import { createHash } from 'node:crypto';
import { InputError } from '../util/errors.js';
import type { FleetServer } from './list.js';

export interface Shard {
  /** 1-based, as written: --shard 3/8. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new InputError(`--shard takes i/n with 1 <= i <= n (e.g. 3/8), got "${value}"`);
  return { index, count };
}

/** Which shard (1-based) a server belongs to: a hash of its normalised form, so reordering the list moves nothing. */
export function shardOf(id: string, count: number): number {
  const hash = createHash('sha256').update(id).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

export function selectShard(servers: readonly FleetServer[], shard: Shard | undefined): FleetServer[] {
  return shard ? servers.filter((server) => shardOf(server.id, shard.count) === shard.index) : [...servers];
}
