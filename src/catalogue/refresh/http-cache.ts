import { readFileSync } from 'node:fs';
import { makeDirectory } from '../../util/make-directory.js';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** What a cached page keeps: its ETag, the items the refresh reduced it to, and its next link. */
export interface CachedPage<T> {
  etag: string;
  items: T[];
  next?: string;
}

export interface HttpCache {
  get<T>(url: string): CachedPage<T> | undefined;
  set<T>(url: string, page: CachedPage<T>): Promise<void>;
}

/**
 * ETag cache of GitHub list pages, one small JSON file per URL under `<cache dir>/http/`, each
 * written atomically. It keeps the reduced items (numbers, labels, dates), never GitHub's full
 * bodies, and never a header: no token can end up on disk. A file that cannot be read is a
 * cache miss, never an error.
 */
export class DiskHttpCache implements HttpCache {
  private readonly directory: string;

  constructor(cacheDir: string) {
    this.directory = path.join(cacheDir, 'http');
  }

  private file(url: string): string {
    return path.join(this.directory, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
  }

  get<T>(url: string): CachedPage<T> | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.file(url), 'utf8')) as { url?: unknown; etag?: unknown; items?: unknown; next?: unknown };
      if (parsed.url !== url || typeof parsed.etag !== 'string' || !Array.isArray(parsed.items)) return undefined;
      return { etag: parsed.etag, items: parsed.items as T[], ...(typeof parsed.next === 'string' ? { next: parsed.next } : {}) };
    } catch {
      return undefined;
    }
  }

  async set<T>(url: string, page: CachedPage<T>): Promise<void> {
    makeDirectory(this.directory);
    await writeFileAtomic(this.file(url), `${JSON.stringify({ url, ...page })}\n`);
  }
}
