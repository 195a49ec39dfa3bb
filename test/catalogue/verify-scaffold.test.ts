import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCatalogue } from '../../src/catalogue/verify.js';
import { catalogue, entry } from '../helpers/build.js';
import { cli } from '../helpers/cli.js';

/** Small fixture trees shaped like matrix-org/matrix-spec and matrix-org/matrix-spec-proposals. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'msc-audit-tree-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const specTree = () =>
  tree({
    'content/changelog/v1.3.md': '---\ndate: 2022-06-15\n---\n- Add thing, as per [MSC3030](https://github.com/matrix-org/matrix-spec-proposals/pull/3030).\n',
    'content/changelog/v1.4.md': '---\ndate: 2022-09-29\n---\n- Threads list, as per [MSC3856](https://github.com/matrix-org/matrix-spec-proposals/pull/3856).\n- Clarify MSC3030.\n- New, per MSC3999.\n',
    'changelogs/legacy/client_server.rst': 'r0.6.0\n======\n- Add something (MSC2001).\n',
    'data/api/client-server/threads_list.yaml':
      'openapi: 3.1.0\npaths:\n  "/rooms/{roomId}/threads":\n    get:\n      x-addedInMatrixVersion: "1.4"\nservers:\n  - url: "{protocol}://{hostname}{basePath}"\n    variables:\n      basePath:\n        default: /_matrix/client/v1\n',
  });

describe('catalogue verify', () => {
  const cat = catalogue([
    entry({ msc: 3030, status: 'released', released_in: 'v1.3' }),
    entry({ msc: 3856, status: 'released', released_in: 'v1.3', stable: { endpoints: [{ method: 'GET', path: '/_matrix/client/v1/rooms/{room_id}/threads' }] } }),
    entry({ msc: 4000, status: 'open' }),
  ]);

  it('reports released_in disagreements, missing entries and endpoint versions', () => {
    const issues = verifyCatalogue(cat, { specDir: specTree() });
    expect(issues.map((i) => `${i.kind} ${i.msc}`).sort()).toEqual([
      'endpoint-version-mismatch 3856',
      'missing-entry 2001',
      'missing-entry 3999',
      'released-mismatch 3856',
    ]);
  });

  it('reports merged proposals whose status is still open', () => {
    const proposals = tree({ 'proposals/4000-thing.md': '# MSC4000: Thing\n' });
    expect(verifyCatalogue(cat, { proposalsDir: proposals }).map((i) => i.kind)).toEqual(['status-mismatch']);
  });

  it('runs from the CLI and exits 1 on disagreement, 2 on a wrong directory', async () => {
    const result = await cli(['catalogue', 'verify', '--spec', specTree()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/missing-entry: MSC3999 is named in the v1.4 changelog/);
    const wrong = await cli(['catalogue', 'verify', '--spec', tmpdir() + '/no-such-spec-dir']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/give the root of a matrix-org\/matrix-spec clone/);
  });
});

describe('catalogue scaffold', () => {
  const proposals = () =>
    tree({
      'proposals/4321-example.md': [
        '# MSC4321: An example feature',
        '',
        'Adds `GET /_matrix/client/v1/example`.',
        '',
        '## Unstable prefix',
        '',
        'Servers advertise the `org.matrix.msc4321` flag in `unstable_features`.',
        'The endpoint is served at `/_matrix/client/unstable/org.matrix.msc4321/example` (GET).',
        'The event type is `org.matrix.msc4321.example`.',
        '',
        '## Dependencies',
      ].join('\n'),
    });

  it('drafts an entry lint refuses until reviewed', async () => {
    const dir = proposals();
    const result = await cli(['catalogue', 'scaffold', '4321', '--proposals', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/draft: true/);
    expect(result.stdout).toMatch(/title: An example feature/);
    expect(result.stdout).toMatch(/- org\.matrix\.msc4321\n/);
    expect(result.stdout).toMatch(/method: GET\n\s+path: \/_matrix\/client\/unstable\/org\.matrix\.msc4321\/example/);
    expect(result.stdout).toMatch(/name: org\.matrix\.msc4321\.example/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'msc-audit-draft-')), 'draft.yaml');
    writeFileSync(file, result.stdout);
    const lint = await cli(['catalogue', 'lint', '--catalogue', file]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/is a draft/);
  });

  it('says so when the MSC is not merged', async () => {
    const result = await cli(['catalogue', 'scaffold', '9999', '--proposals', proposals()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no proposals\/9999-\*\.md/);
  });
});
