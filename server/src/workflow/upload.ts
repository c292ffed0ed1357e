/**
 * Reading a material photo from a request: as wx.uploadFile sends it (multipart/form-data, field `file`, the
 * category as a form field or in the query) or as the raw image body (Content-Type image/jpeg or image/png). The
 * content decides what it is, not the headers (photos.ts checks the bytes). Used by the applicant's and the
 * spouse's photo routes.
 */
import type { Context } from 'koa';
import { readRawBody } from '../http/body.js';
import { parseInput } from '../http/route.js';
import { DomainError } from '../shared/errors.js';
import { PHOTO_MAX_BYTES } from './photos.js';
import { photoQuery } from './schema.js';

export async function readPhotoUpload(ctx: Context): Promise<{ bytes: Buffer; category: string }> {
  const raw = await readRawBody(ctx, PHOTO_MAX_BYTES + 64 * 1024);
  const queryCategory = parseInput(photoQuery, ctx.query, '查询参数').category;
  let upload: { bytes: Buffer; category: string | undefined };
  if (ctx.is('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Request('http://upload.invalid/', {
        method: 'POST',
        headers: { 'content-type': ctx.get('content-type') },
        body: new Uint8Array(raw),
      }).formData();
    } catch {
      throw new DomainError('UPLOAD_MALFORMED', '上传内容格式有误', 400);
    }
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new DomainError('PHOTO_EMPTY', '请选择要上传的照片（字段 file）', 400);
    const field = form.get('category');
    upload = { bytes: Buffer.from(await file.arrayBuffer()), category: typeof field === 'string' && field ? field : queryCategory };
  } else if (ctx.is('image/*') || ctx.is('application/octet-stream')) {
    upload = { bytes: raw, category: queryCategory };
  } else {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 或图片格式上传照片', 415);
  }
  if (!upload.category) throw new DomainError('PHOTO_CATEGORY_REQUIRED', '请指明材料分类（category）', 400);
  return { bytes: upload.bytes, category: upload.category };
}
