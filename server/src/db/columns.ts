/** The column shapes the owners' tables.ts files share (ids and amounts in fen are bigints within 2^53). */
import { bigint, bigserial, date, timestamp } from 'drizzle-orm/pg-core';

export const id = () => bigserial('id', { mode: 'number' }).primaryKey();
export const fenCol = (name: string) => bigint(name, { mode: 'number' });
export const ref = (name: string) => bigint(name, { mode: 'number' });
export const day = (name: string) => date(name, { mode: 'string' });
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
