/**
 * Noto Sans SC from the noto-sans-sc npm package, which ships the font as ~100 WOFF2 chunks split by
 * unicode-range (described in each weight's css.css, as Google Fonts serves it). A certificate embeds only
 * the chunks its text touches, each subset by pdf-lib to the glyphs drawn, and draws text in runs per chunk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { rgb, type Color, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { woff2ToTtf } from './woff2.js';

type Weight = 'regular' | 'bold';

interface Chunk {
  no: number;
  file: string;
}

/** One weight of the font: which chunk holds which code point, and each chunk decoded to TrueType on first use. */
class ChunkedFont {
  /** Sorted, non-overlapping [first, last, chunk index] triples. */
  private readonly ranges: [number, number, number][] = [];
  private readonly chunks: Chunk[] = [];
  private readonly ttf = new Map<number, Buffer>();

  constructor(
    private readonly dir: string,
    readonly postscriptName: string,
  ) {
    const css = readFileSync(path.join(dir, 'css.css'), 'utf8');
    for (const face of css.split('@font-face').slice(1)) {
      const file = /src:\s*url\(([^)]+)\)/.exec(face)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(face)?.[1];
      const no = Number(/\.(\d+)\.woff2$/.exec(file ?? '')?.[1]);
      if (!file || !range || !Number.isInteger(no)) continue;
      const index = this.chunks.push({ no, file }) - 1;
      for (const part of range.split(',')) {
        const [a, b] = part
          .trim()
          .replace(/^U\+/i, '')
          .split('-')
          .map((h) => parseInt(h, 16));
        if (Number.isInteger(a)) this.ranges.push([a!, b ?? a!, index]);
      }
    }
    if (!this.chunks.length) throw new Error(`no font chunks described in ${dir}/css.css`);
    this.ranges.sort((x, y) => x[0] - y[0]);
  }

  /** The chunk holding a code point, or -1 when the font has no glyph for it. */
  chunkOf(codePoint: number): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b, chunk] = this.ranges[mid]!;
      if (codePoint < a) hi = mid - 1;
      else if (codePoint > b) lo = mid + 1;
      else return chunk;
    }
    return -1;
  }

  chunkNo(index: number): number {
    return this.chunks[index]!.no;
  }

  /** The chunk as a TrueType font (kept for the life of the process: a chunk is ~50 KB decoded). */
  trueType(index: number): Buffer {
    let bytes = this.ttf.get(index);
    if (!bytes) {
      bytes = woff2ToTtf(readFileSync(path.join(this.dir, this.chunks[index]!.file)));
      this.ttf.set(index, bytes);
    }
    return bytes;
  }

  /** Bytes of every chunk file: what embedding the whole font would cost. */
  totalChunkBytes(): number {
    return this.chunks.reduce((sum, c) => sum + readFileSync(path.join(this.dir, c.file)).length, 0);
  }
}

const require = createRequire(import.meta.url);
const families = new Map<Weight, ChunkedFont>();

export function notoSansSc(weight: Weight): ChunkedFont {
  let f = families.get(weight);
  if (!f) {
    const root = path.dirname(require.resolve('noto-sans-sc/package.json'));
    f = new ChunkedFont(path.join(root, `noto_sans_sc_${weight}`), weight === 'bold' ? 'NotoSansSC-Bold' : 'NotoSansSC-Regular');
    families.set(weight, f);
  }
  return f;
}

const NO_LINE_START = '，。、；：）」』！？%,.;:)';

/** What stands in for a character the font cannot draw. */
const MISSING = '?';

interface Run {
  font: PDFFont;
  text: string;
}

/**
 * Text drawing for one PDF document. `load()` embeds every chunk the given texts need (embedding is async);
 * after that, measuring and drawing are synchronous, as layout needs.
 */
export class CjkText {
  private readonly embedded = new Map<string, PDFFont>();
  /** Advance of each character at size 1, for line breaking (drawing measures whole runs). */
  private readonly advances = new Map<string, number>();

  constructor(private readonly doc: PDFDocument) {
    doc.registerFontkit(fontkit);
  }

