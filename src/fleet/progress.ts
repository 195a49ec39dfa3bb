import { stripControl } from '../util/sanitize.js';
import type { ServerResult } from './files.js';

export interface ProgressOutput {
  write(text: string): void;
  /** Whether stderr is a terminal, and whether CI=true: the live line needs a terminal, and no CI. */
  isTty: boolean;
  ci: boolean;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * The fleet's progress on stderr. A live line (servers done/total, failures, rate, ETA) is
 * redrawn in place with a carriage return and "erase line", at most ten times a second; it
 * is drawn only on a terminal, never under CI=true, never with --quiet. With --verbose,
 * one permanent line per finished server (in any environment).
 */
export class Progress {
  private done = 0;
  private failed = 0;
  private fresh = 0;
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;
  private readonly live: boolean;

  constructor(
    private readonly out: ProgressOutput,
    private readonly total: number,
    options: { quiet: boolean; verbose: boolean },
    private readonly verbose = options.verbose && !options.quiet,
  ) {
    this.live = out.isTty && !out.ci && !options.quiet;
  }

  finished(result: ServerResult, resumed: boolean): void {
    this.done += 1;
    if (!resumed) this.fresh += 1;
    if (result.status !== 'audited') this.failed += 1;
    if (this.verbose) {
      this.clear();
      this.out.write(`${this.describe(result, resumed)}\n`);
    }
    this.draw(this.done === this.total);
  }

  /** Remove the live line (before the final summary). */
  end(): void {
    this.clear();
  }

  private describe(result: ServerResult, resumed: boolean): string {
    const server = stripControl(result.server);
    const when = resumed ? 'already done' : `${(result.durationMs / 1000).toFixed(1)}s`;
    if (result.status !== 'audited') return `${server}: ${result.status}: ${stripControl(result.reason ?? '')} (${when})`;
    const counts = result.findings ?? { error: 0, warning: 0, info: 0 };
    return `${server}: audited, ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info (${when})`;
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\u001b[K');
    this.drawn = false;
  }

  private draw(force: boolean): void {
    if (!this.live) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    // Rate and ETA from servers audited in this run only: resumed ones took no time.
    const rate = seconds > 0 ? this.fresh / seconds : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : Number.NaN;
    const line = `fleet: ${this.done}/${this.total} servers, ${this.failed} not audited, ${rate.toFixed(1)}/s, ETA ${duration(eta)}`;
    this.out.write(`\r\u001b[K${line}`);
    this.drawn = true;
  }
}
