import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compareSpecVersions } from './spec-versions.js';
import type { SpecName, SpecNameKind } from './types.js';

/**
 * Names the spec reserves in places where every other name must be vendor-prefixed:
 * capabilities, login types, well-known keys, push rule ids and room versions. Read from a
 * matrix-org/matrix-spec checkout; with its git history, from every v1.x release tag, so
 * names the spec later removed (e.g. .m.rule.contains_display_name) are still recognised.
 */
type ReadText = (file: string) => string | undefined;
type ListDir = (dir: string) => string[];

function extract(read: ReadText, list: ListDir): Map<SpecNameKind, Set<string>> {
  const names = new Map<SpecNameKind, Set<string>>();
  const add = (kind: SpecNameKind, values: Iterable<string>): void => {
    const set = names.get(kind) ?? new Set<string>();
    for (const value of values) set.add(value);
    names.set(kind, set);
  };
  const all = (text: string | undefined, pattern: RegExp): string[] => [...(text ?? '').matchAll(pattern)].map((match) => match[1] ?? match[0]);
  add('capability', all(read('data/api/client-server/capabilities.yaml'), /^\s+(m\.[a-z0-9_.]+):\s*$/gm));
  const prose = [read('content/client-server-api/_index.md'), read('data/api/client-server/login.yaml'), ...list('content/client-server-api/modules').map((file) => read(`content/client-server-api/modules/${file}`))].join('\n');
  add('login_type', all(prose, /(m\.login\.[a-z_.]*[a-z])/g));
  const wellKnown = [read('data/api/client-server/wellknown.yaml'), ...list('data/api/client-server/definitions/wellknown').map((file) => read(`data/api/client-server/definitions/wellknown/${file}`))].join('\n');
  add('well_known_key', all(wellKnown, /^\s+"?(m\.[a-z_.]+)"?:\s*$/gm));
  add('push_rule', all(read('content/client-server-api/modules/push.md'), /(\.m\.rule\.[a-z_.]*[a-z])/g));
  add('room_version', list('content/rooms').map((file) => /^v(\d+)\.md$/.exec(file)?.[1]).filter((v): v is string => v !== undefined));
  return names;
}

function fromTree(root: string): { read: ReadText; list: ListDir } {
  return {
    read: (file) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined),
    list: (dir) => (existsSync(path.join(root, dir)) ? readdirSync(path.join(root, dir)) : []),
  };
}

function fromGitTag(root: string, tag: string): { read: ReadText; list: ListDir } {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    } catch {
      return undefined;
    }
  };
  return {
    read: (file) => git('show', `${tag}:${file}`),
    list: (dir) => (git('ls-tree', '--name-only', `${tag}:${dir}`) ?? '').split('\n').filter(Boolean),
  };
}

/** Spec names with the first release tag that has each (and the last, when a later one dropped it). */
export function readSpecNames(specDir: string): SpecName[] {
  const tags = (() => {
    try {
      return execFileSync('git', ['-C', specDir, 'tag', '--list', 'v1.*'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')
        .filter((tag) => /^v1\.\d+$/.test(tag))
        .sort(compareSpecVersions);
    } catch {
      return [];
    }
  })();
  const seen = new Map<string, SpecName>();
  const snapshots: Array<{ version?: string; names: Map<SpecNameKind, Set<string>> }> = tags.map((tag) => ({ version: tag, names: extract(fromGitTag(specDir, tag).read, fromGitTag(specDir, tag).list) }));
  // A clone with a work tree is read as checked out; a bare mirror at its HEAD commit.
  const head = existsSync(path.join(specDir, 'data')) ? fromTree(specDir) : fromGitTag(specDir, 'HEAD');
  snapshots.push({ names: extract(head.read, head.list) });
  snapshots.forEach((snapshot, index) => {
    for (const [kind, values] of snapshot.names) {
      for (const name of values) {
        const key = `${kind} ${name}`;
        if (!seen.has(key)) seen.set(key, { kind, name, ...(snapshot.version ? { since: snapshot.version } : {}) });
      }
    }
    // A name present at a tag but gone from every later snapshot was removed.
    if (index > 0) {
      const previous = snapshots[index - 1]!;
      for (const [kind, values] of previous.names) {
        for (const name of values) {
          const entry = seen.get(`${kind} ${name}`);
          if (entry && !entry.removed_after && !snapshot.names.get(kind)?.has(name)) entry.removed_after = previous.version ?? 'HEAD';
        }
      }
    }
  });
  return [...seen.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}
