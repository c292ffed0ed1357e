/**
 * Application photos (档案上传, 001 2.1 / 003 5.2.1): JPEG or PNG as their content decodes (the declared type and
 * the file name are not trusted), size-capped, at most 4 a category, stored under DATA_DIR/uploads named by their
 * SHA-256 (the same picture uploaded twice is one file); the database keeps the hash and the slot.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { applicationPhotos } from './tables.js';
import { DomainError } from '../shared/errors.js';
import { checkImageContent, type ImageType } from './image-check.js';

export type PhotoRow = typeof applicationPhotos.$inferSelect;

/** 4 MiB: a phone photo of a certificate at a readable resolution, well under what WeChat uploads allow. */
export const PHOTO_MAX_BYTES = 4 * 1024 * 1024;
const PHOTOS_PER_CATEGORY = 4;

/**
 * A photo is what decodes as one (image-check.ts): JPEG or PNG with real structure and dimensions, no markup. What is
 * stored is the image up to its end marker (data a phone appends after it is dropped), named by its SHA-256.
 */
function checkImage(upload: Buffer): { mediaType: ImageType; sha256: string; bytes: Buffer; width: number; height: number } {
  if (upload.length === 0) throw new DomainError('PHOTO_EMPTY', '请选择要上传的照片', 400);
  if (upload.length > PHOTO_MAX_BYTES) throw new DomainError('PHOTO_TOO_LARGE', `照片不能超过${PHOTO_MAX_BYTES / 1024 / 1024}MB`, 413);
  const image = checkImageContent(upload);
  if (!image) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', '只能上传 JPG 或 PNG 格式的照片', 415);
  return { ...image, sha256: createHash('sha256').update(image.bytes).digest('hex') };
}

export class PhotoStorage {
  constructor(private readonly dataDir: string) {}

  private file(sha256: string): string {
    return path.resolve(this.dataDir, 'uploads', sha256.slice(0, 2), sha256);
  }

  /** Writes the file once (atomically: a temporary name, then rename); a second upload of it is a no-op. */
  async save(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.file(sha256);
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      return;
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

/** Checks an upload, writes the image once and takes a slot of its category (the applicant's and the spouse's uploads). */
export async function storePhoto(
  db: Db,
  storage: PhotoStorage,
  slot: { applicationId: number; category: string; uploadedBy: number },
  upload: Buffer,
): Promise<PhotoRow> {
  const { mediaType, sha256, bytes } = checkImage(upload);
  await storage.save(sha256, bytes);
  return insertPhoto(db, { ...slot, sha256, mediaType, sizeBytes: bytes.length });
}

export async function listPhotos(db: Db, applicationIds: number[]): Promise<PhotoRow[]> {
  if (applicationIds.length === 0) return [];
  return db
    .select()
    .from(applicationPhotos)
    .where(inArray(applicationPhotos.applicationId, applicationIds))
    .orderBy(asc(applicationPhotos.category), asc(applicationPhotos.slot));
}

/**
 * Takes the lowest free slot of the category. Two uploads racing for one slot: the unique (application, category,
 * slot) lets one in and the other tries the next; when all 4 are taken, PHOTO_LIMIT.
 */
async function insertPhoto(db: Db, v: Omit<typeof applicationPhotos.$inferInsert, 'slot' | 'id' | 'createdAt'>): Promise<PhotoRow> {
  for (let attempt = 0; attempt < PHOTOS_PER_CATEGORY; attempt++) {
    const used = new Set(
      (
        await db
          .select({ slot: applicationPhotos.slot })
          .from(applicationPhotos)
          .where(and(eq(applicationPhotos.applicationId, v.applicationId), eq(applicationPhotos.category, v.category)))
      ).map((r) => r.slot),
    );
    const slot = [1, 2, 3, 4].find((s) => !used.has(s));
    if (slot === undefined) break;
    const [row] = await db
      .insert(applicationPhotos)
      .values({ ...v, slot })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
  }
  throw new DomainError('PHOTO_LIMIT', `每类材料最多上传${PHOTOS_PER_CATEGORY}张照片`, 409);
}

export async function deletePhoto(db: Db, applicationId: number, photoId: number): Promise<boolean> {
  const rows = await db
    .delete(applicationPhotos)
    .where(and(eq(applicationPhotos.applicationId, applicationId), eq(applicationPhotos.id, photoId)))
    .returning({ id: applicationPhotos.id });
  return rows.length > 0;
}
