import { createHash } from 'node:crypto';
import type { Catalogue } from '../catalogue/index.js';
import type { PolicyId } from '../rules/policy.js';
import type { Severity } from '../rules/types.js';
import { toolVersion } from '../util/version.js';
import type { Shard } from './shard.js';

/** What a fleet run was judged with: runs (and shards) with different metadata do not mix. */
export interface RunMetadata {
  tool: { name: string; version: string };
  /** `digest` changes with any catalogue content, including a --catalogue overlay. */
  catalogue: { entries: number; checkedAgainstSpec?: string; digest: string };
  policy: PolicyId;
  asOf: string;
  failOn: Severity | 'none';
  list: { checksum: string; servers: number };
}

const digests = new WeakMap<Catalogue, string>();

export function catalogueDigest(catalogue: Catalogue): string {
  let digest = digests.get(catalogue);
  if (digest === undefined) {
    digest = `sha256:${createHash('sha256').update(JSON.stringify(catalogue.data)).digest('hex')}`;
    digests.set(catalogue, digest);
  }
  return digest;
}

export function runMetadata(input: { catalogue: Catalogue; policy: PolicyId; asOf: string; failOn: Severity | 'none'; listChecksum: string; listSize: number }): RunMetadata {
  const { catalogue } = input;
  return {
    tool: { name: 'msc-audit', version: toolVersion() },
    catalogue: { entries: catalogue.mscs.size, ...(catalogue.checkedAgainstSpec ? { checkedAgainstSpec: catalogue.checkedAgainstSpec } : {}), digest: catalogueDigest(catalogue) },
    policy: input.policy,
    asOf: input.asOf,
    failOn: input.failOn,
    list: { checksum: input.listChecksum, servers: input.listSize },
  };
}

/** Differences that make two runs' results incomparable: catalogue, policy, as-of date. */
export function judgementDifferences(a: RunMetadata, b: RunMetadata): string[] {
  const differences: string[] = [];
  if (a.catalogue.digest !== b.catalogue.digest) differences.push(`catalogue (${a.catalogue.entries} entries ${a.catalogue.digest.slice(7, 19)} vs ${b.catalogue.entries} entries ${b.catalogue.digest.slice(7, 19)})`);
  if (a.policy !== b.policy) differences.push(`policy (${a.policy} vs ${b.policy})`);
  if (a.asOf !== b.asOf) differences.push(`as-of date (${a.asOf} vs ${b.asOf})`);
  return differences;
}

export function sameShard(a: Shard | undefined, b: Shard | undefined): boolean {
  return a?.index === b?.index && a?.count === b?.count;
}
