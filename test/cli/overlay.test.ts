import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serve } from '../helpers/servers.js';
import { demoProfile } from '../../src/demo/profile.js';
import { synapseLike } from '../fixtures/profiles.js';

const work = mkdtempSync(path.join(tmpdir(), 'msc-audit-overlay-'));
const write = (name: string, text: string): string => {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
};

/** The parts of a JSON report that depend on the catalogue (not on timing). */
function judged(stdout: string): unknown {
  const report = JSON.parse(stdout) as { summary: Record<string, unknown>; catalogue: unknown; features: unknown; findings: unknown };
  const { durationMs: _duration, ...summary } = report.summary;
  return { summary, catalogue: report.catalogue, features: report.features, findings: report.findings };
}

describe('a catalogue overlay adds, never removes', () => {
  const empty = write('empty.yaml', 'mscs: []\n');

  it('an empty --catalogue or config catalogue: leaves the report of a saved snapshot byte for byte unchanged', async () => {
    await Promise.all(
      [demoProfile(), synapseLike].map(async (profile) => {
        const server = await serve(profile);
        const snapshotFile = path.join(work, `${profile.name}.snapshot.json`);
        expect((await cli(['probe', server.url, '-o', snapshotFile])).code).toBe(0);
        const config = write(`${profile.name}.yaml`, `catalogue: ${empty}\n`);
        const args = ['check', snapshotFile, '--format', 'json', '--as-of', '2026-11-22'];
        const [plain, overlaid, configured] = await Promise.all([cli(args), cli([...args, '--catalogue', empty]), cli([...args, '--config', config])]);
        expect(plain!.stderr).toBe('');
        for (const result of [overlaid!, configured!]) {
          expect(result.stdout).toBe(plain!.stdout);
          expect(result.code).toBe(plain!.code);
        }
      }),
    );
  });

  it('an empty overlay probes and judges a live server exactly as no overlay does', async () => {
    const server = await serve(synapseLike);
    const args = ['audit', server.url, '--format', 'json', '--as-of', '2026-11-22'];
    const plain = await cli(args);
    const overlaid = await cli([...args, '--catalogue', empty]);
    expect(overlaid.code).toBe(plain.code);
    expect(judged(overlaid.stdout)).toEqual(judged(plain.stdout));
  });
});
