/**
 * Is an upload really a photo? Its first bytes are not enough (JPEG magic followed by HTML passed as one): a JPEG is
 * walked marker by marker (a frame header with real dimensions, quantisation tables, entropy-coded scans, the end
 * marker), a PNG chunk by chunk (IHDR first with sane fields, every CRC, the image data inflating to exactly the size
 * IHDR promises, IEND). Bytes a phone appends after the image's end are cut off; markup anywhere is refused.
 */
import zlib from 'node:zlib';
import { DomainError } from '../shared/errors.js';

export type ImageType = 'image/jpeg' | 'image/png';

interface CheckedImage {
  mediaType: ImageType;
  width: number;
  height: number;
  /** The image up to its end marker (JPEG EOI, PNG IEND). */
  bytes: Buffer;
}

/** Larger sides than any phone camera takes: a picture beyond this is a decompression bomb, not a certificate. */
const MAX_IMAGE_SIDE = 20_000;
const MAX_IMAGE_PIXELS = 100_000_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/**
 * Markup and script that make a file dangerous if some client ever renders it as a page. Each pattern is 6 bytes or
 * longer, so compressed image data holds one by chance in about one 4 MB photo of a hundred thousand (retaken, it passes).
 */
const MARKUP = /<(?:!doctype|script|iframe|object|embed)|<(?:html|head|body|meta)[\s>/]|<\?php|javascript:|\bon(?:error|load)\s*=/i;

const notAPhoto = (why: string) => new DomainError('PHOTO_INVALID', `文件不是有效的 JPG 或 PNG 照片（${why}），请重新拍摄或选择照片`, 415, { reason: why });

/** The image type from the content's signature, or null for anything else. */
function sniffImage(bytes: Buffer): ImageType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  return null;
}

/** The checked image, or PHOTO_INVALID naming what is wrong; null when the signature is neither JPEG nor PNG. */
export function checkImageContent(bytes: Buffer): CheckedImage | null {
  const type = sniffImage(bytes);
  if (!type) return null;
  const image = type === 'image/jpeg' ? parseJpeg(bytes) : parsePng(bytes);
  if (image.width < 1 || image.height < 1) throw notAPhoto('尺寸为零');
  if (image.width > MAX_IMAGE_SIDE || image.height > MAX_IMAGE_SIDE || image.width * image.height > MAX_IMAGE_PIXELS) throw notAPhoto('尺寸过大');
  if (MARKUP.test(bytes.toString('latin1'))) throw notAPhoto('含有网页代码');
  return image;
}

// JPEG (ITU T.81 B.1): markers FFxx; SOFn C0–CF but C4 (DHT), C8 (JPG), CC (DAC); standalone D0–D7, 01; segments
// carry a 2-byte length that counts itself.
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isStandalone = (m: number) => (m >= 0xd0 && m <= 0xd7) || m === 0x01;
/** DHT, DAC, DQT, DNL, DRI, DHP, EXP, APPn, the JPEG extensions F0–FD (JPEG-LS, XT) and COM carry a length. */
const isSegment = (m: number) => isSof(m) || m === 0xc4 || m === 0xcc || (m >= 0xda && m <= 0xdf) || (m >= 0xe0 && m <= 0xfe);

