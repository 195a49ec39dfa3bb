import { loadBundledData } from '../load.js';
import type { CatalogueData } from '../types.js';
import { applyRefresh } from './apply.js';
import { fetchRefresh } from './fetch.js';
import { GitHubClient } from './github-client.js';
import { DiskHttpCache } from './http-cache.js';
import { readOverlayFile, writeOverlayFile, type RefreshOverlay } from './overlay-file.js';

/**
 * Label dates cost one request per MSC (GitHub's issue events). Worth it where the catalogue lacks
 * the date, for catalogued MSCs whose state today's judgement depends on (open, in FCP, accepted);
 * for released or closed ones only with a token, as anonymous requests are limited to 60 an hour.
 * MSCs the catalogue does not know need no dates: only their state is listed.
 */
function datesWorthReading(bundled: CatalogueData, withToken: boolean): (number: number, labels: readonly string[]) => boolean {
  const entries = new Map(bundled.mscs.map((entry) => [entry.msc, entry]));
  return (number, labels) => {
    const entry = entries.get(number);
    if (!entry) return false;
    if (!withToken && (entry.status === 'released' || entry.status === 'closed' || entry.status === 'superseded')) return false;
    const known = entry.transitions ?? {};
    return labels.some((label) => (label === 'final-comment-period' && !known.fcp_started) || (label === 'finished-final-comment-period' && !known.fcp_finished));
  };
}

export interface RunRefreshOptions {
  api: URL;
  token?: string;
  cacheDir: string;
  overlayFile: string;
  since?: string;
  timeoutMs: number;
  retries: number;
  /** Pause before retrying; tests shorten it. */
  backoffMs?: number;
  progress?: (text: string) => void;
  now?: () => Date;
}

/**
 * One `catalogue refresh`: read GitHub, then write the overlay atomically. Until everything is
 * read nothing is written but cached pages, so a refresh that stops (rate limit, network, ^C)
 * leaves the previous overlay as it was.
 */
export async function runRefresh(options: RunRefreshOptions): Promise<{ overlay: RefreshOverlay; changed: string[]; file: string }> {
  const bundled = await loadBundledData();
  // A damaged previous overlay is no reason to refuse a refresh: it is replaced.
  let previous: RefreshOverlay | undefined;
  try {
    previous = readOverlayFile(options.overlayFile);
  } catch {
    previous = undefined;
  }
  const client = new GitHubClient({
    apiUrl: options.api,
    ...(options.token !== undefined ? { token: options.token } : {}),
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    cache: new DiskHttpCache(options.cacheDir),
  });
  let fetched;
  try {
    fetched = await fetchRefresh({
      client,
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(previous ? { previous } : {}),
      wantsDates: datesWorthReading(bundled, options.token !== undefined),
      now: options.now ?? (() => new Date()),
      ...(options.progress ? { progress: options.progress } : {}),
    });
  } finally {
    await client.close();
  }
  const { eventLists, ...facts } = fetched;
  // What this refresh changed: the catalogue as the previous overlay made it, against the new one.
  const before = previous ? new Set(applyRefresh(bundled, previous, options.overlayFile).refresh?.changes) : new Set<string>();
  const after = applyRefresh(bundled, { ...facts, lastRun: { requests: 0, conditional: 0, notModified: 0, eventLists: 0, changed: [] } }, options.overlayFile).refresh?.changes ?? [];
  const afterSet = new Set(after);
  const changed = [...after.filter((change) => !before.has(change)), ...[...before].filter((change) => !afterSet.has(change)).map((change) => `no longer: ${change}`)];
  const overlay: RefreshOverlay = { ...facts, lastRun: { ...client.stats, eventLists, changed } };
  await writeOverlayFile(options.overlayFile, overlay);
  return { overlay, changed, file: options.overlayFile };
}
