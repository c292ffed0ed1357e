/**
 * Follow-up withdrawals (后续提取): the first one was done at the counter, which registered the rent, purchase,
 * build or loan in the core (000 4.3–4.7); later ones are online within the registered interval and limit. The
 * system can check all of it, so they are approved at 初审 by the system (the counter saw the originals).
 */
import { z } from 'zod';
import type { RegistrationKind } from '../db/schema.js';
import { addMonths } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import { defineKind, type ApplicationKind, type PhotoCategory } from '../workflow/index.js';
import { amount, date, fen, ID_FRONT, text } from './forms.js';
import {
  ACCOUNT_NOT_NORMAL,
  allow,
  chosenAmount,
  floorToHundredYuan,
  isRefusal,
  lastWithdrawal,
  load,
  paidOfKind,
  partialWithdrawal,
  postWithin,
  SUBMITTED_FEEDBACK,
  recheckedAtDecision,
  refuse,
  registration,
  type RuleDeps,
} from './rules.js';
import { yuanText, yuanWithUnit } from '../shared/money.js';
import { accountStatusText } from './rule-book.js';

const registrationLabel: Record<RegistrationKind, string> = {
  rent: '租房',
  purchase: '购房',
  build: '建房',
  commercial_loan: '商业贷款',
  fund_loan: '公积金贷款',
};

interface FollowUp {
  key: string;
  code: string;
  name: string;
  processName: string;
  registration: RegistrationKind;
  reason: string;
  summary: string;
  condition: string;
  photos: PhotoCategory[];
  form: z.ZodObject;
  contractField?: string;
  /** Checks across fields, at submit (a refined object cannot be made partial for drafts). */
  check?: (form: Record<string, unknown>) => void;
}

