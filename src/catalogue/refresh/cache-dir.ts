import path from 'node:path';

/**
 * Where refreshed data lives: --cache-dir, else $XDG_CACHE_HOME/msc-audit, else
 * $HOME/.cache/msc-audit (the XDG Base Directory default). Read from the environment only:
 * with neither variable set (as in a clean CI environment) there is no cache at all, rather
 * than one guessed from the password database.
 */
export function cacheDirectory(explicit: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (explicit !== undefined && explicit.length > 0) return path.resolve(explicit);
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'msc-audit');
  const home = env['HOME'];
  if (home && path.isAbsolute(home)) return path.join(home, '.cache', 'msc-audit');
  return undefined;
}

export const OVERLAY_FILE_NAME = 'catalogue-overlay.json';

export function overlayPath(cacheDir: string): string {
  return path.join(cacheDir, OVERLAY_FILE_NAME);
}
