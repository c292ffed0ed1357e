/**
 * An application's form as a reviewer reads it: each field under the label the kind's form schema gives it (the
 * manual's words: 失业证号, 提取金额), amounts in yuan, never the raw key. The kinds describe their fields with
 * zod's describe(); a field without one shows as 其他信息 rather than as its key.
 */
import type { z } from 'zod';
import type { ApplicationKind } from '../workflow/index.js';
import { formatYuan } from '../shared/money.js';

interface FormField {
  key: string;
  label: string;
  value: string;
  kind: 'amount' | 'text';
}

/** The description of a field, looking through optional()/nullable()/default() wrappers. */
function describedAs(schema: z.ZodType | undefined): string | undefined {
  // zod's wrappers (optional, nullable, default) expose their inner schema as unwrap() or def.innerType.
  type Wrapped = { description?: string; unwrap?: () => Wrapped; def?: { innerType?: Wrapped } };
  let s = schema as Wrapped | undefined;
  for (let i = 0; s && i < 4; i++) {
    if (s.description) return s.description;
    s = typeof s.unwrap === 'function' ? s.unwrap() : s.def?.innerType;
  }
  return undefined;
}

/** Labels kinds share that the form schemas may leave undescribed (C12's split of a lump sum …). */
const COMMON: Record<string, string> = {
  amountFen: '提取金额（元）',
  selfFundedFen: '自筹金额（元）',
  spouseFen: '配偶提取金额（元）',
  prepayFen: '提前还款金额（元）',
  contractNo: '贷款合同号',
  reason: '原因',
  annualRatePercent: '贷款年利率（%）',
  firstPaymentFen: '首期还款额（元）',
};

/** Enumerated values as the manuals write them (D4's 还款方式). */
const VALUES: Record<string, string> = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' };

export function formFields(kind: ApplicationKind | undefined, form: Record<string, unknown>): FormField[] {
  const shape = (kind?.form as z.ZodObject | undefined)?.shape ?? {};
  // In the order the kind's form lists its fields (the stored JSON keeps its own order), unknown ones last.
  const order = Object.keys(shape);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(form)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, v]) => {
      const described = describedAs(shape[key] as z.ZodType | undefined);
      const money = key.endsWith('Fen') && typeof v === 'number';
      const label = (described ?? COMMON[key] ?? '其他信息').replace('（分）', '（元）');
      const value = money
        ? formatYuan(v, { grouping: true })
        : typeof v === 'boolean'
          ? v
            ? '是'
            : '否'
          : Array.isArray(v)
            ? v.join('、')
            : typeof v === 'object'
              ? '（见材料）'
              : (VALUES[String(v)] ?? String(v));
      return { key, label: money && !label.includes('（元）') ? `${label}（元）` : label, value, kind: money ? ('amount' as const) : ('text' as const) };
    });
}
