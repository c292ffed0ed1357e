/**
 * WOFF2 §5.1–5.3: rebuilding TrueType glyf and loca tables from the transformed glyf table (separate streams of
 * contour counts, point counts, flags, triplet-coded coordinates, composites, bounding boxes and instructions).
 */

/** A cursor over bytes, with the variable-length integers of WOFF2. */
export class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  private need(n: number) {
    if (this.pos + n > this.end) throw new Error('woff2: truncated data');
  }
  u8() {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u16() {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i16() {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number) {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  base128() {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 0 && b === 0x80) throw new Error('woff2: UIntBase128 with a leading zero');
      if (value & 0xfe000000) throw new Error('woff2: UIntBase128 overflow');
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) return value >>> 0;
    }
    throw new Error('woff2: UIntBase128 longer than 5 bytes');
  }
  u255() {
    const code = this.u8();
    if (code === 253) return this.u16();
    if (code === 255) return this.u8() + 253;
    if (code === 254) return this.u8() + 253 * 2;
    return code;
  }
  /** A sub-reader over the next n bytes, advancing past them. */
  take(n: number) {
    this.need(n);
    const r = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
}

interface RebuiltGlyf {
  glyf: Buffer;
  loca: Buffer;
  xMins: number[];
}

export function reconstructGlyf(table: Buffer): RebuiltGlyf {
  const h = new Reader(table);
  h.u16(); // reserved
  const optionFlags = h.u16();
  const numGlyphs = h.u16();
  h.u16(); // indexFormat: ignored, the loca written here is always long
  const sizes = Array.from({ length: 7 }, () => h.u32());
  const [nContour, nPoints, flagS, glyphS, compositeS, bboxS, instructionS] = sizes.map((n) => h.take(n)) as Reader[];
  const overlap = optionFlags & 1 ? h.take(Math.floor((numGlyphs + 7) / 8)) : null;
  const bboxBitmap = bboxS!.bytes(4 * Math.floor((numGlyphs + 31) / 32));
  const hasBbox = (i: number) => (bboxBitmap[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  const hasOverlap = (i: number) => overlap !== null && (overlap.buf[overlap.start + (i >> 3)]! & (0x80 >> (i & 7))) !== 0;

  const glyphs: Buffer[] = [];
  const xMins: number[] = [];
  for (let i = 0; i < numGlyphs; i++) {
    const contours = nContour!.i16();
    if (contours === 0) {
      glyphs.push(Buffer.alloc(0));
      xMins.push(0);
    } else if (contours > 0) {
      const endPts: number[] = [];
      let total = 0;
      for (let c = 0; c < contours; c++) endPts.push((total += nPoints!.u255()) - 1);
      const points = decodeTriplets(flagS!, glyphS!, total);
      const instructions = instructionS!.bytes(glyphS!.u255());
      const bbox = hasBbox(i) ? [bboxS!.i16(), bboxS!.i16(), bboxS!.i16(), bboxS!.i16()] : boundsOf(points);
      glyphs.push(encodeSimpleGlyph(endPts, points, instructions, bbox, hasOverlap(i)));
      xMins.push(bbox[0]!);
    } else {
      if (!hasBbox(i)) throw new Error('woff2: composite glyph without a bounding box');
      const bbox = [bboxS!.i16(), bboxS!.i16(), bboxS!.i16(), bboxS!.i16()];
      const { bytes, haveInstructions } = readComposite(compositeS!);
      const parts = [int16s([-1, ...bbox]), bytes];
      if (haveInstructions) {
        const n = glyphS!.u255();
        parts.push(int16s([n]), instructionS!.bytes(n));
      }
      glyphs.push(Buffer.concat(parts));
      xMins.push(bbox[0]!);
    }
  }
  const loca = Buffer.alloc(4 * (numGlyphs + 1));
  const padded: Buffer[] = [];
  let at = 0;
  glyphs.forEach((g, i) => {
    loca.writeUInt32BE(at, 4 * i);
    const pad = (4 - (g.length % 4)) % 4;
    padded.push(g, Buffer.alloc(pad));
    at += g.length + pad;
  });
  loca.writeUInt32BE(at, 4 * numGlyphs);
  return { glyf: Buffer.concat(padded), loca, xMins };
}

interface Point {
  x: number;
  y: number;
  onCurve: boolean;
}

/** WOFF2 §5.2 triplet encoding: one flag byte per point, 1–4 data bytes of (dx, dy). */
function decodeTriplets(flags: Reader, data: Reader, count: number): Point[] {
  const withSign = (flag: number, v: number) => (flag & 1 ? v : -v);
  const points: Point[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < count; i++) {
    let flag = flags.u8();
    const onCurve = flag >> 7 === 0;
    flag &= 0x7f;
    let dx: number;
    let dy: number;
    if (flag < 10) {
      dx = 0;
      dy = withSign(flag, ((flag & 14) << 7) + data.u8());
    } else if (flag < 20) {
      dx = withSign(flag, (((flag - 10) & 14) << 7) + data.u8());
      dy = 0;
    } else if (flag < 84) {
      const b0 = flag - 20;
      const b1 = data.u8();
      dx = withSign(flag, 1 + (b0 & 0x30) + (b1 >> 4));
      dy = withSign(flag >> 1, 1 + ((b0 & 0x0c) << 2) + (b1 & 0x0f));
    } else if (flag < 120) {
      const b0 = flag - 84;
      dx = withSign(flag, 1 + (Math.floor(b0 / 12) << 8) + data.u8());
      dy = withSign(flag >> 1, 1 + (((b0 % 12) >> 2) << 8) + data.u8());
    } else if (flag < 124) {
      const b1 = data.u8();
      const b2 = data.u8();
      dx = withSign(flag, (b1 << 4) + (b2 >> 4));
      dy = withSign(flag >> 1, ((b2 & 0x0f) << 8) + data.u8());
    } else {
      dx = withSign(flag, data.u16());
      dy = withSign(flag >> 1, data.u16());
    }
    x += dx;
    y += dy;
    points.push({ x, y, onCurve });
  }
  return points;
}

function boundsOf(points: Point[]): number[] {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const int16s = (values: number[]) => {
  const b = Buffer.alloc(2 * values.length);
  values.forEach((v, i) => b.writeInt16BE(v, 2 * i));
  return b;
};

/** A TrueType simple glyph: header, end points, instructions, flags, then x and y deltas (short where they fit). */
function encodeSimpleGlyph(endPts: number[], points: Point[], instructions: Buffer, bbox: number[], overlap: boolean): Buffer {
  const flags: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  let px = 0;
  let py = 0;
  points.forEach((p, i) => {
    let f = p.onCurve ? 0x01 : 0;
    if (i === 0 && overlap) f |= 0x40;
    const dx = p.x - px;
    const dy = p.y - py;
    if (dx === 0) f |= 0x10;
    else if (Math.abs(dx) < 256) {
      f |= 0x02 | (dx > 0 ? 0x10 : 0);
      xs.push(Math.abs(dx));
    } else xs.push(dx, NaN);
    if (dy === 0) f |= 0x20;
    else if (Math.abs(dy) < 256) {
      f |= 0x04 | (dy > 0 ? 0x20 : 0);
      ys.push(Math.abs(dy));
    } else ys.push(dy, NaN);
    flags.push(f);
    px = p.x;
    py = p.y;
  });
  const coords = (values: number[]) => {
    // A value followed by NaN is a 16-bit delta; any other is one unsigned byte.
    const parts: Buffer[] = [];
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i + 1])) {
        parts.push(int16s([values[i]!]));
        i++;
      } else parts.push(Buffer.from([values[i]!]));
    }
    return Buffer.concat(parts);
  };
  return Buffer.concat([
    int16s([endPts.length, ...bbox]),
    int16s(endPts),
    int16s([instructions.length]),
    instructions,
    Buffer.from(flags),
    coords(xs),
    coords(ys),
  ]);
}

/** Copies one composite glyph's component records; their length follows from the flags. */
function readComposite(s: Reader): { bytes: Buffer; haveInstructions: boolean } {
  const start = s.pos;
  let haveInstructions = false;
  let more = true;
  while (more) {
    const flags = s.u16();
    s.u16(); // glyph index
    s.pos += flags & 0x0001 ? 4 : 2;
    if (flags & 0x0008) s.pos += 2;
    else if (flags & 0x0040) s.pos += 4;
    else if (flags & 0x0080) s.pos += 8;
    if (flags & 0x0100) haveInstructions = true;
    more = (flags & 0x0020) !== 0;
  }
  if (s.pos > s.end) throw new Error('woff2: truncated composite glyph');
  return { bytes: Buffer.from(s.buf.subarray(start, s.pos)), haveInstructions };
}
