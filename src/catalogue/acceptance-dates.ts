import { execFileSync } from 'node:child_process';

/**
 * Acceptance dates from the git history of matrix-org/matrix-spec-proposals: a proposal is merged
 * into `proposals/` of the default branch once its FCP has completed with disposition merge, so the
 * commit on that branch's first-parent line that added the proposal's file dates the acceptance
 * (docs/catalogue-format.md, "Lifecycle dates"). Used by `msc-audit catalogue date-acceptance`.
 */

/** A first-parent commit that added proposal files. */
export interface ProposalCommit {
  commit: string;
  /** Committer date, YYYY-MM-DD in UTC. */
  date: string;
  subject: string;
  /** The proposals/*.md files it added. */
  files: string[];
}

export interface ProposalMerge extends ProposalCommit {
  msc: number;
  /** The added file cited as the source (the one named after the MSC where there is one). */
  file: string;
}

// git writes %x00 as a NUL byte: a separator no subject line can contain.
const SEPARATOR = '\u0000';

/** Every first-parent commit on `branch` that added a proposals/*.md file, oldest first (one `git log`). */
export function readProposalCommits(gitDir: string, branch = 'main'): ProposalCommit[] {
  const output = execFileSync(
    'git',
    ['-C', gitDir, 'log', '--first-parent', '--no-renames', '--diff-filter=A', '--name-only', '--date=format-local:%Y-%m-%d', '--format=%x00%H %cd %s', branch, '--', 'proposals/'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const commits: ProposalCommit[] = [];
  for (const block of output.split(SEPARATOR).slice(1)) {
    const [head = '', ...lines] = block.split('\n');
    const match = /^([0-9a-f]{40}) (\d{4}-\d{2}-\d{2}) (.*)$/.exec(head);
    if (!match) continue;
    const files = lines.filter((line) => line.startsWith('proposals/') && line.endsWith('.md'));
    if (files.length > 0) commits.push({ commit: match[1]!, date: match[2]!, subject: match[3]!, files });
  }
  return commits.reverse();
}

/**
 * The merge of MSC `msc`: the oldest of those commits whose subject names the MSC's own pull
 * request ("#1234", "MSC1234"). A commit that only carried the file along with something else
 * (a spec pull request, a bulk import) dates nothing and is not used.
 */
export function proposalMerge(commits: readonly ProposalCommit[], msc: number): ProposalMerge | undefined {
  const names = new RegExp(`(#${msc}\\b|\\bmsc ?${msc}\\b)`, 'i');
  const found = commits.find((commit) => names.test(commit.subject));
  if (!found) return undefined;
  const own = found.files.find((file) => new RegExp(`^proposals/(msc)?${msc}[-_]`, 'i').test(file));
  return { ...found, msc, file: own ?? found.files[0]! };
}

/** The `source` of a dated acceptance, in the catalogue's source form. */
export function mergeSource(merge: ProposalMerge): string {
  return `matrix-org/matrix-spec-proposals ${merge.file} @ ${merge.commit}`;
}
