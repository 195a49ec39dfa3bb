/**
 * A bound on requests in flight shared by several audits (a fleet run): each HttpClient keeps
 * its own per-server bound, and all of them pass through one gate for the global bound.
 */
export interface RequestGate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * A counting semaphore; waiters are served first come, first served. It sits on every request
 * of a fleet, so the free path allocates nothing but the task's own promise chain.
 */
export class Semaphore implements RequestGate {
  private active = 0;
  private waiting: Array<() => void> = [];
  private head = 0;

  constructor(readonly limit: number) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) {
      this.active += 1;
      return task().finally(this.release);
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(task).finally(this.release);
  }

  // Hands the slot straight to the next waiter, so `active` never dips and overshoots.
  private readonly release = (): void => {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.active -= 1;
    }
  };
}
