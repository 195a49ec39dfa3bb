import type { CatalogueRefresh } from '../catalogue/refresh/types.js';
import { forTerminal } from '../util/sanitize.js';

/**
 * The header line of a command that uses a refreshed catalogue. Apart from catalogue-refresh.ts
 * so that explain, which prints it, does not load the `catalogue refresh` command with it.
 */
export function refreshHeader(refresh: CatalogueRefresh): string {
  return `catalogue: bundled, with facts refreshed from GitHub on ${refresh.date} (${forTerminal(refresh.api)}; --offline-catalogue ignores them)`;
}
