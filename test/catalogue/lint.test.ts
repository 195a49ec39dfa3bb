import { mkdirSync, mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/catalogue/bundle.js';
import { specsPath } from '../../src/catalogue/paths.js';
import { cli } from '../helpers/cli.js';

/** Fixture catalogues made in the test: one specs/ tree per class of error, each must fail with file:line. */
function specsTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'msc-audit-lint-'));
  mkdirSync(path.join(root, 'mscs'));
  mkdirSync(path.join(root, 'vendor-features'));
  copyFileSync(specsPath('spec-versions.yaml'), path.join(root, 'spec-versions.yaml'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return root;
}

const good = (msc: number, extra = '') => `msc: ${msc}\ntitle: Test ${msc}\nstatus: open\nsources:\n  - example/repo#${msc}\n${extra}`;

const cases: Array<[string, Record<string, string>, string, number, RegExp]> = [
  ['YAML syntax', { 'mscs/1001.yaml': 'msc: 1001\ntitle: T\ntitle: again\n' }, 'mscs/1001.yaml', 3, /invalid YAML/],
  ['unknown key', { 'mscs/1002.yaml': `${good(1002)}colour: blue\n` }, 'mscs/1002.yaml', 6, /unknown key "colour"/],
  ['wrong type', { 'mscs/1003.yaml': 'msc: 1003\ntitle: 42\nstatus: open\nsources: [example/repo#1]\n' }, 'mscs/1003.yaml', 2, /title: must be string/],
  ['bad status', { 'mscs/1004.yaml': 'msc: 1004\ntitle: T\nstatus: maybe\nsources: [example/repo#1]\n' }, 'mscs/1004.yaml', 3, /status: must be one of/],
  ['missing sources', { 'mscs/1005.yaml': 'msc: 1005\ntitle: T\nstatus: open\n' }, 'mscs/1005.yaml', 1, /missing required key "sources"/],
  ['released without version', { 'mscs/1006.yaml': 'msc: 1006\ntitle: T\nstatus: released\nsources: [example/repo#1]\n' }, 'mscs/1006.yaml', 1, /released_in/],
  ['unknown spec version', { 'mscs/1007.yaml': 'msc: 1007\ntitle: T\nstatus: released\nreleased_in: v1.99\nsources: [example/repo#1]\n' }, 'mscs/1007.yaml', 4, /v1.99 is not a known spec version/],
  ['unprefixed flag', { 'mscs/1008.yaml': good(1008, 'unstable:\n  flags: [msc1008]\n') }, 'mscs/1008.yaml', 7, /not vendor-prefixed/],
  ['unstable endpoint without vendor', { 'mscs/1009.yaml': good(1009, 'unstable:\n  endpoints:\n    - method: GET\n      path: /_matrix/client/unstable/account/whoami\n') }, 'mscs/1009.yaml', 9, /no vendor prefix after \/unstable\//],
  ['stable endpoint under unstable', { 'mscs/1010.yaml': good(1010, 'stable:\n  endpoints:\n    - method: GET\n      path: /_matrix/client/unstable/org.matrix.msc1010/x\n') }, 'mscs/1010.yaml', 9, /is under \/unstable\//],
  ['flag claimed twice', { 'mscs/1011.yaml': good(1011, 'unstable:\n  flags: [org.matrix.msc1011]\n'), 'mscs/1012.yaml': good(1012, 'unstable:\n  flags: [org.matrix.msc1011]\n') }, 'mscs/1012.yaml', 7, /already claimed by MSC1011/],
  ['a co-successor the predecessor does not name', { 'mscs/1024.yaml': good(1024, 'supersedes: [1025]\n'), 'mscs/1025.yaml': 'msc: 1025\ntitle: T\nstatus: superseded\nsuperseded_by: 1026\nsources: [example/repo#1]\n', 'mscs/1026.yaml': good(1026) }, 'mscs/1024.yaml', 6, /MSC1024 supersedes MSC1025, whose entry does not say superseded_by: 1024/],
  ['supersedes disagree', { 'mscs/1013.yaml': good(1013, 'supersedes: [1014]\n'), 'mscs/1014.yaml': good(1014) }, 'mscs/1013.yaml', 6, /does not say superseded_by: 1013/],
  ['accepted after release', { 'mscs/1015.yaml': 'msc: 1015\ntitle: T\nstatus: released\nreleased_in: v1.1\ntransitions:\n  accepted: {date: 2030-01-01, source: example/repo#1}\nsources: [example/repo#1]\n' }, 'mscs/1015.yaml', 6, /accepted 2030-01-01 is after the release of v1.1/],
  ['transition without source', { 'mscs/1020.yaml': good(1020, 'transitions:\n  closed: {date: 2020-01-01}\n') }, 'mscs/1020.yaml', 7, /missing required key "source"/],
  ['transition that does not fit the status', { 'mscs/1021.yaml': good(1021, 'transitions:\n  accepted: {date: 2020-01-01, source: example/repo#1}\n') }, 'mscs/1021.yaml', 7, /has an accepted date but its status is open/],
  ['transitions out of order', { 'mscs/1022.yaml': 'msc: 1022\ntitle: T\nstatus: accepted\ntransitions:\n  fcp_started: {date: 2021-02-01, source: example/repo#1}\n  accepted: {date: 2021-01-01, source: example/repo#1}\nsources: [example/repo#1]\n' }, 'mscs/1022.yaml', 6, /fcp_started 2021-02-01 is after accepted 2021-01-01/],
  ['FCP disposition against the status', { 'mscs/1023.yaml': 'msc: 1023\ntitle: T\nstatus: accepted\ntransitions:\n  fcp_finished: {date: 2021-02-01, source: example/repo#1, disposition: close}\nsources: [example/repo#1]\n' }, 'mscs/1023.yaml', 5, /FCP finished with disposition close/],
  ['draft entry', { 'mscs/1016.yaml': good(1016, 'draft: true\n') }, 'mscs/1016.yaml', 6, /is a draft/],
  ['file name', { 'mscs/1017.yaml': good(1018) }, 'mscs/1017.yaml', 1, /file name must be 1018.yaml/],
  ['spec endpoint without history', { 'spec-endpoints.yaml': 'source: example/repo x\nendpoints:\n  - method: GET\n    path: /_matrix/client/v3/x\n    api: client-server\n' }, 'spec-endpoints.yaml', 3, /has no added_in: regenerate/],
  ['released_in disagrees with the spec history', { 'spec-endpoints.yaml': 'source: example/repo x\nendpoints:\n  - method: GET\n    path: /_matrix/client/v1/x/{id}\n    api: client-server\n    added_in: v1.3\n', 'mscs/1020.yaml': 'msc: 1020\ntitle: T\nstatus: released\nreleased_in: v1.2\nsources: [example/repo#1]\nstable:\n  endpoints:\n    - method: GET\n      path: /_matrix/client/v1/x/{xId}\n' }, 'mscs/1020.yaml', 9, /released_in v1.2, but its stable endpoint GET \/_matrix\/client\/v1\/x\/\{id\} enters the spec in v1.3/],
  ['a value of the wrong form, quoted', { 'mscs/1027.yaml': 'msc: 1027\ntitle: T\nstatus: released\nreleased_in: v9.9\nsources: [example/repo#1]\n' }, 'mscs/1027.yaml', 4, /released_in: "v9\.9" does not have the expected form/],
  ['stable name vendor-prefixed', { 'mscs/1019.yaml': good(1019, 'stable:\n  fields:\n    - kind: capability\n      name: org.matrix.msc1019.cap\n') }, 'mscs/1019.yaml', 9, /is vendor-prefixed: move it/],
];

describe('catalogue lint: each class of error with file:line', () => {
  for (const [name, files, file, line, message] of cases) {
    it(name, () => {
      const root = specsTree(files);
      const { issues } = buildBundle(root);
      const match = issues.find((issue) => message.test(issue.message));
      expect(match, JSON.stringify(issues)).toBeDefined();
      expect(match!.file.endsWith(file)).toBe(true);
      expect(match!.line).toBe(line);
    });
  }

  it('the command prints file:line and exits 1', async () => {
    const root = specsTree({ 'mscs/1008.yaml': good(1008, 'unstable:\n  flags: [msc1008]\n') });
    const result = await cli(['catalogue', 'lint', '--specs', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/mscs\/1008\.yaml:7: unstable flag msc1008 is not vendor-prefixed/);
  });

  it('passes on the bundled catalogue', async () => {
    const result = await cli(['catalogue', 'lint']);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });
});
