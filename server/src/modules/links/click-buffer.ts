import type { FastifyBaseLogger } from "fastify";
import type { ClickRow } from "./write-clicks.js";

export type ClickBufferOptions = {
  /** A batch is written as soon as this many hits wait… */
  maxBatch: number;
  /** …or this long after the first of them arrived. */
  maxDelayMs: number;
  /** Beyond this many unwritten hits (the database down for long), the oldest are dropped and counted. */
  maxPending: number;
};

export const defaultClickBufferOptions: ClickBufferOptions = {
  maxBatch: 1000,
  maxDelayMs: 200,
  maxPending: 200_000,
};

/**
 * Hits wait here so the redirect never waits for a write. One batch is written at a time (in
 * arrival order); a failed batch goes back to the front and is retried. close() writes everything
 * still waiting, which the app calls from its onClose hook.
 */
export class ClickBuffer {
  private pending: ClickRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  /** Hits written and hits dropped (only when maxPending overflowed), for tests and the bench. */
  written = 0;
  dropped = 0;

  constructor(
    private readonly write: (rows: ClickRow[]) => Promise<number>,
    private readonly log: Pick<FastifyBaseLogger, "error" | "warn">,
    private readonly options: ClickBufferOptions = defaultClickBufferOptions,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  /** Closed with its app: later hits belong to the app's closing answer (503), not the buffer. */
  get isClosed(): boolean {
    return this.closed;
  }

  add(row: ClickRow): void {
    this.pending.push(row);
    if (this.pending.length > this.options.maxPending) {
      const excess = this.pending.length - this.options.maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
      this.log.warn({ dropped: excess }, "click buffer full: oldest hits dropped");
    }
    if (this.pending.length >= this.options.maxBatch || this.closed) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.options.maxDelayMs);
    }
  }

  /** Writes everything waiting now (and what arrives meanwhile); resolves when the buffer is empty or a write failed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      try {
        await this.write(batch);
        this.written += batch.length;
      } catch (error) {
        this.pending.unshift(...batch);
        this.log.error({ err: error, hits: batch.length }, "writing short-link clicks failed; will retry");
        if (!this.closed) this.retryLater();
        return;
      }
    }
  }

  private retryLater(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, 1000);
  }

  /** Stops the timer and writes what is left, retrying a failed write a few times. */
  async close(): Promise<void> {
    this.closed = true;
    for (let attempt = 0; attempt < 5 && (this.pending.length || this.running); attempt++) {
      await this.running;
      await this.flush();
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length) this.log.error({ lost: this.pending.length }, "short-link clicks lost at close");
  }
}
