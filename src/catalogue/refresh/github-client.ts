import { Agent, request, errors as undiciErrors } from 'undici';
import { DEFAULT_PROBE_OPTIONS } from '../../probe/options.js';
import { retryAfterMs } from '../../probe/http-client.js';
import { UnauditableError } from '../../util/errors.js';
import { stripControl } from '../../util/sanitize.js';
import type { HttpCache } from './http-cache.js';

/**
 * A small client of GitHub's REST API for `catalogue refresh`: list endpoints only, read page by
 * page through `Link` headers, each page asked for conditionally (`If-None-Match` with the ETag
 * kept in the on-disk cache) so that an unchanged page costs a 304 and no body. Rate limits are
 * read from `x-ratelimit-remaining` / `retry-after`; when GitHub says stop, the refresh stops
 * with a message instead of hammering it. Timeouts and retries follow the probe engine.
 */
export interface GitHubClientOptions {
  /** API root, e.g. https://api.github.com (GITHUB_API_URL). */
  apiUrl: URL;
  token?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Longest retry-after we are willing to wait before giving up. */
  maxRetryAfterMs?: number;
  maxBodyBytes?: number;
  cache: HttpCache;
}

export interface RequestStats {
  requests: number;
  /** Requests sent with If-None-Match. */
  conditional: number;
  notModified: number;
}

/** GitHub said stop (or could not be read): the refresh ends, exit 3, the previous overlay stays. */
export class GitHubUnavailableError extends UnauditableError {
  constructor(message: string) {
    super(message);
    this.name = 'GitHubUnavailableError';
  }
}

