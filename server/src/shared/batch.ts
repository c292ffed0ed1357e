/**
 * Group commit for hot paths (the webhook, session touches). Calls arrive many at a time; instead of one statement each,
 * the calls made in one turn of the event loop, or while the previous statement runs, are sent together as one
 * (jsonb_to_recordset / ANY($1)).
 * One statement costs about as much as one row here, on PGlite most of all, so under load a push costs a
 * fraction of a round trip, and alone it waits for nothing (the first call is sent at once).
 */
interface BatchOptions {
  /** Most items in one statement. */
  maxBatch?: number;
  /** Statements of this batcher in flight at once (PostgreSQL pools run them in parallel). */
  maxInFlight?: number;
}

/** Returns a function of one item whose calls are run `run(items)` at a time; `run` answers in item order. */
export function batched<I, O>(run: (items: I[]) => Promise<O[]>, opts: BatchOptions = {}): (item: I) => Promise<O> {
  const maxBatch = opts.maxBatch ?? 500;
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;

  const flush = () => {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      run(batch.map((b) => b.item))
        .then(
          (out) => batch.forEach((b, i) => b.resolve(out[i] as O)),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          inFlight--;
          flush();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Sent after the I/O callbacks of this turn of the event loop: requests that arrived together go together
      // (PGlite answers within the call, so a microtask would send each alone). Later calls wait for a free slot.
      if (queue.length === 1) setImmediate(flush);
    });
}

/**
 * Concurrent reads of the same key share one call (singleflight): ten members' phones asking at once cost one
 * query each, one member asking ten times at once costs one. Nothing is kept once the call has answered. `keyOf`
 * names the key when the argument carries more than it (calls with the same key share the first call's).
 */
export function coalesced<A, V, K = A>(load: (arg: A) => Promise<V>, keyOf: (arg: A) => K = (arg) => arg as unknown as K): (arg: A) => Promise<V> {
  const pending = new Map<K, Promise<V>>();
  return (arg) => {
    const key = keyOf(arg);
    const existing = pending.get(key);
    if (existing) return existing;
    const p = load(arg).finally(() => pending.delete(key));
    pending.set(key, p);
    return p;
  };
}
