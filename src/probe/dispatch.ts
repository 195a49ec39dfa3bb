import type { Dispatcher } from 'undici';
import { networkErrorCode } from './network-errors.js';

type Headers = Record<string, string | string[] | undefined>;

/** What one request on the wire gave: an answer (its body capped), or a network error's code. */
export type WireResult =
  | { status: number; headers: Headers; body: Buffer; bytes: number; truncated: boolean }
  | { status?: number; headers?: Headers; error: string };

/** An attempt in flight, as the client's deadline sees it: something it can stop, with the code to record. */
export interface Abortable {
  abort(code: string): void;
}

export interface WireRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  maxBodyBytes: number;
  timeoutMs: number;
}

function timeOut(attempt: Abortable): void {
  attempt.abort('timeout');
}

/**
 * One request's handler for undici's dispatch API, and its own timer. A class, not closures: a
 * fleet makes hundreds of thousands of requests, and each closure is one more object per request.
 */
class WireAttempt implements Dispatcher.DispatchHandler, Abortable {
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined;
  private stopReason: string | undefined;
  private status: number | undefined;
  private headers: Headers | undefined;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly maxBodyBytes: number,
    timeoutMs: number,
    private readonly inFlight: Set<Abortable>,
    private readonly resolve: (result: WireResult) => void,
  ) {
    this.timer = setTimeout(timeOut, timeoutMs, this);
    inFlight.add(this);
  }

  settle(result: WireResult): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.inFlight.delete(this);
    this.resolve(result);
  }

  /** Stop the attempt (the timer or the audit's deadline), recording `code` as its error. */
  abort(code: string): void {
    if (this.settled) return;
    this.stopReason = code;
    this.controller?.abort(new Error(code));
    this.fail(code);
  }

  private fail(code: string): void {
    this.settle(this.status === undefined ? { error: code } : { status: this.status, ...(this.headers ? { headers: this.headers } : {}), error: code });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Stopped while waiting for a connection: drop it now that undici hands it over.
    if (this.stopReason !== undefined) controller.abort(new Error(this.stopReason));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.status = statusCode;
    this.headers = headers as Headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.bytes + chunk.length > this.maxBodyBytes) {
      this.chunks.push(chunk.subarray(0, this.maxBodyBytes - this.bytes));
      this.bytes = this.maxBodyBytes;
      this.settle({ status: this.status!, headers: this.headers!, body: Buffer.concat(this.chunks, this.bytes), bytes: this.bytes, truncated: true });
      // The rest is not read: the connection is dropped.
      this.controller?.abort(new Error('body larger than the cap'));
      return;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  onResponseEnd(): void {
    const chunks = this.chunks;
    this.settle({ status: this.status!, headers: this.headers!, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.bytes), bytes: this.bytes, truncated: false });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(networkErrorCode(error));
  }
}

/**
 * One request through undici's dispatch API, without `request()`'s stream and abort-signal
 * machinery: a fleet makes hundreds of thousands of these, and a Readable body, an async
 * iterator, an AbortController and an async-hooks resource per request were a third of its CPU.
 *
 * `timeoutMs` bounds the whole exchange (connect, headers and body), not only the gaps between
 * chunks, so a trickling body cannot outlive it. The body is read up to `maxBodyBytes`. The
 * promise settles at once when the timer fires or the attempt is aborted (it is in `inFlight`
 * meanwhile), even while the request still waits for a connection in the pool.
 */
export function dispatchOnce(agent: Dispatcher, request: WireRequest, inFlight: Set<Abortable>): Promise<WireResult> {
  return new Promise<WireResult>((resolve) => {
    const attempt = new WireAttempt(request.maxBodyBytes, request.timeoutMs, inFlight, resolve);
    try {
      agent.dispatch({ origin: request.url.origin, path: `${request.url.pathname}${request.url.search}`, method: request.method as Dispatcher.HttpMethod, headers: request.headers }, attempt);
    } catch (error) {
      attempt.settle({ error: networkErrorCode(error) });
    }
  });
}
