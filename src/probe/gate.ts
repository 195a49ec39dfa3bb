/**
 * A bound on requests in flight shared by several audits (a fleet run): each HttpClient keeps
 * its own per-server bound, and all of them pass through one gate for the global bound.
 */
export interface RequestGate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** A counting semaphore; waiters are served first come, first served. */
export class Semaphore implements RequestGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never dips and overshoots.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