  async load(texts: { text: string; weight: Weight }[]): Promise<void> {
    for (const { text, weight } of texts) {
      const family = notoSansSc(weight);
      for (const ch of text) {
        let chunk = family.chunkOf(ch.codePointAt(0)!);
        if (chunk < 0) chunk = family.chunkOf(MISSING.codePointAt(0)!);
        const key = `${weight}:${chunk}`;
        if (this.embedded.has(key)) continue;
        // A fixed subset tag (six capitals, PDF 32000 9.6.4) keeps the output byte-for-byte reproducible.
        const tag = subsetTag(weight === 'bold' ? 1 : 0, family.chunkNo(chunk));
        const font = await this.doc.embedFont(family.trueType(chunk), { subset: true, customName: `${tag}+${family.postscriptName}` });
        this.embedded.set(key, font);
      }
    }
  }

  private runs(text: string, weight: Weight): Run[] {
    const family = notoSansSc(weight);
    const runs: Run[] = [];
    for (const raw of text) {
      let ch = raw;
      let chunk = family.chunkOf(ch.codePointAt(0)!);
      if (chunk < 0) {
        ch = MISSING;
        chunk = family.chunkOf(MISSING.codePointAt(0)!);
      }
      const font = this.embedded.get(`${weight}:${chunk}`);
      if (!font) throw new Error(`font chunk for "${ch}" was not loaded`);
      const last = runs[runs.length - 1];
      if (last?.font === font) last.text += ch;
      else runs.push({ font, text: ch });
    }
    return runs;
  }

  width(text: string, size: number, weight: Weight = 'regular'): number {
    return this.runs(text, weight).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  /** The width as a sum of character advances: what pdf-lib draws, without shaping the text again and again. */
  private advanceWidth(text: string, size: number, weight: Weight): number {
    let w = 0;
    for (const ch of text) {
      const key = `${weight}:${ch}`;
      let a = this.advances.get(key);
      if (a === undefined) {
        a = this.width(ch, 1, weight);
        this.advances.set(key, a);
      }
      w += a * size;
    }
    return w;
  }

  draw(page: PDFPage, text: string, at: { x: number; y: number; size: number; weight?: Weight; color?: Color }): void {
    let x = at.x;
    for (const r of this.runs(text, at.weight ?? 'regular')) {
      page.drawText(r.text, { x, y: at.y, size: at.size, font: r.font, color: at.color ?? rgb(0, 0, 0) });
      x += r.font.widthOfTextAtSize(r.text, at.size);
    }
  }

  /**
   * Breaks text into lines no wider than maxWidth (the first line: firstLineWidth, for an indent): anywhere
   * between CJK characters, between words otherwise.
   */
  wrap(text: string, maxWidth: number, size: number, weight: Weight = 'regular', firstLineWidth = maxWidth): string[] {
    const tokens = text.match(/[\x21-\x7e]+|\s|./gu) ?? [];
    const lines: string[] = [];
    const limit = () => (lines.length ? maxWidth : firstLineWidth);
    let line = '';
    for (const token of tokens) {
      const candidate = line + token;
      if (line && this.advanceWidth(candidate, size, weight) > limit()) {
        // No line starts with closing punctuation: the character before it moves down with it.
        const carry = NO_LINE_START.includes(token) && [...line].length > 1 ? [...line].pop()! : '';
        lines.push((carry ? line.slice(0, -carry.length) : line).trimEnd());
        line = carry + (token.trim() ? token : '');
      } else line = candidate;
      // A single word wider than the line (a long URL) is cut character by character.
      while (this.advanceWidth(line, size, weight) > limit() && [...line].length > 1) {
        const chars = [...line];
        let n = chars.length - 1;
        while (n > 1 && this.advanceWidth(chars.slice(0, n).join(''), size, weight) > limit()) n--;
        lines.push(chars.slice(0, n).join(''));
        line = chars.slice(n).join('');
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  }
}

function subsetTag(weight: number, chunkNo: number): string {
  let n = weight * 1000 + chunkNo;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag = String.fromCharCode(65 + (n % 26)) + tag;
    n = Math.floor(n / 26);
  }
  return tag;
}
