/**
 * The audit log in the center's words (issue 20): an action code (review.approve), a target (application:2026…) and
 * the JSON details become 审批通过, 业务申请 2026…, “环节：初审；意见：材料齐全”. Codes stay in the table for searching;
 * staff only ever read these labels. An unknown code reads as 其他操作, never as itself.
 */
import { NODE_LABELS, STATUS_LABELS } from '../workflow/index.js';
import { ROLE_LABELS } from './roles.js';

const CONTENT: Record<string, string> = {
  articles: '文章',
  faqs: '常见问题',
  forms: '资料下载',
  rates: '利率',
  agreements: '协议版本',
  'housing-projects': '签约楼盘',
  outlets: '服务网点',
};
const CONTENT_ACTIONS: Record<string, string> = { create: '新建', update: '修改', delete: '删除', publish: '发布', unpublish: '撤回' };

/** Every action code with its label, in the order the filter offers them; a group (review.) finds all of its actions. */
export const AUDIT_ACTIONS: { value: string; label: string }[] = [
  { value: 'review.', label: '业务审批（全部）' },
  { value: 'review.claim', label: '领取办理' },
  { value: 'review.release', label: '放回队列' },
  { value: 'review.approve', label: '审批通过' },
  { value: 'review.return', label: '退回修改' },
  { value: 'review.reject', label: '不予通过' },
  { value: 'content.', label: '内容管理（全部）' },
  ...Object.entries(CONTENT_ACTIONS).map(([k, l]) => ({ value: `content.*.${k}`, label: `${l}内容` })),
  { value: 'broadcasts.create', label: '消息群发' },
  { value: 'complaint.', label: '投诉建议（全部）' },
  { value: 'complaint.claim', label: '领取投诉建议' },
  { value: 'complaint.reply', label: '答复投诉建议' },
  { value: 'community.', label: '互动社区（全部）' },
  { value: 'community.answer', label: '答复留言' },
  { value: 'community.publish', label: '公开留言' },
  { value: 'community.hide', label: '隐藏留言' },
  { value: 'staff.', label: '登录与退出（全部）' },
  { value: 'staff.login', label: '登录' },
  { value: 'staff.login-failed', label: '登录失败' },
  { value: 'staff.lockout', label: '账号锁定' },
  { value: 'staff.logout', label: '退出登录' },
  { value: 'staff-users.', label: '人员管理（全部）' },
  { value: 'staff-users.create', label: '新建工作人员账号' },
  { value: 'staff-users.update', label: '修改工作人员账号' },
];
const LABELS = new Map(AUDIT_ACTIONS.filter((a) => !a.value.endsWith('.')).map((a) => [a.value, a.label]));

export function actionLabel(action: string): string {
  const content = /^content\.([a-z-]+)\.([a-z]+)$/.exec(action);
  if (content) return `${CONTENT_ACTIONS[content[2]!] ?? '修改'}${CONTENT[content[1]!] ?? '内容'}`;
  return LABELS.get(action) ?? '其他操作';
}

const TARGETS: Record<string, string> = {
  application: '业务申请',
  staff: '工作人员账号',
  broadcast: '群发',
  complaint: '投诉建议',
  'community-question': '留言',
  ...CONTENT,
};
export function targetLabel(target: string | null): string {
  if (!target) return '—';
  const i = target.indexOf(':');
  if (i < 0) return target;
  return `${TARGETS[target.slice(0, i)] ?? '记录'} ${target.slice(i + 1)}`;
}

const REASONS: Record<string, string> = { inactive: '账号已停用', 'unknown-user': '账号不存在', locked: '账号已锁定', 'wrong-password': '密码错误' };
const COMMUNITY_STATUS: Record<string, string> = { pending: '待答复', published: '已公开', hidden: '已隐藏', answered: '已答复' };
const yesNo = (v: unknown) => (v ? '是' : '否');
const nodeList = (v: unknown) =>
  Array.isArray(v)
    ? v
        .map((n) => NODE_LABELS[n as keyof typeof NODE_LABELS] ?? '')
        .filter(Boolean)
        .join('、') || '无'
    : '';

/** What each detail key means and how its value reads; keys not listed are left out rather than shown raw. */
const DETAILS: Record<string, [string, (v: unknown) => string]> = {
  node: ['环节', (v) => NODE_LABELS[v as keyof typeof NODE_LABELS] ?? ''],
  opinion: ['意见', (v) => String(v || '同意')],
  status: ['结果', (v) => STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? COMMUNITY_STATUS[String(v)] ?? ''],
  title: ['标题', String],
  name: ['姓名', String],
  role: ['角色', (v) => ROLE_LABELS[v as keyof typeof ROLE_LABELS] ?? ''],
  nodes: ['审批环节', nodeList],
  active: ['启用', yesNo],
  passwordReset: ['重置密码', yesNo],
  reason: ['原因', (v) => REASONS[String(v)] ?? String(v)],
  failures: ['连续错误次数', String],
  from: ['原状态', (v) => COMMUNITY_STATUS[String(v)] ?? ''],
  total: ['人数', String],
  publish: ['公开', yesNo],
  department: ['答复部门', String],
};

export function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .flatMap(([k, v]) => {
      const d = DETAILS[k];
      if (!d || v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v))) return [];
      const text = d[1](v);
      return text ? [`${d[0]}：${text}`] : [];
    })
    .join('；');
}

/** The action filter: a group prefix, an action, or content.*.publish (one action of every content resource). */
export function actionPattern(filter: string): string {
  const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  if (filter.startsWith('content.*.')) return `content.%.${esc(filter.slice('content.*.'.length))}`;
  return `${esc(filter)}%`;
}
