/**
 * I2 content management: one shape for every resource the editor manages (list / get / create / update / delete,
 * publish and unpublish where the public side filters on a status). Each resource writes the very tables the
 * public API reads (0001 reference data, 0003 agreements, 0005 content), so what staff save is what members see.
 * The console's routes (console/content/routes.ts) serve every resource the same way; each table's owner supplies
 * the resource that writes it (content's here, the built-in core's reference data, the console's business guides).
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../shared/clock.js';
import type { articles, faqs, forms } from '../tables.js';
import { DomainError, conflict, notFound } from '../../shared/errors.js';

export interface ResourceEnv {
  /** DATA_DIR: uploaded form files go to DATA_DIR/forms. */
  dataDir: string;
  /** The server's clock: what is in effect today (rates, agreements). */
  clock: Clock;
}

interface ListFilter {
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** A resource's item as the console shows it: always with its id and a title for the audit log. */
export interface View {
  id: number;
  [field: string]: unknown;
}

export interface ContentResource {
  /** The URL segment under /api/staff/content/. */
  key: string;
  /** What one item is called, in Chinese (messages). */
  label: string;
  create: z.ZodType;
  update: z.ZodType;
  /** One item as the console receives it (the answer of get, create, update, publish; the list's items). */
  view: z.ZodObject;
  /** Set when the items are kept elsewhere (a center's own core): why they are shown here but not edited. */
  readOnly?: string;
  /** What a create or update body may weigh when more than the default (an uploaded file). */
  bodyLimitBytes?: number;
  /** A line naming the item in the audit log. */
  titleOf(v: View): string;
  list(db: Db, f: ListFilter, env: ResourceEnv): Promise<{ items: View[]; total: number }>;
  get(db: Db, id: number, env: ResourceEnv): Promise<View | null>;
  insert(tx: Db, input: never, env: ResourceEnv): Promise<View>;
  /** Null when there is no such item. */
  patch(tx: Db, id: number, input: never, env: ResourceEnv): Promise<View | null>;
  /** Throws a 409 with a Chinese message when the item must not go (published, in effect …); false when missing. */
  remove(tx: Db, id: number, env: ResourceEnv): Promise<boolean>;
  publish?(tx: Db, id: number, env: ResourceEnv): Promise<View | null>;
  unpublish?(tx: Db, id: number, env: ResourceEnv): Promise<View | null>;
}

export const contentNotFound = (label: string) => notFound('CONTENT_NOT_FOUND', `该${label}不存在或已删除`);
export const contentInUse = (message: string) => conflict('CONTENT_IN_USE', message);
export const invalid = (message: string) => new DomainError('VALIDATION_FAILED', message, 400);

/** Drops keys whose value is undefined (a PUT sends only what changed). */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Deletes an item of one of content's tables with a publish status unless it is published (then a 409 with `message`). */
export async function removeUnpublished(tx: Db, table: typeof articles | typeof faqs | typeof forms, id: number, message: string): Promise<boolean> {
  const t = table as typeof articles;
  const [row] = await tx.select({ status: t.status }).from(t).where(eq(t.id, id));
  if (!row) return false;
  if (row.status === 'published') throw contentInUse(message);
  await tx.delete(t).where(eq(t.id, id));
  return true;
}
