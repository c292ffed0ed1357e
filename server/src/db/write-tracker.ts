/**
 * Which requests wrote to the database (issue 14): a request that sent no statement that could change anything may
 * be tried again when its connection breaks (http/retry.ts); one that did may have committed, and answers 503.
 * The PostgreSQL client notes every statement it sends (client.ts) against the request running it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Writes {
  wrote: boolean;
}

const current = new AsyncLocalStorage<Writes>();
/** Conservative: a statement that may change rows, or ends a transaction that did (FOR UPDATE counts too). */
const MAY_WRITE = /\b(insert|update|delete|merge|truncate|commit|copy|notify|pg_notify|nextval|setval|create|alter|drop|grant|revoke|call|do)\b/i;

/** Runs fn, noting whether any statement sent for it may have written. */
export async function trackWrites<T>(fn: () => Promise<T>): Promise<{ writes: Writes; outcome: { ok: true; value: T } | { ok: false; error: unknown } }> {
  const writes: Writes = { wrote: false };
  try {
    return { writes, outcome: { ok: true, value: await current.run(writes, fn) } };
  } catch (error) {
    return { writes, outcome: { ok: false, error } };
  }
}

/** The client's side: a statement is about to be sent (its text, when it has one). */
export function noteStatement(text: unknown): void {
  const writes = current.getStore();
  if (writes && !writes.wrote && (typeof text !== 'string' || MAY_WRITE.test(text))) writes.wrote = true;
}

/** A write that is harmless to repeat (a session's idle slide): not counted against the request that causes it. */
export function repeatableWrite<T>(fn: () => T): T {
  return current.exit(fn);
}
