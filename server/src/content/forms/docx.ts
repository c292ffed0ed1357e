/**
 * Renders a paper form (F7 资料下载) as a minimal .docx (Office Open XML, ECMA-376): a title, a bordered
 * table of labelled blanks, notes, and signature lines. Word and WPS open it; the text is UTF-8 XML, with
 * SimSun/宋体 named for the Chinese characters.
 */
import { zipStored } from './zip.js';

/** A row of the table: one [label, filled-in text] pair spanning the width, or two pairs side by side. */
type FormRow = [string, string?] | [string, string, string, string?];
interface FormSection {
  caption?: string;
  rows: FormRow[];
}
export interface FormDocument {
  title: string;
  /** A line under the title, e.g. "编号：　　　　　　" or the issuing center. */
  subtitle?: string;
  sections: FormSection[];
  notes?: { caption: string; lines: string[] };
  signatures: string[];
  /** docProps: the author shown by Word. */
  author: string;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const LABEL_W = 2000;
const VALUE_W = 2706; // A4 (11906 twips) less two margins of 1247 = 9412 = 2 × (2000 + 2706)

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function run(text: string, o: { bold?: boolean; size?: number } = {}): string {
  const props = `<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="宋体"/>${o.bold ? '<w:b/>' : ''}<w:sz w:val="${o.size ?? 22}"/><w:szCs w:val="${o.size ?? 22}"/>`;
  return `<w:r><w:rPr>${props}</w:rPr><w:t xml:space="preserve">${xml(text)}</w:t></w:r>`;
}

function para(text: string, o: { bold?: boolean; size?: number; align?: 'center' | 'right' | 'left'; spaceAfter?: number } = {}): string {
  const ppr = `<w:pPr><w:spacing w:after="${o.spaceAfter ?? 60}"/>${o.align ? `<w:jc w:val="${o.align}"/>` : ''}</w:pPr>`;
  return `<w:p>${ppr}${text ? run(text, o) : ''}</w:p>`;
}

function cell(text: string, width: number, o: { span?: number; bold?: boolean; shade?: boolean } = {}): string {
  const pr = [
    `<w:tcW w:w="${width}" w:type="dxa"/>`,
    o.span ? `<w:gridSpan w:val="${o.span}"/>` : '',
    o.shade ? '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>' : '',
    '<w:vAlign w:val="center"/>',
  ].join('');
  return `<w:tc><w:tcPr>${pr}</w:tcPr>${para(text, { bold: o.bold, spaceAfter: 0 })}</w:tc>`;
}

function tableRow(cells: string[]): string {
  return `<w:tr><w:trPr><w:trHeight w:val="520"/></w:trPr>${cells.join('')}</w:tr>`;
}

function rowXml(r: FormRow): string {
  if (r.length <= 2) return tableRow([cell(r[0], LABEL_W, { shade: true }), cell(r[1] ?? '', VALUE_W * 2 + LABEL_W, { span: 3 })]);
  return tableRow([cell(r[0], LABEL_W, { shade: true }), cell(r[1] ?? '', VALUE_W), cell(r[2] ?? '', LABEL_W, { shade: true }), cell(r[3] ?? '', VALUE_W)]);
}

function table(sections: FormSection[]): string {
  const border = (side: string) => `<w:${side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>`;
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('');
  const rows = sections.flatMap((s) => [
    ...(s.caption ? [tableRow([cell(s.caption, (LABEL_W + VALUE_W) * 2, { span: 4, bold: true, shade: true })])] : []),
    ...s.rows.map(rowXml),
  ]);
  return [
    `<w:tbl><w:tblPr><w:tblW w:w="${(LABEL_W + VALUE_W) * 2}" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>`,
    `<w:tblGrid>${[LABEL_W, VALUE_W, LABEL_W, VALUE_W].map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
    ...rows,
    '</w:tbl>',
  ].join('');
}

function documentXml(d: FormDocument): string {
  const body = [
    para(d.title, { bold: true, size: 36, align: 'center', spaceAfter: 120 }),
    ...(d.subtitle ? [para(d.subtitle, { align: 'right' })] : []),
    table(d.sections),
    para(''),
    ...(d.notes ? [para(d.notes.caption, { bold: true }), ...d.notes.lines.map((l) => para(l, { size: 21 }))] : []),
    para(''),
    ...d.signatures.map((s) => para(s, { align: 'right', spaceAfter: 200 })),
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1304" w:right="1247" w:bottom="1304" w:left="1247" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>',
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`;
}

/** The .docx file: four parts in a stored ZIP, deterministic for a given document. */
export function renderDocx(d: FormDocument): Buffer {
  const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;
  const core = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${xml(d.title)}</dc:title><dc:creator>${xml(d.author)}</dc:creator></cp:coreProperties>`;
  return zipStored([
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes, 'utf8') },
    { name: '_rels/.rels', data: Buffer.from(rels, 'utf8') },
    { name: 'docProps/core.xml', data: Buffer.from(core, 'utf8') },
    { name: 'word/document.xml', data: Buffer.from(documentXml(d), 'utf8') },
  ]);
}
