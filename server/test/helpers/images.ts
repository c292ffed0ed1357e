/** Real, decodable pictures for upload tests (the server accepts a photo only when it parses as one). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/** A 64 × 40 baseline JPEG as a phone camera writes it (the mini-program tests upload the same file). */
const PHOTO_JPG = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/photo.jpg'));

/** The JPEG with a comment segment (COM) right after SOI: another file of the same picture. */
export function jpegWithComment(comment: string): Buffer {
  const text = Buffer.from(comment, 'utf8');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([PHOTO_JPG.subarray(0, 2), segment, text, PHOTO_JPG.subarray(2)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A real, decodable PNG (a coloured card with a darker band), so photos in screenshots show as pictures; `text` adds a tEXt chunk. */
export function pngPicture(rgb: [number, number, number], width = 96, height = 64, text?: string): Buffer {
  const row = (y: number) => {
    const line = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.4 && y < height * 0.6 ? 0.6 : 1;
      line.set(
        rgb.map((c) => Math.round(c * band)),
        1 + x * 3,
      );
    }
    return line;
  };
  const raw = Buffer.concat(Array.from({ length: height }, (_, y) => row(y)));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(text ? [pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1'))] : []),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
