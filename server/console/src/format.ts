/** Display helpers: money is integer fen on the wire, shown as yuan with two decimals; times in Asia/Shanghai. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt.format(d).replace(/\//g, '-');
}

export function waited(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} 分钟`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} 小时`;
  return `${Math.round(seconds / 86400)} 天`;
}

export const NODE_OPTIONS = [
  { value: 'first', label: '初审' },
  { value: 'second', label: '复审' },
  { value: 'final', label: '终审' },
  { value: 'acceptance', label: '贷款受理' },
  { value: 'approval', label: '贷款审批' },
  { value: 'signing', label: '贷款签约' },
  { value: 'disbursement', label: '贷款发放' },
];

/** Today in Asia/Shanghai as YYYY-MM-DD, and n days before it. */
export function shanghaiDay(offsetDays = 0): string {
  const d = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000);
  return d.toISOString().slice(0, 10);
}

/** Labels of the core's codes as the center's counters say them. */
export const LABELS: Record<string, string> = {
  normal: '正常',
  suspended: '封存',
  retired: '已退休',
  employment_ended: '已终止劳动关系',
  closed: '销户',
  unmarried: '未婚',
  married: '已婚',
  divorced: '离异',
  widowed: '丧偶',
  borrower: '借款人',
  'co-borrower': '共同借款人',
  repaying: '还款中',
  settled: '已结清',
  overdue: '逾期',
};
export const label = (code: string | null | undefined) => (code ? (LABELS[code] ?? code) : '—');

export const ROLE_LABELS: Record<string, string> = { reviewer: '审核人员', 'content-editor': '内容编辑', 'service-agent': '客服人员', admin: '系统管理员' };
export const roleLabel = (role: string | null | undefined) => (role ? (ROLE_LABELS[role] ?? '工作人员') : '');

/** Menu names of the console's paths (the first part of the path), for 无权限 and headings. */
export const PAGE_LABELS: Record<string, string> = {
  review: '业务审批',
  content: '内容管理',
  broadcasts: '消息群发',
  complaints: '投诉建议',
  community: '互动社区',
  stats: '统计分析',
  audit: '操作日志',
  users: '人员管理',
};
