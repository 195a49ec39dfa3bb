import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { acceptance, releaseEvent } from '../../src/catalogue/lifecycle.js';
import type { Finding } from '../../src/rules/types.js';

/** Rules whose findings rest on a spec release having happened. */
const RESTS_ON_A_RELEASE = new Set(['lingering-unstable-flag', 'lingering-unstable-endpoint', 'lingering-unstable-field', 'missing-stable-support', 'advertised-version-missing-endpoint']);

describe('--as-of 2020-01-01 on the demo', () => {
  it('gives no finding that depends on a later release, acceptance or closing', async () => {
    const asOf = '2020-01-01';
    const result = await cli(['demo', '--as-of', asOf, '--format', 'json', '--fail-on', 'none']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { asOf: string; findings: Finding[] };
    expect(report.asOf).toBe(asOf);
    const catalogue = await loadCatalogue();
    const accusing = report.findings.filter((finding) => finding.severity !== 'info');
    for (const finding of report.findings) {
      expect(RESTS_ON_A_RELEASE.has(finding.rule), `${finding.rule} ${finding.subject}`).toBe(false);
      if (finding.rule === 'unknown-spec-version' && catalogue.isKnownVersion(finding.subject)) {
        // Versions released after the date are set aside (info), not called unknown.
        expect(finding.severity).toBe('info');
        expect(catalogue.releaseDate(finding.subject)! > asOf).toBe(true);
      }
    }
    for (const finding of accusing) {
      const entry = finding.msc !== undefined ? catalogue.msc(finding.msc) : undefined;
      if (!entry) continue;
      if (finding.rule.startsWith('premature-stable-')) {
        // Premature on that day: neither accepted nor released by then, as far as dates show.
        const accepted = acceptance(entry)?.date;
        const released = releaseEvent(entry, catalogue)?.date;
        expect(accepted === undefined || accepted > asOf, `${finding.subject}: accepted ${accepted}`).toBe(true);
        expect(released === undefined || released > asOf, `${finding.subject}: released ${released}`).toBe(true);
        if (entry.status === 'accepted' || entry.status === 'released') expect(accepted, `${finding.subject} accuses without an acceptance date`).toBeDefined();
      }
      if (finding.rule === 'closed-msc-flag') {
        const closed = entry.transitions?.closed?.date;
        expect(closed !== undefined && closed <= asOf, `${finding.subject}: closed ${closed}`).toBe(true);
      }
    }
    // The features view speaks of the same day: nothing released later shows as released, and a
    // step whose date the catalogue lacks is a "maybe", not a fact.
    const features = (JSON.parse(result.stdout) as { features: Array<{ msc: number; status: string; statusMaybe?: string; releasedIn?: string }> }).features;
    expect(features.length).toBeGreaterThan(0);
    for (const row of features) {
      const entry = catalogue.msc(row.msc)!;
      const released = releaseEvent(entry, catalogue)?.date;
      if (released !== undefined && released > asOf) {
        expect(row.status, `MSC${row.msc}`).not.toBe('released');
        expect(row.releasedIn, `MSC${row.msc}`).toBeUndefined();
      }
      if (row.statusMaybe !== undefined) expect(row.statusMaybe, `MSC${row.msc}`).not.toBe(row.status);
    }
    expect(features.find((row) => row.msc === 1219)?.status).not.toBe('released');
    // The pair from issue 8: no unknown-spec-version v1.11 warning beside a lingering flag that relies on v1.11.
    expect(report.findings.find((finding) => finding.subject === 'v1.11')?.severity).toBe('info');
    // And today, the same demo still gets its lingering finding: the date changes the judgement.
    const today = JSON.parse((await cli(['demo', '--as-of', '2026-11-22', '--format', 'json', '--fail-on', 'none'])).stdout) as { findings: Finding[] };
    expect(today.findings.some((finding) => finding.rule === 'lingering-unstable-flag')).toBe(true);
  });
});

describe('explain shows the dated lifecycle and the successors', () => {
  it('prints each dated step with its source, and every successor', async () => {
    const threads = await cli(['explain', 'MSC3440']);
    expect(threads.stdout).toMatch(/accepted +2022-03-09 +\[matrix-org\/matrix-spec-proposals proposals\/3440-threading-via-relations\.md @ 489f8d85/);
    expect(threads.stdout).toMatch(/released in +v1\.4 \(2022-09-29\)/);
    const rendezvous = await cli(['explain', 'MSC3886']);
    expect(rendezvous.stdout).toMatch(/status +superseded/);
    expect(rendezvous.stdout).toMatch(/superseded by MSC4108/);
  });
});
