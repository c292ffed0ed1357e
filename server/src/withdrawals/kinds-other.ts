/** C1 物业费, C9 低保, C10 下岗失业 and C11 贷款首付: partial withdrawals with rules of their own. */
import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { PROPERTY_FEE_REASON } from '../core/jgj320.js';
import { defineKind, type ApplicationKind } from '../workflow/index.js';
import { amount, fen, ID_BACK, ID_FRONT, text } from './forms.js';
import {
  ACCOUNT_NOT_NORMAL,
  allow,
  chosenAmount,
  isRefusal,
  lastWithdrawal,
  load,
  openLoans,
  partialWithdrawal,
  recheckedAtDecision,
  refuse,
  registration,
  type RuleDeps,
} from './rules.js';
import { yuanText } from '../shared/money.js';
import { accountStatusText, compared, memberStatusText } from './rule-book.js';

/** 000 4.1: 公积金中心对于物业费的提取有一个统一的限额 — this center's: 1,500.00 a year (002 七(七)). */
export const PROPERTY_FEE_LIMIT_FEN = 150_000;

export function otherKinds(deps: RuleDeps): ApplicationKind[] {
  // C1 (000 4.1, 002 七(七), 003 5.2.1.4): once a calendar year, the center's limit, the balance above it. The system
  // checks all of it: approved at 初审 by the system.
  const propertyFee: ApplicationKind = defineKind({
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
      rules.check(
        '人员及账户状态正常',
        s.member.status === 'normal' && s.account.status === 'normal',
        `人员状态 ${memberStatusText(s.member.status)}，账户状态 ${accountStatusText(s.account.status)}`,
        () => refuse('ACCOUNT_NOT_NORMAL', ACCOUNT_NOT_NORMAL),
      );
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
    prepare: recheckedAtDecision(() => propertyFee),
    settle: partialWithdrawal(deps, '部分提取（物业费）', PROPERTY_FEE_REASON),
  });

  // C9 (000 4.8; 000 (九) 享受低保 100元): 申请提取后要由公积金中心进行人工审核 — 初审 and 终审, never automatic.
  const subsistence: ApplicationKind = defineKind({
    key: 'subsistence',
    code: 'C9',
    group: 'withdrawal',
    name: '享受低保',
    processName: '缴存人享受城镇最低生活保障提取',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [{ key: 'subsistenceCertificate', label: '最低生活保障证', required: true }, ID_FRONT, ID_BACK],
    form: z.object({ subsistenceCertificateNo: text('低保证号', 40), amountFen: fen('提取金额（分）') }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      return s.rules.verdict(() => allow(s.account.balanceFen, { balanceFen: s.account.balanceFen }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：享受低保提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => subsistence),
    settle: partialWithdrawal(deps, '部分提取（享受低保）', '99'),
  });

  // C10 (000 4.9, 002 (九)): 失业证号; up to the whole balance (段德梅: 30,921.43). The 停缴 status and the certificate
  // are for the reviewers to judge (002 (九)'s own example is an account 正常): 初审, 复审 and 终审.
  const unemployment: ApplicationKind = defineKind({
    key: 'unemployment',
    code: 'C10',
    group: 'withdrawal',
    name: '下岗失业提取',
    processName: '缴存人下岗失业提取',
    businessType: '提取业务',
    nodes: ['first', 'second', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [{ key: 'unemploymentCertificate', label: '失业证', required: true }, ID_FRONT, ID_BACK],
    form: z.object({ unemploymentCertificateNo: text('失业证号', 40), amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      return s.rules.verdict(() => allow(s.account.balanceFen, { balanceFen: s.account.balanceFen, accountStatus: s.account.status }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：下岗失业提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => unemployment),
    settle: partialWithdrawal(deps, '部分提取（下岗失业）', '99'),
  });

  // C11 (002 (十)): 职工有住房贷款时 — a fund loan being repaid or a commercial loan registered; once; the purchase
  // papers are read by a person: 初审 and 终审.
  const downPayment: ApplicationKind = defineKind({
    key: 'downPayment',
    code: 'C11',
    group: 'withdrawal',
    name: '贷款首付提取',
    processName: '缴存人贷款首付提取',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [
      { key: 'purchaseContract', label: '购房合同', required: true },
      { key: 'downPaymentReceipt', label: '首付款发票或收据', required: true },
      { key: 'loanContract', label: '借款合同', required: false },
    ],
    form: z.object({ purchaseContractNo: text('购房合同号', 60), downPaymentFen: fen('首付款金额（分）'), amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const { rules } = s;
      const commercial = registration(s, 'commercial_loan');
      if (
        !rules.check(
          '有住房贷款',
          openLoans(s).length > 0 || !!commercial,
          `未结清公积金贷款 ${openLoans(s).length} 笔，商业贷款登记${commercial ? '有' : '无'}`,
          () => refuse('NO_HOUSING_LOAN', '您名下还没有住房贷款记录。办好住房贷款后即可申请贷款首付提取'),
        )
      )
        return rules.verdict();
      const last = await lastWithdrawal(deps, s.member.id, 'downPayment', null);
      rules.check('贷款首付提取只办理一次', !last, last ? `已于 ${last} 办理` : '此前未办理', () =>
        refuse('ALREADY_WITHDRAWN', `贷款首付提取已于${last}办理，不能重复办理`, { lastWithdrawalOn: last }),
      );
      return rules.verdict(() => allow(s.account.balanceFen, { balanceFen: s.account.balanceFen }));
    },
    amountOf(form, allowed) {
      const chosen = chosenAmount({ amountFen: form.amountFen ?? Math.min(allowed.amountFen ?? 0, form.downPaymentFen) }, allowed);
      if (chosen > form.downPaymentFen)
        throw new DomainError('AMOUNT_EXCEEDS_DOWN_PAYMENT', `提取金额不能超过首付款金额${yuanText(form.downPaymentFen)}元`, 409);
      return chosen;
    },
    describe: (name, amountFen) => `${name}申请提取，条件：贷款首付提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => downPayment),
    settle: partialWithdrawal(deps, '部分提取（贷款首付）', '01'),
  });

  return [propertyFee, subsistence, unemployment, downPayment];
}
