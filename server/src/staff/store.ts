/** Staff accounts (0007_workflow.sql): names for the review side's history, and the demo accounts' seeding. */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type ReviewNodeKey } from '../workflow/tables.js';
import { staffUsers, type StaffRole } from './tables.js';

export async function staffNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(inArray(staffUsers.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertStaff(db: Db, s: { username: string; name: string; role: StaffRole; reviewNodes: ReviewNodeKey[]; passwordHash: string }) {
  const [row] = await db.insert(staffUsers).values(s).onConflictDoNothing().returning({ id: staffUsers.id });
  return row?.id ?? null;
}
