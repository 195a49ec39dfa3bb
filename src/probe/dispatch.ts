import type { Dispatcher } from 'undici';
import { networkErrorCode } from './network-errors.js';

/** What one request on the wire gave: an answer (its body capped), or a network error's code. */
export type WireResult =
  | { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; bytes: number; truncated: boolean }
  | { status?: number; headers?: Record<string, string | string[] | undefined>; error: string };

/** An attempt in flight, as the client's deadline sees it: something it can stop, with the code to record. */
export interface Abortable {
  abort(code: string): void;
}

/**
 * One request through undici's dispatch API, without `request()`'s stream and abort-signal
 * machinery: a fleet makes hundreds of thousands of these, and a Readable body, an async
 * iterator, an AbortController and an async-hooks resource per request were a third of its CPU.
 *
 * `timeoutMs` bounds the whole exchange (connect, headers and body), not only the gaps between
 * chunks, so a trickling body cannot outlive it. The body is read up to `maxBodyBytes`; the
 * rest is not read (the connection is dropped). The promise settles at once when the timer
 * fires or `abort` is called, even while the request still waits for a connection in the pool.
 */
export function dispatchOnce(
  agent: Dispatcher,
  request: { url: URL; method: string; headers: Record<string, string>; maxBodyBytes: number; timeoutMs: number },
  inFlight: Set<Abortable>,
): Promise<WireResult> {
  return new Promise<WireResult>((resolve) => {
    let settled = false;
    let controller: { abort(reason: Error): void } | undefined;
    let stopReason: string | undefined;
    let status: number | undefined;
    let headers: Record<string, string | string[] | undefined> | undefined;
    const chunks: Buffer[] = [];
    let bytes = 0;

    const settle = (result: WireResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      inFlight.delete(attempt);
      resolve(result);
    };
    const stop = (code: string): void => {
      if (settled) return;
      stopReason = code;
      controller?.abort(new Error(code));
      settle(status === undefined ? { error: code } : { status, ...(headers ? { headers } : {}), error: code });
    };
    const timer = setTimeout(() => stop('timeout'), request.timeoutMs);
    const attempt: Abortable = { abort: stop };
    inFlight.add(attempt);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(start) {
        controller = start;
        // Stopped while waiting for a connection: drop it now that undici hands it over.
        if (stopReason !== undefined) start.abort(new Error(stopReason));
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders as Record<string, string | string[] | undefined>;
      },
      onResponseData(_controller, chunk) {
        if (settled) return;
        if (bytes + chunk.length > request.maxBodyBytes) {
          chunks.push(chunk.subarray(0, request.maxBodyBytes - bytes));
          bytes = request.maxBodyBytes;
          settle({ status: status!, headers: headers!, body: Buffer.concat(chunks, bytes), bytes, truncated: true });
          controller?.abort(new Error('body larger than the cap'));
          return;
        }
        chunks.push(chunk);
        bytes += chunk.length;
      },
      onResponseEnd() {
        settle({ status: status!, headers: headers!, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes), bytes, truncated: false });
      },
      onResponseError(_controller, error) {
        const code = networkErrorCode(error);
        settle(status === undefined ? { error: code } : { status, ...(headers ? { headers } : {}), error: code });
      },
    };
    try {
      agent.dispatch({ origin: request.url.origin, path: `${request.url.pathname}${request.url.search}`, method: request.method as Dispatcher.HttpMethod, headers: request.headers }, handler);
    } catch (error) {
      settle({ error: networkErrorCode(error) });
    }
  });
}
