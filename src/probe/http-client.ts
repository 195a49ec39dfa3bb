import { Agent, request } from 'undici';
import { isRetryableNetworkError, networkErrorCode } from './network-errors.js';
import type { ProbeOptions } from './options.js';
import type { BodyKind, ProbeRecord } from '../snapshot/types.js';

/**
 * One HTTP exchange as the probe engine sees it, after retries and same-origin redirects: the
 * answer fields a snapshot keeps (same names and meaning as in ProbeRecord), plus the raw body.
 */
export type HttpOutcome = Pick<
  ProbeRecord,
  'url' | 'status' | 'contentType' | 'bodyKind' | 'bodyBytes' | 'truncated' | 'errcode' | 'json' | 'jsonError' | 'redirect' | 'error' | 'durationMs' | 'attempts'
> & { body?: string };

export interface HttpRequest {
  method: string;
  url: URL;
  /** Send the access token with this request (GET to the audited origin only). */
  authenticate?: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

function bodyKindOf(contentType: string | undefined, body: string): BodyKind {
  if (body.trim().length === 0) return 'empty';
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('html') || /^\s*<(!doctype|html)/i.test(body)) return 'html';
  if (type.startsWith('text/')) return 'text';
  // Some servers send JSON without a JSON content type; recognise it by shape.
  if (/^\s*[{[]/.test(body)) return 'json';
  return 'other';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** How long a 429 asks us to wait: `retry_after_ms` in the body, else the Retry-After header. */
export function retryAfterMs(json: unknown, header: string | undefined): number | undefined {
  const fromBody = (json as { retry_after_ms?: unknown } | undefined)?.retry_after_ms;
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
 * The only place msc-audit talks HTTP. One client per audit: it owns the connection pool
 * (keep-alive), timeouts, bounded retries with backoff, the body cap and redirect policy.
 * Credentials are attached here and only here, and only to GETs to the audited origin.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly options: ProbeOptions,
    private readonly deadline: AbortSignal,
    private readonly credentials?: { origin: string; token: string },
  ) {
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

  /** One request without retries; follows same-origin redirects only. */
  private async once(req: HttpRequest): Promise<Omit<HttpOutcome, 'attempts' | 'durationMs'> & { retryAfter?: number }> {
    let url = req.url;
    const startOrigin = req.url.origin;
    for (let hop = 0; ; hop += 1) {
      let response;
      try {
        // The per-request timeout is the agent's connect, headers and body timeouts; the signal
        // is only the audit's deadline.
        response = await request(url, {
          method: req.method as 'GET',
          headers: this.headersFor(req, url),
          dispatcher: this.agent,
          signal: this.deadline,
        });
      } catch (error) {
        return { url: url.href, error: networkErrorCode(error) };
      }
      const status = response.statusCode;
      const contentTypeHeader = response.headers['content-type'];
      const contentType = Array.isArray(contentTypeHeader) ? contentTypeHeader[0] : contentTypeHeader;
      if (REDIRECT_STATUSES.has(status)) {
        await response.body.dump().catch(() => undefined);
        const locationHeader = response.headers['location'];
        const location = Array.isArray(locationHeader) ? locationHeader[0] : locationHeader;
        const next = location ? safeUrl(location, url) : undefined;
        if (!next || next.origin !== startOrigin || hop >= MAX_REDIRECTS) {
          return { url: url.href, status, contentType, redirect: next?.href ?? location ?? '(no Location header)' };
        }
        url = next;
        continue;
      }
      let bytes = 0;
      let truncated = false;
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of response.body) {
          const buffer = chunk as Buffer;
          if (bytes + buffer.length > this.options.maxBodyBytes) {
            chunks.push(buffer.subarray(0, this.options.maxBodyBytes - bytes));
            bytes = this.options.maxBodyBytes;
            truncated = true;
            response.body.destroy();
            break;
          }
          chunks.push(buffer);
          bytes += buffer.length;
        }
      } catch (error) {
        if (!truncated) return { url: url.href, status, contentType, error: networkErrorCode(error) };
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const bodyKind = bodyKindOf(contentType, body);
      let json: unknown;
      let jsonError: string | undefined;
      if (bodyKind === 'json' && !truncated) {
        try {
          json = JSON.parse(body);
        } catch (error) {
          jsonError = error instanceof Error ? error.message : 'invalid JSON';
        }
      } else if (bodyKind === 'json') {
        jsonError = `body larger than ${this.options.maxBodyBytes} bytes`;
      }
      const errcodeValue = (json as { errcode?: unknown } | undefined)?.errcode;
      const errcode = json !== null && typeof json === 'object' && typeof errcodeValue === 'string' ? errcodeValue : undefined;
      const retryHeader = response.headers['retry-after'];
      const retryAfter = status === 429 ? retryAfterMs(json, Array.isArray(retryHeader) ? retryHeader[0] : retryHeader) : undefined;
      return { url: url.href, status, contentType, bodyKind, bodyBytes: bytes, truncated, body, json, jsonError, errcode, retryAfter };
    }
  }

  /** A request with bounded retries: on 429 (honouring its wait), on 5xx and on network errors a retry can help with. */
  async send(req: HttpRequest): Promise<HttpOutcome> {
    const started = performance.now();
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const outcome = await this.once(req);
      const { retryAfter, ...rest } = outcome;
      this.options.onRequest?.({
        method: req.method,
        url: outcome.url,
        status: outcome.status,
        errcode: outcome.errcode,
        error: outcome.error,
        durationMs: Math.round(performance.now() - started),
        attempt: attempts,
      });
      // Network errors only where another try can help: not a missing host, a bad certificate or a closed port.
      const retryable = outcome.error !== undefined ? isRetryableNetworkError(outcome.error) : outcome.status !== undefined && (outcome.status === 429 || outcome.status >= 500);
      if (!retryable || attempts > this.options.retries || this.deadline.aborted) {
        return { ...rest, durationMs: Math.round(performance.now() - started), attempts };
      }
      let wait = this.options.backoffMs * 2 ** (attempts - 1);
      if (outcome.status === 429 && retryAfter !== undefined) {
        if (retryAfter > this.options.maxRetryAfterMs) return { ...rest, durationMs: Math.round(performance.now() - started), attempts };
        wait = retryAfter;
      }
      await sleep(wait, this.deadline);
    }
  }
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