function parseJpeg(b: Buffer): CheckedImage {
  let at = 2;
  let frame: { width: number; height: number } | null = null;
  let tables = false;
  let scans = 0;
  for (;;) {
    if (at >= b.length || b[at] !== 0xff) throw notAPhoto('JPEG 结构损坏');
    while (b[at] === 0xff) at++; // fill bytes
    const marker = b[at++];
    if (marker === undefined) throw notAPhoto('JPEG 不完整');
    if (marker === 0xd9) {
      if (!frame || !tables || scans === 0) throw notAPhoto('JPEG 没有图像数据');
      return { mediaType: 'image/jpeg', ...frame, bytes: b.subarray(0, at) };
    }
    if (isStandalone(marker)) continue;
    if (!isSegment(marker)) throw notAPhoto('JPEG 结构损坏');
    if (at + 2 > b.length) throw notAPhoto('JPEG 不完整');
    const length = b.readUInt16BE(at);
    if (length < 2 || at + length > b.length) throw notAPhoto('JPEG 不完整');
    const body = b.subarray(at + 2, at + length);
    at += length;
    if (isSof(marker)) {
      const components = body[5] ?? 0;
      if (frame || body.length !== 6 + 3 * components || ![1, 3, 4].includes(components)) throw notAPhoto('JPEG 帧头有误');
      frame = { height: body.readUInt16BE(1), width: body.readUInt16BE(3) };
    } else if (marker === 0xdb) {
      tables = true;
    } else if (marker === 0xda) {
      if (!frame) throw notAPhoto('JPEG 结构损坏');
      at = skipEntropyCoded(b, at);
      scans++;
    }
  }
}

/** From the start of a scan's entropy-coded data to the next marker: FF only as FF00 (a stuffed byte) or a restart. */
function skipEntropyCoded(b: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const ff = b.indexOf(0xff, at);
    if (ff < 0 || ff + 1 >= b.length) throw notAPhoto('JPEG 不完整');
    const next = b[ff + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
      at = ff + 2;
      continue;
    }
    if (ff === from) throw notAPhoto('JPEG 没有图像数据');
    return ff;
  }
}

// PNG (ISO 15948): IHDR first; bit depths allowed per colour type; CRC over type and data.
const BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function parsePng(b: Buffer): CheckedImage {
  let at = 8;
  let header: { width: number; height: number; bits: number; channels: number; interlaced: boolean } | null = null;
  const data: Buffer[] = [];
  for (;;) {
    if (at + 12 > b.length) throw notAPhoto('PNG 不完整');
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type) || at + 12 + length > b.length) throw notAPhoto('PNG 结构损坏');
    const body = b.subarray(at + 8, at + 8 + length);
    if (zlib.crc32(b.subarray(at + 4, at + 8 + length)) >>> 0 !== b.readUInt32BE(at + 8 + length)) throw notAPhoto('PNG 校验失败');
    at += 12 + length;
    if (!header && type !== 'IHDR') throw notAPhoto('PNG 结构损坏');
    if (type === 'IHDR') {
      if (header || length !== 13) throw notAPhoto('PNG 文件头有误');
      const [bits, colour, compression, filter, interlace] = [body[8]!, body[9]!, body[10]!, body[11]!, body[12]!];
      if (!BIT_DEPTHS[colour]?.includes(bits) || compression !== 0 || filter !== 0 || interlace > 1) throw notAPhoto('PNG 文件头有误');
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bits, channels: CHANNELS[colour]!, interlaced: interlace === 1 };
      if (header.width < 1 || header.height < 1) throw notAPhoto('尺寸为零');
      if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE || header.width * header.height > MAX_IMAGE_PIXELS) throw notAPhoto('尺寸过大');
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      if (!header || data.length === 0) throw notAPhoto('PNG 没有图像数据');
      const expected = rawSize(header);
      let raw: Buffer;
      try {
        raw = zlib.inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 });
      } catch {
        throw notAPhoto('PNG 图像数据损坏');
      }
      if (raw.length !== expected) throw notAPhoto('PNG 图像数据不完整');
      return { mediaType: 'image/png', width: header.width, height: header.height, bytes: b.subarray(0, at) };
    }
  }
}

/** Bytes of the filtered scanlines IHDR promises (each row: a filter byte + its pixels), over the Adam7 passes when interlaced. */
function rawSize(h: { width: number; height: number; bits: number; channels: number; interlaced: boolean }): number {
  const rows = (w: number, hgt: number) => (w === 0 || hgt === 0 ? 0 : hgt * (1 + Math.ceil((w * h.bits * h.channels) / 8)));
  if (!h.interlaced) return rows(h.width, h.height);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  return passes.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((h.width - x0) / dx), Math.ceil((h.height - y0) / dy)), 0);
}