function followUpKind(deps: RuleDeps, f: FollowUp): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: f.key,
    code: f.code,
    group: 'withdrawal',
    name: f.name,
    processName: f.processName,
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: f.photos,
    form: f.form,
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const reg = registration(s, f.registration);
      const what = registrationLabel[f.registration];
      // 000 4.3: 首次提取必须到中心柜面办理提取手续，当核心业务系统记录了该用户的…信息后 … 后续提取可以继续办理.
      const { rules } = s;
      if (
        !rules.check(`中心已登记${what}信息（首次提取在柜台办理）`, !!reg, reg ? `已登记${reg.contractNo ? `，合同号 ${reg.contractNo}` : ''}` : '未登记', () =>
          refuse('NOT_REGISTERED', `第一次提取须本人带齐材料到中心柜台办理，中心登记您的${what}信息后，以后即可在线提取`),
        ) ||
        !reg
      )
        return rules.verdict();
      if (
        !rules.check('账户状态正常', s.account.status === 'normal', `账户状态 ${accountStatusText(s.account.status)}`, () =>
          refuse('ACCOUNT_NOT_NORMAL', ACCOUNT_NOT_NORMAL),
        )
      )
        return rules.verdict();
      const last = await lastWithdrawal(deps, s.member.id, f.key, reg.lastWithdrawalOn);
      const next = last ? addMonths(last, reg.intervalMonths) : null;
      rules.check(`距上次提取满 ${reg.intervalMonths} 个月`, !(next && next > s.today), last ? `上次提取 ${last}，${next} 起可再提取` : '此前未提取', () =>
        refuse('INTERVAL_NOT_REACHED', `距上次提取（${last}）未满${reg.intervalMonths}个月，您可于${next}起办理`, {
          lastWithdrawalOn: last,
          availableFrom: next,
        }),
      );
      const capped: [string, number | null][] = [
        ['账户余额', s.account.balanceFen],
        ['登记限额', reg.limitFen],
        ['贷款余额', f.registration === 'commercial_loan' ? reg.balanceFen : null],
      ];
      const caps = capped.filter((c): c is [string, number] => c[1] !== null);
      const max = floorToHundredYuan(Math.min(...caps.map((c) => c[1])));
      rules.check(
        '可提取金额 ≥ 100 元（取整百）',
        max > 0,
        `${caps.map(([n, v]) => `${n} ${yuanWithUnit(v)}`).join('、')} 中最小者取整百：${yuanWithUnit(max)}`,
        () => refuse('AMOUNT_TOO_SMALL', '您可提取的金额不足100元，暂不能办理', { balanceFen: s.account.balanceFen }),
      );
      return rules.verdict(() =>
        allow(
          max,
          {
            balanceFen: s.account.balanceFen,
            lastWithdrawalOn: last,
            intervalMonths: reg.intervalMonths,
            limitFen: reg.limitFen,
            registeredContractNo: reg.contractNo,
            registeredBalanceFen: reg.balanceFen,
            counterparty: reg.counterparty,
          },
          { derived: { registeredContractNo: reg.contractNo } },
        ),
      );
    },
    amountOf(form: { amountFen?: number } & Record<string, unknown>, allowed) {
      f.check?.(form);
      const registered = allowed.details.registeredContractNo;
      // 002 七(四): 输入【购房合同号】 — it must be the contract the counter registered.
      if (f.contractField && registered && String(form[f.contractField]).trim() !== registered) {
        throw new DomainError(
          'CONTRACT_MISMATCH',
          `${(f.form.shape[f.contractField] as { description?: string }).description ?? '合同号'}与中心登记的不一致`,
          409,
        );
      }
      return chosenAmount(form, allowed);
    },
    describe: (name, amountFen) => `${name}申请提取，条件：${f.condition}金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    settle: partialWithdrawal(deps, f.summary, f.reason),
  });
  return kind;
}

export function followUpKinds(deps: RuleDeps): ApplicationKind[] {
  const rent = followUpKind(deps, {
    // 000 4.3, 002 (六), 003 5.2.1.3: 提取类型、租赁合同号或权证号、房租总额、租赁开始日期、租赁结束日期.
    key: 'rent',
    code: 'C4',
    name: '租房后续提取',
    processName: '缴存人租房提取',
    registration: 'rent',
    reason: '07',
    summary: '部分提取（租房）',
    condition: '租房提取',
    photos: [
      { key: 'leaseContract', label: '房屋租赁合同', required: false },
      { key: 'rentReceipt', label: '房租发票或付款凭证', required: true },
    ],
    form: z.object({
      rentType: z.enum(['普通住房', '公共租赁住房']).describe('提取类型'),
      leaseContractNo: text('租赁合同号或权证号', 60),
      rentTotalFen: fen('房租总额（分）'),
      leaseStart: date('租赁开始日期'),
      leaseEnd: date('租赁结束日期'),
      amountFen: amount(),
    }),
    check: (form) => {
      if (String(form.leaseEnd) < String(form.leaseStart))
        throw new DomainError('VALIDATION_FAILED', '租赁结束日期不能早于开始日期', 400, { field: 'leaseEnd' });
    },
  });
  const purchase = followUpKind(deps, {
    // 000 4.4, 002 七(四): 购房合同号; 卢天鹏 may take 6,900.00 of 6,914.66.
    key: 'purchase',
    code: 'C5',
    name: '购房后续提取',
    processName: '缴存人购买住房提取',
    registration: 'purchase',
    reason: '01',
    summary: '部分提取（购房）',
    condition: '购房提取',
    photos: [ID_FRONT, { key: 'purchaseInvoice', label: '购房发票', required: false }],
    form: z.object({ purchaseContractNo: text('购房合同号', 60), amountFen: amount() }),
    contractField: 'purchaseContractNo',
  });
  const build = followUpKind(deps, {
    // 000 4.5, 002 七(五): 建房合同号.
    key: 'build',
    code: 'C6',
    name: '建房后续提取',
    processName: '缴存人建造、翻建、大修住房提取',
    registration: 'build',
    reason: '02',
    summary: '部分提取（建房）',
    condition: '建房提取',
    photos: [ID_FRONT, { key: 'buildProof', label: '建房、翻修、大修证明材料', required: false }],
    form: z.object({ buildContractNo: text('建房合同号', 60), amountFen: amount() }),
    contractField: 'buildContractNo',
  });
  const commercialLoan = followUpKind(deps, {
    // 000 4.6, 002 七(三), 003 5.2.1.5: yearly; 高振华 may take 23,800.00 (balance 23,856.20, loan 54,140.55 left).
    key: 'commercialLoanRepay',
    code: 'C7',
    name: '偿还商业贷款提取',
    processName: '缴存人偿还商业贷款提取',
    registration: 'commercial_loan',
    reason: '06',
    summary: '部分提取（偿还商业贷款）',
    condition: '提取商业还贷，',
    photos: [ID_FRONT, { key: 'repaymentStatement', label: '商业贷款还款明细', required: true }],
    form: z.object({ amountFen: amount() }),
  });
  return [rent, purchase, build, commercialLoan, fundLoanRepay(deps)];
}

/**
 * 上年还贷额: the instalments the member paid last year (正常还款, 逾期还款). A prepayment or settlement is a business of
 * its own (D1, D3) with its own withdrawal, and 冲还贷 / 按月抵扣 were paid by the fund already.
 */
const INSTALMENTS = new Set(['regular', 'overdue']);

/**
 * C8 提取上年还贷额 (000 4.7, 001 2.2, 002 七(二)): once a calendar year, up to what was repaid on the member's HPF loan
 * last year, less what either borrower already took for that year, in whole hundreds (段德梅: 24,540.23 → 24,500.00).
 */
function fundLoanRepay(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'fundLoanRepay',
    code: 'C8',
    group: 'withdrawal',
    name: '偿还公积金贷款提取',
    processName: '缴存人偿还公积金贷款提取',
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: [
      { key: 'idFront', label: '提取人身份证', required: true },
      { key: 'livePhoto', label: '现场照片', required: false },
    ],
    form: z.object({ amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const { rules } = s;
      if (
        !rules.check('有公积金贷款', s.loans.length > 0, `公积金贷款 ${s.loans.length} 笔`, () =>
          refuse('NO_FUND_LOAN', '您没有公积金贷款，不能办理偿还公积金贷款提取'),
        )
      )
        return rules.verdict();
      const reg = registration(s, 'fund_loan');
      if (
        !rules.check('中心已登记提取还贷（首次提取在柜台办理）', !!reg, reg ? '已登记' : '未登记', () =>
          refuse('NOT_REGISTERED', '第一次提取须到中心柜台办理提取还贷手续，登记后以后每年即可在线提取'),
        ) ||
        !reg
      )
        return rules.verdict();
      const year = Number(s.today.slice(0, 4)) - 1;
      const last = await lastWithdrawal(deps, s.member.id, kind.key, reg.lastWithdrawalOn);
      if (
        !rules.check('每年提取一次', !(last && last.slice(0, 4) === s.today.slice(0, 4)), last ? `上次提取 ${last}` : '此前未提取', () =>
          refuse('ALREADY_THIS_YEAR', `偿还公积金贷款提取每年可办理一次，您本年度已于${last}提取`, { lastWithdrawalOn: last }),
        )
      )
        return rules.verdict();
      let repaid = 0;
      let taken = 0;
      let contractNo: string | null = null;
      let most = -1;
      for (const loan of s.loans) {
        const paid = (await deps.core.listRepayments(loan.id, { from: `${year}-01-01`, to: `${year}-12-31` }))
          .filter((r) => INSTALMENTS.has(r.kind))
          .reduce((sum, r) => sum + r.amountFen, 0);
        const already = (await paidOfKind(deps, kind.key, { loanYear: year, contractNo: loan.contractNo })).reduce((sum, a) => sum + (a.amountFen ?? 0), 0);
        repaid += paid;
        taken += already;
        if (paid > most) [most, contractNo] = [paid, loan.contractNo];
      }
      if (
        !rules.check(`${year} 年度有还贷记录`, repaid > 0, `${year} 年还贷 ${yuanWithUnit(repaid)}`, () =>
          refuse('NO_REPAYMENT_LAST_YEAR', `您${year}年度没有偿还公积金贷款的记录`),
        )
      )
        return rules.verdict();
      const max = floorToHundredYuan(Math.min(repaid - taken, s.account.balanceFen));
      const details = { balanceFen: s.account.balanceFen, loanYear: year, repaidLastYearFen: repaid, alreadyWithdrawnFen: taken, contractNo };
      rules.check(
        '可提取金额 ≥ 100 元（取整百）',
        max > 0,
        `还贷 ${yuanWithUnit(repaid)} − 已提取 ${yuanWithUnit(taken)}，与账户余额 ${yuanWithUnit(s.account.balanceFen)} 取小者取整百：${yuanWithUnit(max)}`,
        () =>
          refuse(
            taken > 0 ? 'ALREADY_WITHDRAWN_FOR_YEAR' : 'AMOUNT_TOO_SMALL',
            taken > 0 ? `您${year}年度的还贷额已提取` : '您可提取的金额不足100元，暂不能办理',
            details,
          ),
      );
      return rules.verdict(() => allow(max, details, { fixed: true, derived: { loanYear: year, contractNo } }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：提取还贷，金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    // B3's 公积金提取还款 row; 000 (九): 提取还贷成功，中心入账成功!
    settle: async (input) => {
      const booked = await postWithin(deps, input, [
        {
          memberId: input.app.memberId,
          postedOn: input.today,
          businessType: 'withdrawal_repay',
          summary: '公积金提取还款',
          amountFen: -(input.app.amountFen ?? 0),
          withdrawalReason: '06',
          withdrawalMethod: '转账',
          reference: input.app.serialNo,
        },
      ], { doneFeedback: '提取还贷成功，中心入账成功!' });
      return booked ? { feedback: '提取还贷成功，中心入账成功!', paid: true } : { feedback: SUBMITTED_FEEDBACK, paid: false };
    },
  });
  return kind;
}
