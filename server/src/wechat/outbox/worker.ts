/**
 * The outbox worker (H5): claims due rows, sends up to `concurrency` at a time, records each outcome, and
 * retries with backoff. Each instance runs one; they share the table through SKIP LOCKED claims.
 * stop() stops claiming and drains: every send in flight finishes and is recorded, so nothing claimed is left
 * half-done. A worker that could not drain (killed, or stop's drain time ran out) leaves its rows 'sending';
 * their lease runs out and another worker sends template messages again with the same client_msg_id, and marks
 * the others (no client message id) 'maybe_sent'.
 */
import type { Logger } from '../../shared/logger.js';
import { backoffMs, classify, type SendRow } from './send.js';
import type { OutboxRow, OutboxStore } from './store.js';

interface WorkerOptions {
  concurrency: number;
  maxAttempts: number;
  leaseSeconds: number;
  /** How often an idle worker looks for due rows (rows written by this instance wake it at once). */
  pollMs?: number;
}

interface WorkerStats {
  sent: number;
  retried: number;
  failed: number;
  notFollowing: number;
  declined: number;
  /** Rows found with an unknown outcome after a worker died, on channels that cannot be re-sent safely. */
  maybeSent: number;
}

export class OutboxWorker {
  readonly stats: WorkerStats = { sent: 0, retried: 0, failed: 0, notFollowing: 0, declined: 0, maybeSent: 0 };
  private running = false;
  /** Bumped when in-flight sends are abandoned: their outcomes are then not recorded by this worker. */
  private generation = 0;
  /** Sends on their way to WeChat (at most `concurrency`). */
  private readonly inflight = new Set<Promise<void>>();
  /** Outcomes being written to the outbox. */
  private readonly recording = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private analyzedAt = 0;
  private sweptAt = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly send: SendRow,
    private readonly logger: Logger,
    private readonly opts: WorkerOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** New rows were written: look now instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  /**
   * Stops claiming and waits for the sends in flight to finish and be recorded, for at most `drainMs`;
   * whatever is still in flight then is abandoned (its lease runs out and another worker takes it over).
   */
  async stop(drainMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.nudge();
    await this.loopDone;
    const drained = Promise.allSettled([...this.inflight])
      .then(() => Promise.allSettled([...this.recording]))
      .then(() => true);
    const inTime = Number.isFinite(drainMs) ? await Promise.race([drained, sleep(drainMs).then(() => false)]) : await drained;
    if (!inTime) {
      this.generation++;
      this.logger.warn({ abandoned: this.inflight.size + this.recording.size }, 'outbox worker stopped before its sends finished; their leases will run out');
    }
  }

  private async loop(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 250;
    // Claim in chunks (half the slots) rather than one row per finished send.
    const chunk = Math.max(1, Math.floor(this.opts.concurrency / 2));
    while (this.running) {
      const free = this.freeSlots();
      let saturated = false;
      if (free >= chunk || (free > 0 && this.inflight.size === 0)) {
        try {
          let unknown = 0;
          if (Date.now() - this.sweptAt > 1000) {
            this.sweptAt = Date.now();
            unknown = await this.store.markMaybeSent();
          }
          if (unknown > 0) {
            this.stats.maybeSent += unknown;
            this.logger.warn({ rows: unknown }, 'notices whose send may have gone out before a worker stopped: marked maybe_sent, not sent again');
          }
          const rows = await this.store.claim(free, this.opts.leaseSeconds);
          for (const row of rows) this.track(row);
          saturated = rows.length === free;
          // A backlog: keep the planner's statistics fresh (see OutboxStore.analyze), at most once a minute.
          if (saturated && Date.now() - this.analyzedAt > 60_000) {
            this.analyzedAt = Date.now();
            await this.store.analyze();
          }
        } catch (err) {
          this.logger.error({ err }, 'outbox claim failed');
        }
      } else {
        saturated = true;
      }
      if (!this.running) break;
      // A backlog and slots free already: claim again. Otherwise wait for a slot, new rows (both nudge) or the poll.
      if (saturated && this.freeSlots() >= chunk) continue;
      await this.idle(pollMs);
    }
  }

  /** Sends that may start now. Outcomes not yet written count too, so that the database keeps up with the sends. */
  private freeSlots(): number {
    const c = this.opts.concurrency;
    return Math.min(c - this.inflight.size, 2 * c - this.inflight.size - this.recording.size);
  }

  private idle(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
    });
  }

  /**
   * A slot is held while the message is on its way to WeChat; its outcome is recorded after the slot is free
   * (a database write should not keep the next send waiting). stop() waits for both.
   */
  private track(row: OutboxRow): void {
    const generation = this.generation;
    const sending = this.send(row).then(
      (msgid) => ({ ok: true as const, msgid }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    const slot: Promise<void> = sending.then(() => {
      this.inflight.delete(slot);
      this.nudge();
    });
    this.inflight.add(slot);
    const recording: Promise<void> = sending
      .then((outcome) => this.record(row, generation, outcome))
      .finally(() => {
        this.recording.delete(recording);
        this.nudge();
      });
    this.recording.add(recording);
  }

  private async record(row: OutboxRow, generation: number, outcome: { ok: true; msgid: string | null } | { ok: false; err: unknown }): Promise<void> {
    // Abandoned by stop(): the row stays 'sending' until its lease runs out.
    if (generation !== this.generation) return;
    try {
      if (!outcome.ok) {
        await this.failed(row, outcome.err);
        return;
      }
      await this.store.sent(row.id, outcome.msgid);
      this.stats.sent++;
    } catch (err) {
      // Recording failed (database): the row stays 'sending' and is sent again after its lease, with the same client_msg_id.
      this.logger.error({ err, outboxId: row.id }, 'outbox outcome not recorded');
    }
  }

  private async failed(row: OutboxRow, err: unknown): Promise<void> {
    const outcome = classify(err, row);
    const log = { outboxId: row.id, channel: row.channel, notice: row.notice, attempt: row.attempts, errcode: 'errcode' in outcome ? outcome.errcode : null };
    switch (outcome.kind) {
      case 'not_following': {
        const sms = await this.store.notFollowing(row, outcome.errcode, outcome.message);
        this.stats.notFollowing++;
        this.logger.info({ ...log, smsFallback: sms }, 'notice recipient does not follow the official account');
        if (sms) this.nudge();
        return;
      }
      case 'final':
        await this.store.finish(row.id, outcome.status, outcome.errcode, outcome.message);
        if (outcome.status === 'declined') this.stats.declined++;
        else {
          this.stats.failed++;
          this.logger.warn({ ...log, error: outcome.message }, 'notice failed');
        }
        return;
      case 'retry':
        if (row.attempts >= this.opts.maxAttempts) {
          await this.store.finish(row.id, 'failed', outcome.errcode, outcome.message);
          this.stats.failed++;
          this.logger.warn({ ...log, error: outcome.message }, 'notice failed after its last attempt');
          return;
        }
        await this.store.retryLater(row.id, backoffMs(outcome.baseDelayMs, row.attempts), outcome.errcode, outcome.message);
        this.stats.retried++;
        return;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
