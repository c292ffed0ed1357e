/** B6: the repayment plan as an .xlsx download (exceljs) and as a print view, with 004 3.6's columns. */
import { escapeHtml } from '../shared/html.js';
import { formatYuan } from '../shared/money.js';
import { CENTER_NAME } from '../core/builtin/seed/reference.js';
import { pageCsp } from '../http/security-headers.js';

interface PlanSheet {
  contractNo: string;
  borrowerName: string;
  from: string | null;
  to: string | null;
  items: { seq: number; yearMonth: string; dueOn: string; principalFen: number; interestFen: number; paymentFen: number }[];
}

const PLAN_COLUMNS = ['序号', '应还年月', '应还日期', '应还本金', '应还利息', '应还本息'] as const;

export async function planXlsx(sheet: PlanSheet): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on the first download, not at every start (~1 s)
  const wb = new ExcelJS.Workbook();
  wb.creator = CENTER_NAME;
  const ws = wb.addWorksheet('还款计划');
  ws.addRow([`借款合同编号：${sheet.contractNo}`, '', `借款人：${sheet.borrowerName}`]);
  ws.addRow([...PLAN_COLUMNS]).font = { bold: true };
  for (const r of sheet.items) {
    // Amounts as numbers in yuan with two decimals, so the sheet can add them up; fen → yuan exactly via text.
    ws.addRow([r.seq, r.yearMonth, r.dueOn, Number(formatYuan(r.principalFen)), Number(formatYuan(r.interestFen)), Number(formatYuan(r.paymentFen))]);
  }
  for (const col of [4, 5, 6]) ws.getColumn(col).numFmt = '#,##0.00';
  ws.columns.forEach((c, i) => (c.width = [6, 10, 12, 12, 12, 12][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = escapeHtml;

export function planPrintHtml(sheet: PlanSheet): string {
  const rows = sheet.items
    .map(
      (r) =>
        `<tr><td>${r.seq}</td><td>${r.yearMonth}</td><td>${r.dueOn}</td><td>${formatYuan(r.principalFen, { grouping: true })}</td><td>${formatYuan(r.interestFen, { grouping: true })}</td><td>${formatYuan(r.paymentFen, { grouping: true })}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>还款计划 ${esc(sheet.contractNo)}</title>
<style>body{font-family:"Noto Sans CJK SC","PingFang SC",sans-serif;margin:24px}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px 8px;text-align:right}th{background:#f2f3f5}td:nth-child(-n+3){text-align:center}
@media print{button{display:none}}</style></head><body>
<h2>${esc(CENTER_NAME)} 个人住房公积金贷款还款计划</h2>
<p>借款合同编号：${esc(sheet.contractNo)}　借款人：${esc(sheet.borrowerName)}　查询日期：${esc(sheet.from ?? '')} 至 ${esc(sheet.to ?? '')}</p>
<table><thead><tr>${PLAN_COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
<p>共${sheet.items.length}条记录</p><button id="print">打印</button><script>${PRINT_SCRIPT}</script></body></html>`;
}

/** The print button's only script, allowed by its hash in PLAN_PRINT_CSP (no inline handlers). */
const PRINT_SCRIPT = "document.getElementById('print').addEventListener('click',function(){window.print()})";
export const PLAN_PRINT_CSP = pageCsp([PRINT_SCRIPT]);
