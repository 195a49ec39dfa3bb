import type { RequestTrace } from '../probe/options.js';
import type { CliIo } from './output.js';
import { stripControl } from '../util/sanitize.js';

/** --verbose: one line per request on stderr. URLs never carry credentials; headers are not printed. */
export function traceTo(io: CliIo): (trace: RequestTrace) => void {
  return (trace) => {
    const answer = trace.error ?? `${trace.status ?? '-'}${trace.errcode ? ` ${trace.errcode}` : ''}`;
    io.stderr(`msc-audit: probe ${trace.method} ${stripControl(trace.url)} → ${stripControl(answer)} (${trace.durationMs} ms${trace.attempt > 1 ? `, attempt ${trace.attempt}` : ''})\n`);
  };
}
