/**
 * The core emulator's own controls (not part of the protocol; sandbox and tests only), in-process and over HTTP
 * without a signature:
 *
 *   POST /emulator/faults   { failNext?, down?, delayMs?, duplicateEvents?, reorderEvents? }  → { faults }
 *   POST /emulator/reset                                                                      → { faults }
 */
import { z } from 'zod';

export interface CoreFaults {
  /** The next N operations answer 503 CORE_DOWN. */
  failNext?: number;
  /** Every operation answers 503 CORE_DOWN until turned off. */
  down?: boolean;
  /** Every operation waits this long before it is served. */
  delayMs?: number;
  /** listEvents answers each event twice (the product must apply each eventId once). */
  duplicateEvents?: boolean;
  /** listEvents answers each page in reverse order. */
  reorderEvents?: boolean;
}

export const coreFaultsSchema = z.strictObject({
  failNext: z.number().int().min(0).optional(),
  down: z.boolean().optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  duplicateEvents: z.boolean().optional(),
  reorderEvents: z.boolean().optional(),
});

/** The faults in force; each call of `set` changes only the keys it names. */
export class FaultState {
  private state: Required<CoreFaults> = FaultState.none();

  private static none(): Required<CoreFaults> {
    return { failNext: 0, down: false, delayMs: 0, duplicateEvents: false, reorderEvents: false };
  }

  set(f: CoreFaults): Required<CoreFaults> {
    const given = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    this.state = { ...this.state, ...given };
    return this.current();
  }

  reset(): void {
    this.state = FaultState.none();
  }

  current(): Required<CoreFaults> {
    return { ...this.state };
  }

  /** Whether this operation is refused as if the core were down (a failNext is used up by it). */
  refuses(): boolean {
    if (this.state.down) return true;
    if (this.state.failNext > 0) {
      this.state.failNext -= 1;
      return true;
    }
    return false;
  }
}
