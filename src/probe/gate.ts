/**
 * A bound on requests in flight shared by several audits (a fleet run): each HttpClient keeps
 * its own per-server bound, and all of them pass through one gate for the global bound.
 */
export interface RequestGate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** One audit's queue at the gate. */
class Lane implements RequestGate {
  waiting: Array<() => void> = [];
  head = 0;
  queued = false;

  constructor(
    private readonly gate: Semaphore,
    readonly priority: number,
  ) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.gate.enter(this, task);
  }
}

/**
 * A counting semaphore with a lane per audit: a freed slot goes to the oldest lane waiting
 * (lowest priority number), and within a lane first come, first served. It sits on every
 * request of a fleet, so the free path allocates nothing but the task's own promise chain.
 *
 * Why lanes: first-come-first-served over every audit under way makes each of them crawl at
 * 1/jobs speed towards its own deadline, holding its state (plan, answers) all that while;
 * oldest-first lets each audit finish in about the time it would take alone.
 */
export class Semaphore implements RequestGate {
  private active = 0;
  /** Lanes with waiters, oldest first. */
  private readonly queue: Lane[] = [];
  private readonly shared: Lane;

  constructor(readonly limit: number) {
    this.shared = new Lane(this, 0);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.enter(this.shared, task);
  }

  /** A gate for one audit of a fleet; a lower `priority` (an earlier start) is served first. */
  lane(priority: number): RequestGate {
    return new Lane(this, priority);
  }

  /** @internal Lane.run */
  enter<T>(lane: Lane, task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) {
      this.active += 1;
      return task().finally(this.releaseSlot);
    }
    return new Promise<void>((start) => {
      lane.waiting.push(start);
      if (!lane.queued) this.enqueue(lane);
    })
      .then(task)
      .finally(this.releaseSlot);
  }

  private enqueue(lane: Lane): void {
    lane.queued = true;
    const queue = this.queue;
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (queue[middle]!.priority <= lane.priority) low = middle + 1;
      else high = middle;
    }
    queue.splice(low, 0, lane);
  }

  private readonly releaseSlot = (): void => this.release();

  // Hands the slot straight to the next waiter, so `active` never dips and overshoots.
  private release(): void {
    const queue = this.queue;
    if (queue.length === 0) {
      this.active -= 1;
      return;
    }
    const next = queue[0]!;
    const start = next.waiting[next.head]!;
    next.head += 1;
    if (next.head === next.waiting.length) {
      next.waiting = [];
      next.head = 0;
      next.queued = false;
      queue.shift();
    }
    start();
  }
}
