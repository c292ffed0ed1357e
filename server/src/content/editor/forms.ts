/**
 * F7 资料下载 as the editor uploads it: the file comes as base64 in JSON (≤ 5 MB), is stored under DATA_DIR/forms
 * named by its SHA-256 (the same bytes are stored once), and the public download serves exactly those bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { forms } from '../tables.js';
import { shanghaiIso } from '../../shared/dates.js';
import { containsPattern } from '../store.js';
import { contentInUse, defined, removeUnpublished, invalid, type ContentResource, type ResourceEnv, type View } from './resource.js';

const MAX_FORM_BYTES = 5 * 1024 * 1024;
/** What the request body may weigh: the base64 of 5 MB plus the other fields. */
const FORM_BODY_LIMIT = Math.ceil((MAX_FORM_BYTES * 4) / 3) + 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((n) => !/[/\\]/.test(n) && ![...n].some((ch) => ch.charCodeAt(0) < 0x20), '文件名不能包含斜杠或控制字符')
  .refine((n) => path.extname(n).toLowerCase() in CONTENT_TYPES, `文件类型须为 ${Object.keys(CONTENT_TYPES).join('、')}`);
const base64 = z
  .string()
  .min(4)
  .max(FORM_BODY_LIMIT)
  .regex(/^[A-Za-z0-9+/\r\n]+={0,2}$/, '文件内容须为 base64 编码');

const formFields = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/, '编号只能包含小写字母、数字和短横线')
    .optional()
    .describe('下载时的英文文件名；默认自动生成'),
  title: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(20).describe('提取、贷款、转移接续、综合'),
  description: z.string().trim().max(500).optional(),
  fileName,
  contentBase64: base64.describe('文件内容（base64，解码后不超过 5 MB）'),
  sort: z.number().int().min(0).max(100_000).optional(),
  status: z.enum(['draft', 'published']).optional().describe('默认 published'),
});
const formUpdate = formFields
  .partial()
  .refine((f) => (f.fileName === undefined) === (f.contentBase64 === undefined), '更换文件时须同时提供 fileName 和 contentBase64');
type FormInput = z.infer<typeof formFields>;
type FormRow = typeof forms.$inferSelect;

const formViewSchema = z.object({
  id: z.number(),
  code: z.string().describe('下载时的英文文件名'),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  sort: z.number(),
  status: z.enum(['draft', 'published', 'hidden']),
  publishedAt: z.string().nullable(),
  downloadCount: z.number(),
  createdAt: z.string(),
  downloadUrl: z.string(),
});

const formView = (r: FormRow): View & z.input<typeof formViewSchema> => ({
  id: r.id,
  code: r.code,
  title: r.title,
  category: r.category,
  description: r.description,
  fileName: r.fileName,
  contentType: r.contentType,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  sort: r.sort,
  status: r.status,
  publishedAt: r.publishedAt ? shanghaiIso(r.publishedAt) : null,
  downloadCount: r.downloadCount,
  createdAt: shanghaiIso(r.createdAt),
  downloadUrl: `/api/public/forms/${r.id}/download`,
});

/** Decodes and stores the file; returns the columns that describe it. */
async function storeFile(env: ResourceEnv, name: string, contentBase64: string) {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) throw invalid('文件内容为空');
  if (bytes.length > MAX_FORM_BYTES) throw invalid('文件不能超过 5 MB');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const ext = path.extname(name).toLowerCase();
  const storageKey = `${sha256}${ext}`;
  const dir = path.resolve(env.dataDir, 'forms');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, storageKey), bytes);
  return { fileName: name, contentType: CONTENT_TYPES[ext]!, sizeBytes: bytes.length, sha256, storage: 'data_dir' as const, storageKey };
}

export const formResource: ContentResource = {
  key: 'forms',
  label: '表格',
  create: formFields,
  update: formUpdate,
  view: formViewSchema,
  bodyLimitBytes: FORM_BODY_LIMIT,
  titleOf: (v) => String(v['title']),
  async list(db, f) {
    const where = f.q ? or(ilike(forms.title, containsPattern(f.q)), ilike(forms.category, containsPattern(f.q))) : undefined;
    const [rows, [total]] = await Promise.all([
      db.select().from(forms).where(where).orderBy(desc(forms.createdAt), desc(forms.id)).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(forms).where(where),
    ]);
    return { items: rows.map(formView), total: total?.n ?? 0 };
  },
  async get(db, id) {
    const [row] = await db.select().from(forms).where(eq(forms.id, id));
    return row ? formView(row) : null;
  },
  async insert(tx, input: FormInput, env) {
    const file = await storeFile(env, input.fileName, input.contentBase64);
    const status = input.status ?? 'published';
    const [row] = await tx
      .insert(forms)
      .values({
        code: input.code ?? `form-${randomBytes(5).toString('hex')}`,
        title: input.title,
        category: input.category,
        description: input.description ?? '',
        sort: input.sort ?? 0,
        status,
        publishedAt: status === 'published' ? new Date() : null,
        ...file,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw contentInUse(`编号 ${input.code} 已被其他表格使用`);
    return formView(row);
  },
  async patch(tx, id, input: Partial<FormInput>, env) {
    const file = input.fileName && input.contentBase64 ? await storeFile(env, input.fileName, input.contentBase64) : {};
    const { contentBase64: _bytes, fileName: _name, ...fields } = input;
    const set = {
      ...defined(fields),
      ...file,
      ...(input.status === 'published' ? { publishedAt: sql`coalesce(${forms.publishedAt}, now())` } : {}),
    };
    if (Object.keys(set).length === 0) return this.get(tx, id, env); // nothing to change (an UPDATE needs a column)
    const [row] = await tx.update(forms).set(set).where(eq(forms.id, id)).returning();
    return row ? formView(row) : null;
  },
  remove: (tx, id) => removeUnpublished(tx, forms, id, '该表格正在提供下载，请先下架再删除'),
  async publish(tx, id) {
    const [row] = await tx
      .update(forms)
      .set({ status: 'published', publishedAt: sql`coalesce(${forms.publishedAt}, now())` })
      .where(eq(forms.id, id))
      .returning();
    return row ? formView(row) : null;
  },
  async unpublish(tx, id) {
    const [row] = await tx.update(forms).set({ status: 'draft' }).where(eq(forms.id, id)).returning();
    return row ? formView(row) : null;
  },
};
