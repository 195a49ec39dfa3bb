import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { proposalMerge, readProposalCommits } from '../../src/catalogue/acceptance-dates.js';
import { specsPath } from '../../src/catalogue/paths.js';
import { cli } from '../helpers/cli.js';

/**
 * A miniature matrix-spec-proposals history, built as a git repository in the test: a proposal
 * merged with a merge commit, one squash-merged, one carried in by an unrelated pull request, and
 * one whose pull request was never merged.
 */
let repo: string;
const commits: Record<string, string> = {};

function git(args: string[], date?: string): string {
  const env = { ...process.env, TZ: 'UTC', ...(date ? { GIT_AUTHOR_DATE: `${date}T12:00:00Z`, GIT_COMMITTER_DATE: `${date}T12:00:00Z` } : {}) };
  return execFileSync('git', ['-C', repo, '-c', 'user.name=test', '-c', 'user.email=test@invalid', '-c', 'commit.gpgsign=false', ...args], { env, encoding: 'utf8' }).trim();
}

function commitFile(file: string, message: string, date: string): string {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), `# ${file}\n`);
  git(['add', '-A']);
  git(['commit', '-q', '-m', message], date);
  return git(['rev-parse', 'HEAD']);
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'msc-audit-proposals-git-'));
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  commitFile('README.md', 'start', '2020-01-01');
  // MSC1001: written on a branch in 2020, merged into main with a merge commit on 2021-03-04.
  git(['checkout', '-q', '-b', 'msc1001']);
  commitFile('proposals/1001-first.md', 'Proposal text', '2020-02-01');
  git(['checkout', '-q', 'main']);
  git(['merge', '-q', '--no-ff', '-m', 'Merge pull request #1001 from someone/msc1001', 'msc1001'], '2021-03-04');
  commits['1001'] = git(['rev-parse', 'HEAD']);
  // MSC1002: squash-merged on 2022-05-06.
  commits['1002'] = commitFile('proposals/1002-second.md', 'MSC1002: Second proposal (#1002)', '2022-05-06');
  // MSC1003's file came in with an unrelated pull request: that dates nothing.
  commitFile('proposals/1003-third.md', 'Merge pull request #999 from spec/bulk', '2022-07-01');
  // MSC1005: merged, but the catalogue still says open.
  commitFile('proposals/1005-fifth.md', 'MSC1005: Fifth (#1005)', '2023-01-02');
});

const entry = (msc: number, status: string, extra = '') => `msc: ${msc}\ntitle: Test ${msc}\nstatus: ${status}\n${extra}sources:\n- example/repo#${msc}\n`;

function specsTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'msc-audit-date-acceptance-'));
  mkdirSync(path.join(root, 'mscs'));
  copyFileSync(specsPath('spec-versions.yaml'), path.join(root, 'spec-versions.yaml'));
  writeFileSync(path.join(root, 'mscs', '1001.yaml'), entry(1001, 'released', 'released_in: v1.1\n'));
  writeFileSync(path.join(root, 'mscs', '1002.yaml'), entry(1002, 'accepted'));
  writeFileSync(path.join(root, 'mscs', '1003.yaml'), entry(1003, 'released', 'released_in: v1.4\n'));
  writeFileSync(path.join(root, 'mscs', '1004.yaml'), entry(1004, 'open'));
  writeFileSync(path.join(root, 'mscs', '1005.yaml'), entry(1005, 'open'));
  return root;
}

describe('acceptance dates from the proposals repository', () => {
  it('finds the first-parent commit that merged each proposal, and only one that names its pull request', () => {
    const history = readProposalCommits(repo);
    expect(proposalMerge(history, 1001)).toMatchObject({ date: '2021-03-04', commit: commits['1001'], file: 'proposals/1001-first.md' });
    expect(proposalMerge(history, 1002)).toMatchObject({ date: '2022-05-06', commit: commits['1002'] });
    expect(proposalMerge(history, 1003)).toBeUndefined();
    expect(proposalMerge(history, 1004)).toBeUndefined();
  });

  it('catalogue date-acceptance lists and writes the missing dates; lint accepts the result', async () => {
    const specs = specsTree();
    const listed = await cli(['catalogue', 'date-acceptance', '--proposals-git', repo, '--specs', specs]);
    expect(listed.stdout).toMatch(/^add: MSC1001 accepted 2021-03-04 \(matrix-org\/matrix-spec-proposals proposals\/1001-first\.md @ [0-9a-f]{40}\)$/m);
    expect(listed.stdout).toMatch(/^add: MSC1002 accepted 2022-05-06/m);
    expect(listed.stdout).toMatch(/^status: MSC1005 is open in the catalogue, but its proposal was merged on 2023-01-02/m);
    expect(listed.stdout).not.toMatch(/MSC1003|MSC1004/);
    expect(listed.code).toBe(1);
    expect(parse(readFileSync(path.join(specs, 'mscs', '1001.yaml'), 'utf8')).transitions).toBeUndefined();

    const written = await cli(['catalogue', 'date-acceptance', '--proposals-git', repo, '--specs', specs, '--write']);
    expect(written.stderr).toMatch(/wrote 2 acceptance date\(s\)/);
    expect(parse(readFileSync(path.join(specs, 'mscs', '1001.yaml'), 'utf8')).transitions).toEqual({
      accepted: { date: '2021-03-04', source: `matrix-org/matrix-spec-proposals proposals/1001-first.md @ ${commits['1001']}` },
    });
    // The open MSC is reported for a person to check, never rewritten.
    expect(parse(readFileSync(path.join(specs, 'mscs', '1005.yaml'), 'utf8')).transitions).toBeUndefined();
    expect((await cli(['catalogue', 'lint', '--specs', specs])).code).toBe(0);
    // A second run finds nothing left to add.
    expect((await cli(['catalogue', 'date-acceptance', '--proposals-git', repo, '--specs', specs])).stdout).not.toMatch(/^add:/m);
  });

  it('refuses a directory that is not a git repository with one line and exit 2', async () => {
    const result = await cli(['catalogue', 'date-acceptance', '--proposals-git', tmpdir(), '--specs', specsTree()]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/not a git repository/);
  });
});
