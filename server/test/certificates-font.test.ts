/**
 * The CJK font behind the certificates: WOFF2 chunks rebuilt as TrueType must draw exactly the glyphs of the
 * original (text extraction from the PDF alone cannot tell a wrong outline), and each character must find its chunk.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { woff2ToTtf } from '../src/certificates/woff2.js';
import { CjkText, notoSansSc } from '../src/certificates/fonts.js';
import { groupCode, newVerificationCode, normalizeCode } from '../src/certificates/code.js';

const root = path.dirname(createRequire(import.meta.url).resolve('noto-sans-sc/package.json'));

describe('certificate font and codes', () => {
  test('a WOFF2 chunk rebuilt as TrueType has the same outlines, advances and bounds in every glyph', () => {
    for (const weight of ['regular', 'bold']) {
      const dir = path.join(root, `noto_sans_sc_${weight}`);
      // The Latin chunk, the chunk of 住/公/积, and one of rarer characters.
      for (const file of readdirSync(dir).filter((f) => /\.(119|115|40)\.woff2$/.test(f))) {
        const woff2 = readFileSync(path.join(dir, file));
        const ttf = woff2ToTtf(woff2);
        assert.equal(ttf.readUInt32BE(0), 0x00010000, 'a TrueType sfnt');
        const a = fontkit.create(woff2);
        const b = fontkit.create(ttf);
        assert.equal(b.numGlyphs, a.numGlyphs);
        for (let g = 0; g < a.numGlyphs; g++) {
          const ga = a.getGlyph(g);
          const gb = b.getGlyph(g);
          assert.equal(gb.path.toSVG(), ga.path.toSVG(), `${file} glyph ${g} outline`);
          assert.equal(gb.advanceWidth, ga.advanceWidth, `${file} glyph ${g} advance`);
        }
      }
    }
  });

  test('maps each character to the chunk css.css assigns it, and draws mixed text in runs per chunk', async () => {
    const font = notoSansSc('regular');
    const css = readFileSync(path.join(root, 'noto_sans_sc_regular', 'css.css'), 'utf8');
    const chunkNoOf = (ch: string) => font.chunkNo(font.chunkOf(ch.codePointAt(0)!));
    const faceOf = (cp: number) =>
      css
        .split('@font-face')
        .slice(1)
        .find((face) =>
          /unicode-range:([^;]+);/
            .exec(face)![1]!
            .split(',')
            .some((r) => {
              const [a, b] = r
                .trim()
                .slice(2)
                .split('-')
                .map((h) => parseInt(h, 16));
              return cp >= a! && cp <= (b ?? a!);
            }),
        );
    for (const ch of ['缴', '0', '证', '：', '（']) {
      assert.ok(faceOf(ch.codePointAt(0)!)!.includes(`.${chunkNoOf(ch)}.woff2`), `${ch} is in chunk ${chunkNoOf(ch)}`);
    }
    assert.equal(font.chunkOf(0x10ffff), -1);

    const doc = await PDFDocument.create();
    const cjk = new CjkText(doc);
    const line = '账户余额 23,456.78 元\u{10ffff}';
    const prose = ['兹证明某某在我中心缴存住房公积金，截至今日。', '一二三四五六七，八'];
    await cjk.load([line, ...prose].map((text) => ({ text, weight: 'regular' as const })));
    const page = doc.addPage();
    cjk.draw(page, line, { x: 10, y: 10, size: 12 });
    assert.ok(cjk.width(line, 12) > cjk.width('账户余额', 12));
    assert.deepEqual(
      cjk.wrap('兹证明某某在我中心缴存住房公积金，截至今日。', 12 * 8, 12).map((l) => [...l].length <= 8),
      [true, true, true],
    );
    assert.ok(!cjk.wrap('一二三四五六七，八', 12 * 7, 12).some((l) => l.startsWith('，')), 'no line starts with a comma');
  });

  test('verification codes are 16 unambiguous symbols, grouped for reading, typed back in any form', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newVerificationCode();
      assert.match(code, /^[2-9A-HJ-NP-Z]{16}$/);
      seen.add(code);
    }
    assert.equal(seen.size, 2000);
    const code = [...seen][0]!;
    assert.match(groupCode(code), /^(\w{4}-){3}\w{4}$/);
    assert.equal(normalizeCode(` ${groupCode(code).toLowerCase()} `), code);
    assert.equal(normalizeCode('0000-0000-0000-0000'), null);
    assert.equal(normalizeCode('ABC'), null);
  });
});