/** One page as the refresh uses it: the reduced items, and the next page's URL. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** The `rel="next"` target of a Link header (RFC 8288, as GitHub writes it). */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(?:^|;)\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/.test(match[2]!)) return match[1];
  }
  return undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function networkErrorName(error: unknown): string {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) return 'timeout';
  const cause = error instanceof Error ? ((error as Error & { cause?: unknown }).cause ?? error) : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'network error') : 'network error';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class GitHubClient {
  readonly stats: RequestStats = { requests: 0, conditional: 0, notModified: 0 };
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxBodyBytes: number;
  /** What the last answer said about the primary rate limit. */
  private remaining: number | undefined;
  private resetAt: number | undefined;

  constructor(private readonly options: GitHubClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_OPTIONS.timeoutMs;
    this.retries = options.retries ?? DEFAULT_PROBE_OPTIONS.retries;
    this.backoffMs = options.backoffMs ?? DEFAULT_PROBE_OPTIONS.backoffMs;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_PROBE_OPTIONS.maxRetryAfterMs;
    // List pages of 100 issues are large; a cap still bounds what a broken server can make us read.
    this.maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
    this.agent = new Agent({ connections: 4, keepAliveTimeout: 10_000, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, connect: { timeout: this.timeoutMs } });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** An API path (with query) as a URL under the API root. */
  url(pathAndQuery: string): URL {
    const base = this.options.apiUrl.href.endsWith('/') ? this.options.apiUrl.href : `${this.options.apiUrl.href}/`;
    return new URL(pathAndQuery.replace(/^\//, ''), base);
  }

  /**
   * Every page of a list endpoint, reduced by `reduce` (applied to fresh bodies only; the cache
   * keeps reduced items, never GitHub's full bodies).
   */
  async list<T>(first: URL, reduce: (body: unknown) => T[]): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined = first.href;
    while (next !== undefined) {
      if (seen.has(next)) throw new GitHubUnavailableError(`GitHub's pagination loops back to ${this.describe(next)}: stopped`);
      seen.add(next);
      const page: Page<T> = await this.page(next, reduce);
      items.push(...page.items);
      next = page.next;
    }
    return items;
  }

  /** A URL for messages: the path and query only, never credentials. */
  private describe(url: string): string {
    try {
      const parsed = new URL(url);
      return stripControl(`${parsed.pathname}${parsed.search}`).slice(0, 200);
    } catch {
      return '(invalid URL)';
    }
  }

  private async page<T>(href: string, reduce: (body: unknown) => T[]): Promise<Page<T>> {
    const url = new URL(href);
    // The token goes to the API origin only; a Link pointing elsewhere is not followed.
    if (url.origin !== this.options.apiUrl.origin) throw new GitHubUnavailableError(`GitHub pointed the next page at another origin (${stripControl(url.origin)}): stopped`);
    const cached = this.options.cache.get<T>(url.href);
    for (let attempt = 1; ; attempt += 1) {
      this.checkRateLimit();
      const headers: Record<string, string> = {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'msc-audit',
      };
      if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
      if (cached) headers['if-none-match'] = cached.etag;
      this.stats.requests += 1;
      if (cached) this.stats.conditional += 1;
      let response;
      try {
        // undici's request does not follow redirects: a moved repository is reported, not chased.
        response = await request(url, { method: 'GET', headers, dispatcher: this.agent });
      } catch (error) {
        if (attempt <= this.retries) {
          await sleep(this.backoffMs * 2 ** (attempt - 1));
          continue;
        }
        throw new GitHubUnavailableError(`cannot read ${this.describe(url.href)} from ${this.options.apiUrl.origin} (${networkErrorName(error)}): check the network or GITHUB_API_URL`);
      }
      const status = response.statusCode;
      this.noteRateLimit(response.headers);
      if (status === 304 && cached) {
        await response.body.dump().catch(() => undefined);
        this.stats.notModified += 1;
        return { items: cached.items, ...(cached.next !== undefined ? { next: cached.next } : {}) };
      }
      let text: string;
      try {
        text = await this.readBody(response.body);
      } catch (error) {
        if (attempt <= this.retries) {
          await sleep(this.backoffMs * 2 ** (attempt - 1));
          continue;
        }
        throw new GitHubUnavailableError(`cannot read ${this.describe(url.href)} (${networkErrorName(error)})`);
      }
      if (status === 200) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new GitHubUnavailableError(`${this.describe(url.href)} did not answer JSON: is GITHUB_API_URL the REST API root (e.g. https://api.github.com)?`);
        }
        const items = reduce(body);
        const next = nextLink(header(response.headers, 'link'));
        const etag = header(response.headers, 'etag');
        if (etag) await this.options.cache.set(url.href, { etag, items, ...(next !== undefined ? { next } : {}) });
        return { items, ...(next !== undefined ? { next } : {}) };
      }
      const wait = this.rateLimitWait(status, response.headers, text);
      if (wait !== undefined) {
        if (wait > this.maxRetryAfterMs || attempt > this.retries) throw this.rateLimitError(wait);
        await sleep(wait);
        continue;
      }
      if (status >= 500 && attempt <= this.retries) {
        await sleep(this.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      throw new GitHubUnavailableError(`${this.describe(url.href)} answered ${status}${this.githubMessage(text)}${status === 401 ? ': the GitHub token was rejected (check GITHUB_TOKEN or --token-file)' : status === 404 ? ': check the repository and GITHUB_API_URL' : ''}`);
    }
  }

  private async readBody(body: AsyncIterable<unknown> & { destroy(): void }): Promise<string> {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      if (bytes > this.maxBodyBytes) {
        body.destroy();
        throw new Error(`body larger than ${this.maxBodyBytes} bytes`);
      }
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private noteRateLimit(headers: Record<string, string | string[] | undefined>): void {
    const remaining = Number(header(headers, 'x-ratelimit-remaining'));
    const reset = Number(header(headers, 'x-ratelimit-reset'));
    if (header(headers, 'x-ratelimit-remaining') !== undefined && Number.isFinite(remaining)) this.remaining = remaining;
    if (header(headers, 'x-ratelimit-reset') !== undefined && Number.isFinite(reset)) this.resetAt = reset * 1000;
  }

  /** Stop before a request GitHub has already said it will refuse. */
  private checkRateLimit(): void {
    if (this.remaining === 0 && this.resetAt !== undefined && this.resetAt > Date.now()) throw this.rateLimitError(this.resetAt - Date.now());
  }

  /**
   * How long GitHub asks us to wait, when this answer is a rate limit: a primary limit (403/429
   * with x-ratelimit-remaining 0, until x-ratelimit-reset) or a secondary one (retry-after).
   */
  private rateLimitWait(status: number, headers: Record<string, string | string[] | undefined>, text: string): number | undefined {
    if (status !== 403 && status !== 429) return undefined;
    const retryAfter = retryAfterMs(undefined, header(headers, 'retry-after'));
    if (retryAfter !== undefined) return retryAfter;
    if (header(headers, 'x-ratelimit-remaining') === '0') return this.resetAt !== undefined ? Math.max(0, this.resetAt - Date.now()) : Number.POSITIVE_INFINITY;
    // GitHub documents a secondary limit without retry-after: wait at least a minute.
    if (/rate limit/i.test(text)) return 60_000;
    return undefined;
  }

  private rateLimitError(waitMs: number): GitHubUnavailableError {
    const when = Number.isFinite(waitMs) ? ` (it resets in about ${Math.max(1, Math.ceil(waitMs / 60_000))} min)` : '';
    const advice = this.options.token ? 'try again later' : 'set GITHUB_TOKEN or --token-file for a higher limit, or try again later';
    return new GitHubUnavailableError(`GitHub's API rate limit is reached${when}: stopped after ${this.stats.requests} requests; the previous overlay is unchanged and pages already read are cached; ${advice}`);
  }

  /** GitHub's own error message, when the body has one: sanitised, short, and never the token. */
  private githubMessage(text: string): string {
    let message: unknown;
    try {
      message = (JSON.parse(text) as { message?: unknown }).message;
    } catch {
      return '';
    }
    if (typeof message !== 'string' || message.length === 0) return '';
    let clean = stripControl(message).slice(0, 160);
    if (this.options.token) clean = clean.split(this.options.token).join('[token]');
    return ` ("${clean}")`;
  }
}
