/**
 * Draws a certificate on one A4 page: the center's name, the title over a red rule, the opening sentence, a
 * bordered table of what it states, the closing line, the issuing center and date, and a verification box with
 * the code, the public URL and a QR code of it (a phone's camera opens the verification page). Output is a pure function of its input (fixed metadata and font subset names),
 * so rendering the stored facts again yields the same bytes and the same SHA-256 as the PDF issued.
 */
import { PDFDocument, PDFString, rgb, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { groupCode } from './code.js';
import type { CertificateFacts } from './facts.js';
import { CjkText } from './fonts.js';
import { chineseDate, presentCertificate } from './present.js';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 62;
const CONTENT = PAGE.width - 2 * MARGIN;
const RED = rgb(0.72, 0.11, 0.11);
const GREY = rgb(0.4, 0.4, 0.4);
const RULE = rgb(0.55, 0.55, 0.55);
const LABEL_BG = rgb(0.95, 0.96, 0.98);
const BOX_BG = rgb(0.96, 0.97, 0.99);
const BOX_EDGE = rgb(0.7, 0.76, 0.86);

const SIZE = { center: 14, title: 24, body: 12, cell: 11.5, small: 9.5 };
const LABEL_WIDTH = 120;
const CELL_PAD = 8;
const CELL_LINE = 16;
const VERIFY_BOX_BOTTOM = 64;
/** The QR code's side in points (about 30 mm: phones read it from a printout). */
const QR_SIDE = 84;

interface RenderInput {
  facts: CertificateFacts;
  /** The verification code, stored form (16 symbols). */
  code: string;
  issuedAt: Date;
}

export async function renderCertificatePdf({ facts, code, issuedAt }: RenderInput): Promise<Uint8Array> {
  const text = presentCertificate(facts);
  const grouped = groupCode(code);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(text.title);
  doc.setAuthor(facts.centerName);
  doc.setSubject(`${text.title} 验证码 ${grouped}`);
  doc.setCreator('住房公积金 会员自助服务平台');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const verifyLines = [
    { text: '电子凭证核验', weight: 'bold' as const },
    { text: `验证码：${grouped}`, weight: 'bold' as const },
    { text: `核验网址：${facts.verifyUrl}`, weight: 'regular' as const },
    { text: '可凭验证码在上述网址查验本凭证的真伪及所载内容；所载内容与核验结果不一致的，以核验结果为准。', weight: 'regular' as const },
  ];
  const corner = `验证码 ${grouped}`;
  const issuedLine = `出具日期：${chineseDate(facts.issuedOn)}`;
  const cjk = new CjkText(doc);
  await cjk.load([
    ...[corner, facts.centerName, text.intro, text.closing, issuedLine].map((t) => ({ text: t, weight: 'regular' as const })),
    { text: text.title, weight: 'bold' },
    ...text.rows.map((r) => ({ text: r.label + r.value, weight: 'regular' as const })),
    ...verifyLines,
  ]);

  const page = doc.addPage([PAGE.width, PAGE.height]);
  const centered = (s: string, y: number, size: number, weight: 'regular' | 'bold' = 'regular', color = rgb(0, 0, 0)) =>
    cjk.draw(page, s, { x: (PAGE.width - cjk.width(s, size, weight)) / 2, y, size, weight, color });

  cjk.draw(page, corner, { x: PAGE.width - MARGIN - cjk.width(corner, SIZE.small), y: 800, size: SIZE.small, color: GREY });
  centered(facts.centerName, 760, SIZE.center);
  centered(text.title, 722, SIZE.title, 'bold');
  page.drawLine({ start: { x: MARGIN, y: 706 }, end: { x: PAGE.width - MARGIN, y: 706 }, thickness: 1.6, color: RED });
  page.drawLine({ start: { x: MARGIN, y: 702.5 }, end: { x: PAGE.width - MARGIN, y: 702.5 }, thickness: 0.5, color: RED });

  // Opening sentence, first line indented by two characters as Chinese prose is.
  let y = 672;
  const indent = 2 * SIZE.body;
  cjk.wrap(text.intro, CONTENT, SIZE.body, 'regular', CONTENT - indent).forEach((line, i) => {
    cjk.draw(page, line, { x: MARGIN + (i === 0 ? indent : 0), y, size: SIZE.body });
    y -= 22;
  });

  y = drawTable(page, cjk, text.rows, y - 4);

  cjk.draw(page, text.closing, { x: MARGIN + indent, y: y - 30, size: SIZE.body });
  const signX = PAGE.width - MARGIN - Math.max(cjk.width(facts.centerName, SIZE.body), cjk.width(issuedLine, SIZE.body));
  cjk.draw(page, facts.centerName, { x: signX, y: y - 80, size: SIZE.body });
  cjk.draw(page, issuedLine, { x: signX, y: y - 102, size: SIZE.body });
  const boxTop = drawVerifyBox(page, cjk, verifyLines, facts.verifyUrl);
  if (y - 102 < boxTop + 16) throw new Error('certificate content does not fit on one page');
  return doc.save();
}

/** Two columns, label and value; a long value wraps inside its cell. Returns the y of the table's bottom edge. */
function drawTable(page: PDFPage, cjk: CjkText, rows: { label: string; value: string }[], top: number): number {
  const valueWidth = CONTENT - LABEL_WIDTH - 2 * CELL_PAD;
  let y = top;
  for (const row of rows) {
    const lines = cjk.wrap(row.value, valueWidth, SIZE.cell);
    const height = Math.max(1, lines.length) * CELL_LINE + 2 * CELL_PAD - 4;
    page.drawRectangle({ x: MARGIN, y: y - height, width: LABEL_WIDTH, height, color: LABEL_BG });
    page.drawRectangle({ x: MARGIN, y: y - height, width: CONTENT, height, borderColor: RULE, borderWidth: 0.6 });
    page.drawLine({ start: { x: MARGIN + LABEL_WIDTH, y }, end: { x: MARGIN + LABEL_WIDTH, y: y - height }, thickness: 0.6, color: RULE });
    const baseline = (i: number) => y - CELL_PAD - 2 - (i + 1) * CELL_LINE + 5;
    cjk.draw(page, row.label, { x: MARGIN + CELL_PAD, y: baseline(0), size: SIZE.cell, color: rgb(0.2, 0.2, 0.2) });
    lines.forEach((line, i) => cjk.draw(page, line, { x: MARGIN + LABEL_WIDTH + CELL_PAD, y: baseline(i), size: SIZE.cell }));
    y -= height;
  }
  return y;
}

function drawVerifyBox(page: PDFPage, cjk: CjkText, lines: { text: string; weight: 'regular' | 'bold' }[], url: string): number {
  const pad = 12;
  const width = CONTENT - 3 * pad - QR_SIDE; // the QR code stands at the box's right
  const [heading, codeLine, urlLine, note] = lines as [(typeof lines)[0], (typeof lines)[0], (typeof lines)[0], (typeof lines)[0]];
  const urlLines = cjk.wrap(urlLine.text, width, SIZE.small);
  const noteLines = cjk.wrap(note.text, width, SIZE.small);
  const height = Math.max(2 * pad + 10 + 22 + 20 + 14 * (urlLines.length + noteLines.length) - 6, QR_SIDE + 2 * pad);
  const top = VERIFY_BOX_BOTTOM + height;
  page.drawRectangle({ x: MARGIN, y: VERIFY_BOX_BOTTOM, width: CONTENT, height, color: BOX_BG, borderColor: BOX_EDGE, borderWidth: 0.8 });
  const qr = { x: MARGIN + CONTENT - pad - QR_SIDE, y: top - pad - QR_SIDE };
  drawQrCode(page, url, qr.x, qr.y, QR_SIDE);
  addLink(page, url, { ...qr, width: QR_SIDE, height: QR_SIDE });
  let y = top - pad - 10;
  cjk.draw(page, heading.text, { x: MARGIN + pad, y, size: 11, weight: 'bold', color: rgb(0.15, 0.25, 0.45) });
  y -= 22;
  cjk.draw(page, codeLine.text, { x: MARGIN + pad, y, size: 13, weight: 'bold' });
  y -= 20;
  const urlTop = y + SIZE.small;
  for (const line of urlLines) {
    cjk.draw(page, line, { x: MARGIN + pad, y, size: SIZE.small });
    y -= 14;
  }
  addLink(page, url, { x: MARGIN + pad, y: y + 11, width, height: urlTop - (y + 11) });
  y -= 2;
  for (const line of noteLines) {
    cjk.draw(page, line, { x: MARGIN + pad, y, size: SIZE.small, color: GREY });
    y -= 14;
  }
  return top;
}

/** The URL as a QR code (error correction M, with its quiet zone on white), dark modules drawn row by row. */
function drawQrCode(page: PDFPage, url: string, x: number, y: number, side: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = side / (modules.size + 2 * quiet);
  page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) });
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      let run = 1; // a row's adjacent dark modules as one rectangle
      while (col + run < modules.size && modules.get(row, col + run)) run++;
      page.drawRectangle({ x: x + (quiet + col) * cell, y: y + side - (quiet + row + 1) * cell, width: run * cell, height: cell, color: rgb(0, 0, 0) });
      col += run - 1;
    }
  }
}

/** A clickable area over the printed URL. */
function addLink(page: PDFPage, url: string, r: { x: number; y: number; width: number; height: number }): void {
  const ctx = page.doc.context;
  const annot = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [r.x, r.y, r.x + r.width, r.y + r.height],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
    }),
  );
  page.node.addAnnot(annot);
}
