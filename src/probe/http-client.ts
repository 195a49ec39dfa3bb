import { setMaxListeners } from 'node:events';
import { Agent } from 'undici';
import { dispatchOnce, type Abortable } from './dispatch.js';
import { isRetryableNetworkError } from './network-errors.js';
import type { ProbeOptions } from './options.js';
import { boundJson } from '../util/bounded-json.js';
import type { BodyKind, ProbeRecord } from '../snapshot/types.js';

/**
 * One HTTP exchange as the probe engine sees it, after retries and same-origin redirects: the
 * answer fields a snapshot keeps (same names and meaning as in ProbeRecord). The raw body is not
 * kept: nothing reads it after its kind and JSON are known, and an audit holds every outcome
 * until it ends (64 audits at once in a fleet).
 */
export type HttpOutcome = Pick<
  ProbeRecord,
  'url' | 'status' | 'contentType' | 'bodyKind' | 'bodyBytes' | 'truncated' | 'errcode' | 'json' | 'jsonError' | 'jsonCut' | 'redirect' | 'redirectProblem' | 'error' | 'durationMs' | 'attempts'
>;

export interface HttpRequest {
  method: string;
  url: URL;
  /** Send the access token with this request (GET to the audited origin only). */
  authenticate?: boolean;
  /** A document the audit cannot do without (/versions): any answer but JSON is asked again. */
  mustBeJson?: boolean;
}

