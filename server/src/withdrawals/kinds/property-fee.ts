/**
 * C1 物业费提取 (000 4.1, 002 七(七), 003 5.2.1.4): once a calendar year, the center's limit, the balance above it.
 * The system checks all of it: approved at 初审 by the system.
 */
import { z } from 'zod';
import { PROPERTY_FEE_REASON } from '../../core/jgj320.js';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { amount } from '../forms.js';
import { compared } from '../rule-book.js';
import {
  ACCOUNT_NOT_NORMAL,
  allow,
  checkStatusNormal,
  chosenAmount,
  isRefusal,
  lastWithdrawal,
  load,
  partialWithdrawal,
  recheckedAtDecision,
  refuse,
  type RuleDeps,
} from '../rules.js';

/** 000 4.1: 公积金中心对于物业费的提取有一个统一的限额 — this center's: 1,500.00 a year (002 七(七)). */
const PROPERTY_FEE_LIMIT_FEN = 150_000;

export function propertyFeeKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'propertyFee',
    code: 'C1',
    group: 'withdrawal',
    name: '物业费提取',
    processName: '缴存人物业管理费提取',
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: [
      { key: 'propertyFeeReceipt', label: '物业管理服务费收费票据', required: true },
      { key: 'propertyCertificate', label: '不动产权证', required: true },
    ],
    form: z.object({ amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const { rules } = s;
      checkStatusNormal(s, () => refuse('ACCOUNT_NOT_NORMAL', ACCOUNT_NOT_NORMAL));
      const limit = PROPERTY_FEE_LIMIT_FEN;
      const details = { balanceFen: s.account.balanceFen, limitFen: limit };
      rules.check('账户余额 > 物业费限额', s.account.balanceFen > limit, compared(s.account.balanceFen, limit), () =>
        refuse('BALANCE_NOT_ABOVE_LIMIT', `账户余额超过${yuanText(limit)}元才能提取物业费，您的余额暂时不够`, details),
      );
      if (rules.failed) return rules.verdict();
      // The core's own 物业费 rows (counter withdrawals) and the ones paid here.
      const year = s.today.slice(0, 4);
      const { entries } = await deps.core.listLedger(s.member.id, { from: `${year}-01-01`, to: s.today }, { limit: 1000, offset: 0 }, 'desc');
      const atCounter = entries.find((e) => e.amountFen < 0 && e.summary.includes('物业费'))?.postedOn ?? null;
      const last = await lastWithdrawal(deps, s.member.id, 'propertyFee', atCounter);
      rules.check('物业费每年提取一次', !(last && last.startsWith(year)), last ? `上次提取 ${last}` : `${year} 年未提取`, () =>
        refuse('ALREADY_THIS_YEAR', `物业费每年可提取一次，您本年度已于${last}提取`, { ...details, lastWithdrawalOn: last }),
      );
      return rules.verdict(() => allow(limit, { ...details, lastWithdrawalOn: s.account.lastWithdrawalOn }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：物业费提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    settle: partialWithdrawal(deps, '部分提取（物业费）', PROPERTY_FEE_REASON),
  });
  return kind;
}
