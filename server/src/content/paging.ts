import { z } from 'zod';

/**
 * The paging contract of every public list: `page` (1-based) and `pageSize` (1–50, default 10) in the query,
 * `{ items, total, page, pageSize }` in the answer. A value out of range is a 400 VALIDATION_FAILED, never
 * silently clamped; a page past the end is simply empty.
 */
const MAX_PAGE_SIZE = 50;
const MAX_PAGE = 10_000;

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).describe('页码，从1开始'),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(10).describe(`每页条数，1至${MAX_PAGE_SIZE}，默认10`),
});

export interface PageRequest {
  page: number;
  pageSize: number;
}
export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const limitOffset = (p: PageRequest) => ({ limit: p.pageSize, offset: (p.page - 1) * p.pageSize });

/** A slice of a list already in memory, and how long the list is. */
export function sliceOf<T>(all: T[], { limit, offset }: { limit: number; offset: number }): { items: T[]; total: number } {
  return { items: all.slice(offset, offset + limit), total: all.length };
}

/** Pages a list already in memory (small catalogues: housing projects, outlets, ranked FAQs). */
export function pageArray<T>(all: T[], p: PageRequest): PageOf<T> {
  return { ...sliceOf(all, limitOffset(p)), page: p.page, pageSize: p.pageSize };
}

/** The response schema of a page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('符合条件的总条数'),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** An optional free-text query parameter: trimmed, empty means absent. */
export const searchText = (max = 50) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