/** One attempt's answer (durationMs and attempts are filled in by `send`), and the wait a 429 or 503 asked for. */
interface Attempt {
  outcome: HttpOutcome;
  retryAfter?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

/**
 * What kind of body this is, and its JSON when it is JSON. The content type is a hint, not the
 * truth: proxies and some servers label JSON as text/plain or text/html, so a body that parses as
 * JSON is JSON whatever its label, and one labelled JSON that does not parse is broken JSON.
 */
function readBody(contentType: string | undefined, body: string, complete: boolean): { bodyKind: BodyKind; parsed?: { value: unknown } | { error: string } } {
  const first = firstNonSpace(body);
  if (first === undefined) return { bodyKind: 'empty' };
  const type = (contentType ?? '').toLowerCase();
  const looksJson = first === '{' || first === '[';
  // Half a JSON document (cut at the size cap) is not parsed: it is not evidence.
  if (!complete && (type.includes('json') || looksJson)) return { bodyKind: 'json' };
  if (type.includes('json') || looksJson) {
    try {
      return { bodyKind: 'json', parsed: { value: JSON.parse(body) } };
    } catch (error) {
      if (type.includes('json')) return { bodyKind: 'json', parsed: { error: error instanceof Error ? error.message : 'invalid JSON' } };
    }
  }
  if (type.includes('html') || /^\s*<(!doctype|html)/i.test(body)) return { bodyKind: 'html' };
  if (type.startsWith('text/')) return { bodyKind: 'text' };
  return { bodyKind: 'other' };
}

/** The first character that is not white space (as String.prototype.trim sees it), without copying the body. */
function firstNonSpace(body: string): string | undefined {
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (!/\s/.test(char)) return char;
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => { clearTimeout(timer); resolve(); };
    // Removed when the wait ends, or every retry would leave a listener on the audit's signal.
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long a 429 or 503 asks us to wait: `retry_after_ms` in the body, else the Retry-After header. */
export function retryAfterMs(json: unknown, header: string | undefined): number | undefined {
  const fromBody = json !== null && typeof json === 'object' && Object.hasOwn(json, 'retry_after_ms') ? (json as { retry_after_ms?: unknown }).retry_after_ms : undefined;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0) return fromBody;
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

/**
 * Whether an answer could have come from a proxy or an overloaded server rather than from the
 * homeserver itself, so that it proves nothing and is worth asking again: no answer (where a retry
 * can help), a 429, a 5xx, a 2xx that is not JSON (a proxy's page) or JSON cut short. `strict`
 * (for documents the audit cannot do without) also counts any other answer that is not JSON.
 */
export function isAmbiguous(outcome: Omit<HttpOutcome, 'durationMs' | 'attempts'>, strict = false): boolean {
  // Network errors only where another try can help: not a missing host, a bad certificate or a closed port.
  if (outcome.error !== undefined) return isRetryableNetworkError(outcome.error);
  const status = outcome.status;
  if (status === undefined) return true;
  if (outcome.redirect !== undefined) return false;
  if (status === 429 || status >= 500) return true;
  if (outcome.jsonError !== undefined && !outcome.truncated) return true;
  if (status >= 200 && status < 300 && outcome.bodyKind !== 'json' && outcome.bodyKind !== 'empty') return true;
  return strict && outcome.bodyKind !== 'json';
}

/** Two answers that say the same thing: a consistent non-JSON answer is the server's, not chance. */
function sameAnswer(a: Omit<HttpOutcome, 'durationMs' | 'attempts'>, b: Omit<HttpOutcome, 'durationMs' | 'attempts'>): boolean {
  return a.error === undefined && b.error === undefined && a.status === b.status && a.bodyKind === b.bodyKind && a.bodyBytes === b.bodyBytes && a.jsonError === b.jsonError;
}

/**
 * The only place msc-audit talks HTTP. One client per audit: it owns the connection pool
 * (keep-alive), timeouts, bounded retries with backoff, the body cap and redirect policy.
 * Credentials are attached here and only here, and only to GETs to the audited origin.
 */
export class HttpClient {
  private readonly agent: Agent;
  /** Attempts in flight, which the audit's deadline stops all at once (one listener, not one per attempt). */
  private readonly inFlight = new Set<Abortable>();

  constructor(
    private readonly options: ProbeOptions,
    private readonly deadline: AbortSignal,
    private readonly credentials?: { origin: string; token: string },
  ) {
    // Every backoff in flight listens to the deadline; more than 10 at once is normal.
    setMaxListeners(0, deadline);
    deadline.addEventListener('abort', () => { for (const attempt of [...this.inFlight]) attempt.abort('aborted (deadline)'); }, { once: true });
    this.agent = new Agent({
      connections: options.concurrency,
      keepAliveTimeout: 10_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private headersFor(req: HttpRequest, url: URL): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'msc-audit' };
    if (req.method !== 'GET' && req.method !== 'HEAD') headers['content-length'] = '0';
    if (req.authenticate && req.method === 'GET' && this.credentials && url.origin === this.credentials.origin) {
      headers['authorization'] = `Bearer ${this.credentials.token}`;
    }
    return headers;
  }

  /**
   * One attempt without retries; follows same-origin redirects only. `--timeout` bounds the whole
   * attempt (connect, headers, redirect hops and the body), so a trickling body cannot outlive it.
   */
  private async once(req: HttpRequest): Promise<Attempt> {
    const started = performance.now();
    let url = req.url;
    const startOrigin = req.url.origin;
    let seen: Set<string> | undefined; // redirect hops seen, made on the first redirect
    for (let hop = 0; ; hop += 1) {
      if (this.deadline.aborted) return { outcome: { url: url.href, error: 'aborted (deadline)', durationMs: 0, attempts: 0 } };
      const left = this.options.timeoutMs - (performance.now() - started);
      if (left <= 0) return { outcome: { url: url.href, error: 'timeout', durationMs: 0, attempts: 0 } };
      const wire = await dispatchOnce(this.agent, { url, method: req.method, headers: this.headersFor(req, url), maxBodyBytes: this.options.maxBodyBytes, timeoutMs: left }, this.inFlight);
      const status = wire.status;
      const contentType = wire.headers ? firstHeader(wire.headers['content-type']) : undefined;
      if ('error' in wire) return { outcome: { url: url.href, ...(status !== undefined ? { status, contentType } : {}), error: wire.error, durationMs: 0, attempts: 0 } };
      if (REDIRECT_STATUSES.has(status!)) {
        const location = firstHeader(wire.headers['location']);
        const next = location ? safeUrl(location, url) : undefined;
        const problem = !location
          ? 'no Location header'
          : !next
            ? 'an invalid Location'
            : next.origin !== startOrigin
              ? 'another origin'
              : next.href === req.url.href || seen?.has(next.href)
                ? `a redirect loop (back to ${next.href})`
                : hop >= MAX_REDIRECTS
                  ? `more than ${MAX_REDIRECTS} redirects in a row`
                  : undefined;
        if (problem) {
          return { outcome: { url: url.href, status, contentType, redirect: next?.href ?? location ?? '(no Location header)', redirectProblem: problem, durationMs: 0, attempts: 0 } };
        }
        url = next!;
        (seen ??= new Set()).add(url.href);
        continue;
      }
      const { bytes, truncated } = wire;
      const body = wire.body.toString('utf8');
      const read = readBody(contentType, body, !truncated);
      const bodyKind = read.bodyKind;
      let json: unknown;
      let jsonError: string | undefined;
      let jsonCut: string | undefined;
      if (truncated && bodyKind === 'json') jsonError = `body larger than ${this.options.maxBodyBytes} bytes`;
      else if (read.parsed && 'error' in read.parsed) jsonError = read.parsed.error;
      else if (read.parsed) {
        // JSON.parse itself copes with any depth; what comes after it must not get that depth.
        const bounded = boundJson(read.parsed.value);
        json = bounded.value;
        jsonCut = bounded.cut;
      }
      const errcodeValue = isRecord(json) && Object.hasOwn(json, 'errcode') ? json['errcode'] : undefined;
      const errcode = typeof errcodeValue === 'string' ? errcodeValue : undefined;
      const retryAfter = status === 429 || status === 503 ? retryAfterMs(json, firstHeader(wire.headers['retry-after'])) : undefined;
      const outcome: HttpOutcome = { url: url.href, status, contentType, bodyKind, bodyBytes: bytes, truncated, json, jsonError, ...(jsonCut ? { jsonCut } : {}), errcode, durationMs: 0, attempts: 0 };
      return retryAfter === undefined ? { outcome } : { outcome, retryAfter };
    }
  }

  /**
   * A request with bounded retries of ambiguous answers (see isAmbiguous), honouring the wait a
   * 429 or 503 asks for. A non-JSON answer given twice in a row is the server's consistent answer
   * and is kept; an error, 429 or 5xx is asked again as long as the budget lasts.
   */
  async send(req: HttpRequest): Promise<HttpOutcome> {
    const started = performance.now();
    let attempts = 0;
    let previous: Omit<HttpOutcome, 'durationMs' | 'attempts'> | undefined;
    for (;;) {
      attempts += 1;
      const { outcome, retryAfter } = this.options.gate ? await this.options.gate.run(() => this.once(req)) : await this.once(req);
      this.options.onRequest?.({
        method: req.method,
        url: outcome.url,
        status: outcome.status,
        errcode: outcome.errcode,
        error: outcome.error,
        durationMs: Math.round(performance.now() - started),
        attempt: attempts,
      });
      const done = (): HttpOutcome => {
        outcome.durationMs = Math.round(performance.now() - started);
        outcome.attempts = attempts;
        return outcome;
      };
      const noisy = outcome.error !== undefined || outcome.status === 429 || (outcome.status ?? 0) >= 500;
      const consistent = !noisy && !req.mustBeJson && previous !== undefined && sameAnswer(previous, outcome);
      if (!isAmbiguous(outcome, req.mustBeJson) || consistent || attempts > this.options.retries || this.deadline.aborted) return done();
      previous = outcome;
      let wait = this.options.backoffMs * 2 ** (attempts - 1);
      if (retryAfter !== undefined) {
        if (retryAfter > this.options.maxRetryAfterMs) return done();
        wait = retryAfter;
      }
      await sleep(wait, this.deadline);
    }
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
