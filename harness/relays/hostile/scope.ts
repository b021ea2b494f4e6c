// Everything a hostile relay schedules (timers, intervals, write loops) belongs to a scope, so that
// closing the relay stops all of it: no stray timer keeps a test process alive or writes to a
// socket that is gone.
export class Scope {
  #closed = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #cleanups = new Set<() => void>();

  get closed(): boolean {
    return this.#closed;
  }

  after(ms: number, fn: () => void): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) fn();
    }, ms);
    this.#timers.add(timer);
  }

  every(ms: number, fn: () => void): void {
    if (this.#closed) return;
    const timer = setInterval(() => {
      if (!this.#closed) fn();
    }, ms);
    this.#timers.add(timer);
  }

  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#cleanups.add(fn);
  }

  /** A scope that closes with this one, or earlier on its own (one per connection). */
  child(): Scope {
    const child = new Scope();
    const closeChild = () => child.close();
    this.onClose(closeChild);
    child.onClose(() => this.#cleanups.delete(closeChild));
    return child;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // clearTimeout also clears intervals.
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const cleanups = [...this.#cleanups];
    this.#cleanups.clear();
    for (const fn of cleanups) fn();
  }
}
