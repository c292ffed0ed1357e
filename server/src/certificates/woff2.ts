/**
 * WOFF2 → TrueType (sfnt), after the W3C WOFF2 specification (§4 directory, §5 glyf/loca, §5.4 hmtx transforms).
 *
 * Why: the CJK font ships only as WOFF2 chunks, whose glyf and loca tables are "transformed". fontkit can draw
 * from them, but its subsetter copies raw glyf bytes by loca offsets, which do not exist in a transformed font,
 * so pdf-lib would embed broken glyphs. Rebuilding a plain TrueType font first lets pdf-lib subset it properly.
 */
import { brotliDecompressSync } from 'node:zlib';
import { Reader, reconstructGlyf } from './woff2-glyf.js';

const KNOWN_TAGS = [
  'cmap',
  'head',
  'hhea',
  'hmtx',
  'maxp',
  'name',
  'OS/2',
  'post',
  'cvt ',
  'fpgm',
  'glyf',
  'loca',
  'prep',
  'CFF ',
  'VORG',
  'EBDT',
  'EBLC',
  'gasp',
  'hdmx',
  'kern',
  'LTSH',
  'PCLT',
  'VDMX',
  'vhea',
  'vmtx',
  'BASE',
  'GDEF',
  'GPOS',
  'GSUB',
  'EBSC',
  'JSTF',
  'MATH',
  'CBDT',
  'CBLC',
  'COLR',
  'CPAL',
  'SVG ',
  'sbix',
  'acnt',
  'avar',
  'bdat',
  'bloc',
  'bsln',
  'cvar',
  'fdsc',
  'feat',
  'fmtx',
  'fvar',
  'gvar',
  'hsty',
  'just',
  'lcar',
  'mort',
  'morx',
  'opbd',
  'prop',
  'trak',
  'Zapf',
  'Silf',
  'Glat',
  'Gloc',
  'Feat',
  'Sill',
];

interface TableEntry {
  tag: string;
  origLength: number;
  transformed: boolean;
  data: Buffer;
}

/** Decodes a WOFF2 font into the bytes of an equivalent TrueType font. */
export function woff2ToTtf(woff2: Buffer): Buffer {
  const r = new Reader(woff2);
  if (r.u32() !== 0x774f4632) throw new Error('woff2: bad signature');
  const flavor = r.u32();
  if (flavor === 0x74746366) throw new Error('woff2: font collections are not supported');
  r.u32(); // length
  const numTables = r.u16();
  r.u16(); // reserved
  r.u32(); // totalSfntSize
  const totalCompressedSize = r.u32();
  r.pos += 2 + 2 + 4 * 5; // version, metadata and private block

  const dir: { tag: string; origLength: number; transformed: boolean; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const flags = r.u8();
    const tag = (flags & 0x3f) === 0x3f ? r.bytes(4).toString('latin1') : KNOWN_TAGS[flags & 0x3f];
    if (!tag) throw new Error(`woff2: unknown table tag index ${flags & 0x3f}`);
    const version = flags >> 6;
    const transformed = tag === 'glyf' || tag === 'loca' ? version === 0 : version !== 0;
    const origLength = r.base128();
    const length = transformed ? r.base128() : origLength;
    dir.push({ tag, origLength, transformed, length });
  }
  const data = brotliDecompressSync(r.bytes(totalCompressedSize));
  let offset = 0;
  const tables = new Map<string, TableEntry>();
  for (const d of dir) {
    if (offset + d.length > data.length) throw new Error('woff2: table data beyond the decompressed stream');
    tables.set(d.tag, { tag: d.tag, origLength: d.origLength, transformed: d.transformed, data: data.subarray(offset, offset + d.length) });
    offset += d.length;
  }

  const out = new Map<string, Buffer>();
  const glyf = tables.get('glyf');
  let xMins: number[] = [];
  if (glyf?.transformed) {
    const rebuilt = reconstructGlyf(glyf.data);
    out.set('glyf', rebuilt.glyf);
    out.set('loca', rebuilt.loca);
    xMins = rebuilt.xMins;
  }
  for (const t of tables.values()) {
    if (out.has(t.tag)) continue;
    if (t.tag === 'hmtx' && t.transformed) out.set('hmtx', reconstructHmtx(t.data, tables, xMins));
    else if (t.transformed) throw new Error(`woff2: transformed table ${t.tag} is not supported`);
    else out.set(t.tag, Buffer.from(t.data));
  }
  const head = out.get('head');
  if (head && glyf?.transformed) head.writeInt16BE(1, 50); // indexToLocFormat: the rebuilt loca is always long
  return assembleSfnt(flavor, out);
}

/** WOFF2 §5.4: left side bearings left out where they equal the glyph's xMin. */
function reconstructHmtx(data: Buffer, tables: Map<string, TableEntry>, xMins: number[]): Buffer {
  const hhea = tables.get('hhea')?.data;
  if (!hhea || !xMins.length) throw new Error('woff2: hmtx transform needs hhea and a transformed glyf');
  const numHMetrics = hhea.readUInt16BE(34);
  const numGlyphs = xMins.length;
  const r = new Reader(data);
  const flags = r.u8();
  const advances = Array.from({ length: numHMetrics }, () => r.u16());
  const lsbs = Array.from({ length: numHMetrics }, (_, i) => (flags & 1 ? xMins[i]! : r.i16()));
  const rest = Array.from({ length: numGlyphs - numHMetrics }, (_, i) => (flags & 2 ? xMins[numHMetrics + i]! : r.i16()));
  const out = Buffer.alloc(4 * numHMetrics + 2 * rest.length);
  advances.forEach((a, i) => {
    out.writeUInt16BE(a, 4 * i);
    out.writeInt16BE(lsbs[i]!, 4 * i + 2);
  });
  rest.forEach((l, i) => out.writeInt16BE(l, 4 * numHMetrics + 2 * i));
  return out;
}

function checksum(b: Buffer): number {
  let sum = 0;
  const padded = b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** The sfnt container: offset table, table records sorted by tag, 4-byte aligned tables, head checksum adjustment. */
function assembleSfnt(flavor: number, tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(n * 16 - searchRange, 10);
  const head = tables.get('head');
  if (head) head.writeUInt32BE(0, 8);
  const body: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const rec = 12 + 16 * i;
    header.write(tag, rec, 4, 'latin1');
    header.writeUInt32BE(checksum(data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    const pad = (4 - (data.length % 4)) % 4;
    body.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  const font = Buffer.concat([header, ...body]);
  if (head) {
    const headOffset = header.readUInt32BE(12 + 16 * tags.indexOf('head') + 8);
    font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  }
  return font;
}
