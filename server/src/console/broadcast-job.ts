/** I4: carries on fanning out broadcasts not finished yet (after a restart, or when the run after creating one was skipped). */
import type { Broadcasts } from './broadcasts.js';

export function broadcastJob(broadcasts: Broadcasts): () => Promise<void> {
  return () => broadcasts.fanOut();
}
