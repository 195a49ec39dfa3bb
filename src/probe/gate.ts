/**
 * A bound on requests in flight shared by several audits (a fleet run): each HttpClient keeps
 * its own per-server bound, and all of them pass through one gate for the global bound.
 */
export interface RequestGate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

interface Waiter {
  priority: number;
  arrival: number;
  start: () => void;
}

/**
 * A counting semaphore whose waiters are served by priority (lower first), then in arrival
 * order. It sits on every request of a fleet, so the free path allocates nothing but the task's
 * own promise chain; the waiters form a binary heap.
 */
export class Semaphore implements RequestGate {
  private active = 0;
  private readonly heap: Waiter[] = [];
  private arrivals = 0;

  constructor(readonly limit: number) {}

  run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active < this.limit) {
      this.active += 1;
      return task().finally(this.release);
    }
    return new Promise<void>((start) => this.push({ priority, arrival: this.arrivals++, start })).then(task).finally(this.release);
  }

  /**
   * A gate for one audit of a fleet: its requests wait behind those of audits that started
   * earlier. Serving the oldest audits first lets each audit finish in about the time it would
   * take alone, where first-come-first-served spreads the bound over every audit under way: each
   * would then take `jobs` times longer, nearer its own deadline, and hold its state (plan,
   * answers) in memory all that while.
   */
  lane(priority: number): RequestGate {
    return { run: (task) => this.run(task, priority) };
  }

  // Hands the slot straight to the next waiter, so `active` never dips and overshoots.
  private readonly release = (): void => {
    const next = this.pop();
    if (next) next.start();
    else this.active -= 1;
  };

  private before(a: Waiter, b: Waiter): boolean {
    return a.priority < b.priority || (a.priority === b.priority && a.arrival < b.arrival);
  }

  private push(waiter: Waiter): void {
    const heap = this.heap;
    heap.push(waiter);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private pop(): Waiter | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}
