/** I5 statistics as an .xlsx download (issue 20 point 7): one sheet per figure, Chinese headers, days as rows. */
import { CENTER_NAME } from '../core/builtin/seed/reference.js';
import type { statistics } from './stats.js';

type Stats = Awaited<ReturnType<typeof statistics>>;

export async function statsXlsx(s: Stats): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on the first download, not at every start (~1 s)
  const wb = new ExcelJS.Workbook();
  wb.creator = CENTER_NAME;
  const sheet = (name: string, header: string[], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([`${CENTER_NAME} 统计：${s.from} 至 ${s.to}`]);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 14 : 16));
  };
  sheet(
    '每日业务申请',
    ['日期', '业务', '状态', '件数'],
    s.applicationsByDay.map((r) => [r.day, r.kindLabel, r.stateLabel, r.count]),
  );
  sheet(
    '平均审批用时',
    ['业务', '平均用时（分钟）', '已办结件数'],
    s.averageReviewMinutes.map((r) => [r.kindLabel, r.minutes, r.decided]),
  );
  sheet(
    '每日推送',
    ['日期', '成功', '失败'],
    s.pushes.byDay.map((r) => [r.day, r.sent, r.failed]),
  );
  sheet(
    '活跃会员',
    ['日期', '活跃会员数'],
    s.activeMembers.map((r) => [r.day, r.count]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
