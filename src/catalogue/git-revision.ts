import { execFileSync } from 'node:child_process';

/**
 * Read-only access to the files of one revision of a local git repository (bare mirrors
 * included: nothing needs a work tree). Used by `catalogue import-spec`, a developer tool.
 */
export interface GitRevision {
  /** The tag or commit name given. */
  readonly rev: string;
  /** The commit it points at. */
  readonly commit: string;
  /** Every file path of the revision. */
  readonly files: readonly string[];
  /** Several files at once (one `git cat-file --batch`); missing files are absent from the map. */
  readMany(paths: readonly string[]): Map<string, string>;
}

function git(repo: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', ['-C', repo, ...args], { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  } catch (error) {
    // git's own first line says what is wrong ("not a git repository", "unknown revision").
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new Error(`git ${args[0]} in ${repo} failed: ${stderr || (error instanceof Error ? error.message.split('\n')[0] : String(error))}`);
  }
}

export function listTags(repo: string): string[] {
  return git(repo, ['tag', '--list']).toString('utf8').split('\n').filter(Boolean);
}

/** Throws when `repo` is not a git repository or `rev` does not name a commit. */
export function openRevision(repo: string, rev: string): GitRevision {
  const commit = git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).toString('utf8').trim();
  const files = git(repo, ['ls-tree', '-r', '--name-only', '-z', commit]).toString('utf8').split('\0').filter(Boolean);
  return {
    rev,
    commit,
    files,
    readMany(paths) {
      const found = new Map<string, string>();
      if (paths.length === 0) return found;
      const out = git(repo, ['cat-file', '--batch'], paths.map((file) => `${commit}:${file}\n`).join(''));
      // Each answer: "<sha> <type> <size>\n<content>\n", or "<name> missing\n".
      let offset = 0;
      for (const file of paths) {
        const end = out.indexOf(0x0a, offset);
        const header = out.subarray(offset, end).toString('utf8');
        offset = end + 1;
        const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!match) continue;
        const size = Number(match[2]);
        if (match[1] === 'blob') found.set(file, out.subarray(offset, offset + size).toString('utf8'));
        offset += size + 1;
      }
      return found;
    },
  };
}
