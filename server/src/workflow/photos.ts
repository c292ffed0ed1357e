/**
 * Application photos (档案上传, 001 2.1 / 003 5.2.1): JPEG or PNG as their first bytes say (the declared type and
 * the file name are not trusted), size-capped, at most 4 a category, stored under DATA_DIR/uploads named by their
 * SHA-256 (the same picture uploaded twice is one file); the database keeps the hash and the slot.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { applicationPhotos } from '../db/schema.js';
import { DomainError } from '../shared/errors.js';

export type PhotoRow = typeof applicationPhotos.$inferSelect;
export type ImageType = 'image/jpeg' | 'image/png';

/** 4 MiB: a phone photo of a certificate at a readable resolution, well under what WeChat uploads allow. */
export const PHOTO_MAX_BYTES = 4 * 1024 * 1024;
export const PHOTOS_PER_CATEGORY = 4;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type from the content's signature, or null for anything else. */
export function sniffImage(bytes: Buffer): ImageType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  return null;
}

export function checkImage(bytes: Buffer): { mediaType: ImageType; sha256: string } {
  if (bytes.length === 0) throw new DomainError('PHOTO_EMPTY', '请选择要上传的照片', 400);
  if (bytes.length > PHOTO_MAX_BYTES) throw new DomainError('PHOTO_TOO_LARGE', `照片不能超过${PHOTO_MAX_BYTES / 1024 / 1024}MB`, 413);
  const mediaType = sniffImage(bytes);
  if (!mediaType) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', '只能上传 JPG 或 PNG 格式的照片', 415);
  return { mediaType, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export class PhotoStorage {
  constructor(private readonly dataDir: string) {}

  private file(sha256: string): string {
    return path.resolve(this.dataDir, 'uploads', sha256.slice(0, 2), sha256);
  }

  /** Writes the file once (atomically: a temporary name, then rename); a second upload of it is a no-op. */
  async save(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.file(sha256);
    if (await stat(target).then(() => true, () => false)) return;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, target);
  }

  async read(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.file(sha256)).catch(() => null);
    if (!bytes) throw new DomainError('PHOTO_FILE_MISSING', '照片文件不存在', 404);
    // The name is the hash: a file changed on disk is refused rather than shown as the member's material.
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new DomainError('PHOTO_FILE_CORRUPT', '照片文件已损坏', 500);
    return bytes;
  }
}

export async function listPhotos(db: Db, applicationIds: number[]): Promise<PhotoRow[]> {
  if (applicationIds.length === 0) return [];
  return db.select().from(applicationPhotos).where(inArray(applicationPhotos.applicationId, applicationIds))
    .orderBy(asc(applicationPhotos.category), asc(applicationPhotos.slot));
}

/**
 * Takes the lowest free slot of the category. Two uploads racing for one slot: the unique (application, category,
 * slot) lets one in and the other tries the next; when all 4 are taken, PHOTO_LIMIT.
 */
export async function insertPhoto(db: Db, v: Omit<typeof applicationPhotos.$inferInsert, 'slot' | 'id' | 'createdAt'>): Promise<PhotoRow> {
  for (let attempt = 0; attempt < PHOTOS_PER_CATEGORY; attempt++) {
    const used = new Set((await db.select({ slot: applicationPhotos.slot }).from(applicationPhotos)
      .where(and(eq(applicationPhotos.applicationId, v.applicationId), eq(applicationPhotos.category, v.category)))).map((r) => r.slot));
    const slot = [1, 2, 3, 4].find((s) => !used.has(s));
    if (slot === undefined) break;
    const [row] = await db.insert(applicationPhotos).values({ ...v, slot }).onConflictDoNothing().returning();
    if (row) return row;
  }
  throw new DomainError('PHOTO_LIMIT', `每类材料最多上传${PHOTOS_PER_CATEGORY}张照片`, 409);
}

export async function deletePhoto(db: Db, applicationId: number, photoId: number): Promise<boolean> {
  const rows = await db.delete(applicationPhotos)
    .where(and(eq(applicationPhotos.applicationId, applicationId), eq(applicationPhotos.id, photoId))).returning({ id: applicationPhotos.id });
  return rows.length > 0;
}
