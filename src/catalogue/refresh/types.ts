/** What a refresh from GitHub added to a loaded catalogue (see apply.ts). */

export type Disposition = 'merge' | 'close' | 'postpone';

/** Dated lifecycle facts GitHub gave for one MSC (dates are YYYY-MM-DD, UTC). */
export interface RefreshedLifecycle {
  msc: number;
  title: string;
  /** The state GitHub's labels and PR state say, in the catalogue's terms. */
  status: 'open' | 'fcp' | 'accepted' | 'closed';
  fcp_started?: string;
  fcp_finished?: string;
  disposition?: Disposition;
  /** FCP finished with disposition merge (or the proposal was merged). */
  accepted?: string;
  closed?: string;
  merged?: string;
  labels: string[];
  /** Where the facts come from, e.g. "matrix-org/matrix-spec-proposals#4143 (GitHub labels and issue events, 2026-12-01)". */
  source: string;
}

export interface CatalogueRefresh {
  /** The day the refresh ran (YYYY-MM-DD), and its exact time. */
  date: string;
  refreshedAt: string;
  /** The API it read, e.g. https://api.github.com. */
  api: string;
  /** The overlay file. */
  file: string;
  /** Proposals were read only if changed on or after this date (absent: all). */
  since?: string;
  /** Facts for every MSC GitHub reported, catalogued or not. */
  lifecycle: Record<number, RefreshedLifecycle>;
  /** Catalogued MSCs whose status the refresh moved forward (their status holds as of the refresh date). */
  statusChanged: number[];
  /** MSCs GitHub knows that the catalogue does not. */
  uncatalogued: number[];
  /** How the refresh changed the bundled catalogue, one sentence each. */
  changes: string[];
}
