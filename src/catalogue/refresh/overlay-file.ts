import { readFileSync } from 'node:fs';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { ProposalItem, ReleaseItem } from './github-data.js';

/**
 * The refresh overlay: facts read from GitHub, stored beside the bundled catalogue (never over
 * it) in the cache directory. It keeps GitHub's facts, not catalogue entries: how they change
 * the catalogue is decided when it is loaded (apply.ts), by the same code for every command.
 */
export const OVERLAY_FORMAT = 'msc-audit-catalogue-refresh';

export interface ProposalFacts extends ProposalItem {
  /** When each lifecycle label still on it was added (YYYY-MM-DD), from its issue events. */
  label_dates?: Record<string, string>;
}

export interface RefreshOverlay {
  format: typeof OVERLAY_FORMAT;
  schemaVersion: 1;
  /** When the refresh finished (ISO timestamp, UTC). */
  refreshedAt: string;
  source: { api: string; proposals: string; spec: string };
  /** Proposals were read only if changed on or after this date (absent: all of them). */
  since?: string;
  proposals: ProposalFacts[];
  releases: ReleaseItem[];
  tags: string[];
  /** What the run that wrote this file did. */
  lastRun: { requests: number; conditional: number; notModified: number; eventLists: number; changed: string[] };
}

export function readOverlayFile(file: string): RefreshOverlay | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new InputError(`cannot read the refreshed catalogue ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): fix its permissions, or use --offline-catalogue`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const overlay = parsed as Partial<RefreshOverlay> | undefined;
  if (
    !overlay ||
    overlay.format !== OVERLAY_FORMAT ||
    overlay.schemaVersion !== 1 ||
    typeof overlay.refreshedAt !== 'string' ||
    !Array.isArray(overlay.proposals) ||
    !Array.isArray(overlay.releases) ||
    !Array.isArray(overlay.tags) ||
    typeof overlay.source !== 'object'
  ) {
    throw new InputError(`${file} is not a catalogue refresh written by this msc-audit: run "msc-audit catalogue refresh" again, or delete it`);
  }
  return overlay as RefreshOverlay;
}

export async function writeOverlayFile(file: string, overlay: RefreshOverlay): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(overlay, null, 1)}\n`);
}
