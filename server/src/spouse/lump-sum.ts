/**
 * C12 一次性提取偿还公积金贷款 with the spouse (001 2.3):
 *   (2) 还款满 12 期, 主贷人及系统内共同借款人（配偶）可提取各自公积金余额的 70% 偿还贷款余额的 70%，不足部分自筹资金偿还
 *       (需先用自筹资金偿还后再用公积金冲抵; the system computes the self-funded part first);
 *   (3) retired members and those who left ≥ 6 months ago without a new account: the whole balance, no 70 % cap;
 *   (4) the member may adjust: the self-funded part defaults to its minimum and can only be raised (2.11).
 * The spouse named by the core record must be the loan's co-borrower; they confirm in the mini-program (spouse/service.ts).
 * Review: 初审 → 终审 by people. Approval posts both withdrawals and the repayment in one transaction.
 */
import { z } from 'zod';
import type { CoreGateway, CoreLoan } from '../core/gateway.js';
import { notify } from '../notifications/service.js';
import { DomainError } from '../shared/errors.js';
import { defineKind, refuse, transition, CHANNEL_LABELS, type ApplicationKind, type Eligibility, type EngineDeps } from '../workflow/index.js';
import {
  accruedInterest,
  booksWithin,
  duesOf,
  freeOf70,
  loanRefusal,
  pickLoan,
  queueLoanRepayment,
  requireWithin,
  type LoanBusinessDeps,
} from '../loanbusiness/rules.js';
import { yuanText } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';

const LUMP_SUM_KIND = 'lumpSumLoanRepay';
export const LUMP_SUM_NAME = '一次性提取偿还公积金贷款';
/** How long the spouse has to answer (PRODUCT C12, J2). */
const SPOUSE_ANSWER_HOURS = 48;
/** 2.14: 同主贷人操作，配偶方确认需要拍照及验证个人身份信息 — taken by the spouse when confirming (not at the borrower's submit). */
export const SPOUSE_PHOTOS = [
  { key: 'spouseIdFront', label: '配偶身份证', required: false },
  { key: 'spouseLivePhoto', label: '配偶人像', required: false },
];

interface LumpSumFigures {
  contractNo: string;
  loanId: number;
  loanBalanceFen: number;
  spouseMemberId: number;
  borrowerBalanceFen: number;
  spouseBalanceFen: number;
  borrowerMaxFen: number;
  spouseMaxFen: number;
  /** What the fund may repay in all (70 % of the loan balance, or all of it when both are free of the cap). */
  fundCapFen: number;
  minSelfFundedFen: number;
}

/** 001 2.3 (2)/(3): the caps and the minimum self-funded part, from today's balances. */
async function lumpSumFigures(core: CoreGateway, memberId: number, today: IsoDate): Promise<LumpSumFigures | Eligibility> {
  const [member, account] = await Promise.all([core.getMember(memberId), core.getFundAccount(memberId)]);
  if (!member || !account) return refuse('NO_FUND_ACCOUNT', '未找到您的公积金个人账户');
  // The refusal every withdrawal shares (withdrawals/rules.ts load()): a closed account offers nothing.
  if (account.status === 'closed' || member.status === 'closed') return refuse('ACCOUNT_CLOSED', '您的公积金账户已销户，不能办理提取业务');
  const loan: CoreLoan | null = await pickLoan(core, memberId);
  const refusal = loanRefusal(loan, today);
  if (refusal) return refuse(refusal.code, refusal.reason);
  if ((await duesOf(core, loan!, today)).length) return refuse('HAS_ARREARS', '您有到期未还的贷款，请先归还当期及逾期贷款');
  // 001 2.3: 系统内共同借款人（配偶）— the core's spouse, who must be on the loan.
  if (!member.spouseMemberId) return refuse('NO_SPOUSE', '核心业务系统中没有您的配偶信息，请到柜面办理');
  if (loan!.coBorrowerMemberId !== member.spouseMemberId) return refuse('SPOUSE_NOT_CO_BORROWER', '您的配偶不是本笔贷款的共同借款人，不能共同提取还贷');
  const [spouse, spouseAccount] = await Promise.all([core.getMember(member.spouseMemberId), core.getFundAccount(member.spouseMemberId)]);
  if (!spouse || !spouseAccount || spouseAccount.status === 'closed') return refuse('SPOUSE_NO_ACCOUNT', '未找到配偶的公积金个人账户');
  const borrowerFree = freeOf70(member, account, today);
  const spouseFree = freeOf70(spouse, spouseAccount, today);
  const pct = (free: boolean, fen: number) => (free ? fen : Math.floor((fen * 70) / 100));
  const borrowerMaxFen = pct(borrowerFree, account.balanceFen);
  const spouseMaxFen = pct(spouseFree, spouseAccount.balanceFen);
  // The 70 % of the loan balance falls away only when everyone withdrawing is free of it.
  const fundCapFen = pct(borrowerFree && spouseFree, loan!.balanceFen);
  const fund = Math.min(fundCapFen, borrowerMaxFen + spouseMaxFen);
  return {
    contractNo: loan!.contractNo,
    loanId: loan!.id,
    loanBalanceFen: loan!.balanceFen,
    spouseMemberId: spouse.id,
    borrowerBalanceFen: account.balanceFen,
    spouseBalanceFen: spouseAccount.balanceFen,
    borrowerMaxFen,
    spouseMaxFen,
    fundCapFen,
    minSelfFundedFen: loan!.balanceFen - fund,
  };
}

interface LumpSumSplit {
  selfFundedFen: number;
  borrowerFen: number;
  spouseFen: number;
}

/**
 * 2.11: the self-funded part shows its minimum and may only be raised; the rest comes from the fund, the borrower's
 * account first unless the form says how much the spouse gives.
 */
function splitOf(form: { selfFundedFen?: number | undefined; spouseFen?: number | undefined }, f: LumpSumFigures): LumpSumSplit {
  const selfFundedFen = form.selfFundedFen ?? f.minSelfFundedFen;
  if (selfFundedFen < f.minSelfFundedFen) {
    throw new DomainError('SELF_FUNDED_TOO_LOW', `自筹资金不能少于${yuanText(f.minSelfFundedFen)}元（只能调大自还金额）`, 409, {
      minSelfFundedFen: f.minSelfFundedFen,
    });
  }
  if (selfFundedFen >= f.loanBalanceFen) throw new DomainError('SELF_FUNDED_COVERS_LOAN', '自筹资金已足以还清贷款，请办理提前结清', 409);
  const fund = f.loanBalanceFen - selfFundedFen;
  const spouseFen = form.spouseFen ?? Math.max(0, fund - f.borrowerMaxFen);
  const borrowerFen = fund - spouseFen;
  if (spouseFen <= 0) throw new DomainError('SPOUSE_AMOUNT_REQUIRED', '本业务由夫妻共同提取，配偶提取金额须大于0；仅由本人提取请办理偿还公积金贷款提取', 409);
  if (spouseFen > f.spouseMaxFen)
    throw new DomainError('SPOUSE_AMOUNT_EXCEEDS_ALLOWED', `配偶提取金额不能超过${yuanText(f.spouseMaxFen)}元`, 409, { maxFen: f.spouseMaxFen });
  if (borrowerFen < 0 || borrowerFen > f.borrowerMaxFen) {
    throw new DomainError('AMOUNT_EXCEEDS_ALLOWED', `本人提取金额不能超过${yuanText(f.borrowerMaxFen)}元`, 409, { maxFen: f.borrowerMaxFen });
  }
  return { selfFundedFen, borrowerFen, spouseFen };
}

const form = z.object({
  selfFundedFen: z.number().int().positive().optional().describe('自筹资金（分），默认最小自还金额，只能调大'),
  spouseFen: z.number().int().positive().optional().describe('配偶提取金额（分）'),
});

interface Prepared {
  split: LumpSumSplit;
  loanId: number;
  /** The loan as approval found it: what an external core checks before it books. */
  loan: { status: CoreLoan['status']; balanceFen: number; periodsPaid: number };
  spouseMemberId: number;
  interestFen: number;
}

export function lumpSumKind(deps: LoanBusinessDeps, engine: () => EngineDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: LUMP_SUM_KIND,
    code: 'C12',
    group: 'withdrawal',
    name: LUMP_SUM_NAME,
    processName: '缴存人一次性提取偿还公积金贷款',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: false,
    afterSubmit: 'awaiting_spouse',
    // 001 2.3 (2) / 2.12: 材料拍摄顺序：借款人身份证、人像; the spouse takes theirs when confirming.
    photos: [{ key: 'idFront', label: '借款人身份证', required: true }, { key: 'livePhoto', label: '借款人人像', required: true }, ...SPOUSE_PHOTOS],
    form,
    async eligibility(input) {
      const f = await lumpSumFigures(deps.core, input.memberId, input.today);
      if ('allowed' in f) return f;
      const spouse = await deps.core.getMember(f.spouseMemberId);
      const fund = f.loanBalanceFen - f.minSelfFundedFen;
      return {
        allowed: true,
        code: 'OK',
        reason: null,
        amountFen: fund,
        fixedAmount: false,
        details: { ...f, spouseName: spouse?.name ?? null, fundMaxFen: fund },
        derived: { contractNo: f.contractNo, loanBalanceAtSubmitFen: f.loanBalanceFen },
      };
    },
    amountOf(form, allowed) {
      const s = splitOf(form, allowed.details as unknown as LumpSumFigures);
      return s.borrowerFen + s.spouseFen;
    },
    describe: (name, amountFen) => `${name}申请一次性提取还贷，条件：夫妻共同提取偿还公积金贷款，金额：${yuanText(amountFen ?? 0)}元`,

    /** Names the spouse, sets the deadline and sends them the confirmation request (template message, else SMS). */
    submitted: {
      async prepare(app, today) {
        const f = await lumpSumFigures(deps.core, app.memberId, today);
        if ('allowed' in f) throw new DomainError('NOT_ELIGIBLE', f.reason ?? '暂不符合办理条件', 409, { reasonCode: f.code });
        const [borrower, spouse] = await Promise.all([deps.core.getMember(app.memberId), deps.core.getMember(f.spouseMemberId)]);
        return { f, split: splitOf(app.form, f), borrowerName: borrower?.name ?? '', spouseName: spouse?.name ?? '' };
      },
      async within({ tx, app, prepared }) {
        const { f, split, borrowerName, spouseName } = prepared as { f: LumpSumFigures; split: LumpSumSplit; borrowerName: string; spouseName: string };
        const answerBefore = new Date(deps.clock.now().getTime() + SPOUSE_ANSWER_HOURS * 3600_000);
        const named = (
          await transition(tx, engine(), app, {
            to: 'awaiting_spouse',
            node: '配偶确认',
            action: 'spouse-request',
            actor: { kind: 'system', id: null, name: '系统' },
            opinion: `请配偶${spouseName}确认`,
            patch: { spouseMemberId: f.spouseMemberId, expiresAt: answerBefore, form: { ...app.form, ...split, contractNo: f.contractNo } },
          })
        ).app;
        await notify(tx, deps.push, {
          memberId: f.spouseMemberId,
          business: LUMP_SUM_NAME,
          channel: CHANNEL_LABELS[app.channel],
          applicationId: app.id,
          content: `您的配偶${borrowerName}申请${LUMP_SUM_NAME}（流水号${app.serialNo}），需从您的公积金账户提取${yuanText(split.spouseFen)}元偿还贷款，请于${SPOUSE_ANSWER_HOURS}小时内在小程序中确认。`,
          notice: {
            kind: 'spouse_confirmation',
            serialNo: app.serialNo,
            applicantName: borrowerName,
            business: LUMP_SUM_NAME,
            amountFen: split.spouseFen,
            answerBefore,
          },
        });
        return named;
      },
    },

    async prepare(app, today): Promise<Prepared> {
      const form = app.form as Record<string, number>;
      if (!app.spouseMemberId) throw new DomainError('SPOUSE_MISSING', '该申请没有配偶确认信息', 409);
      const loans = await deps.core.listLoans(app.memberId);
      const loan = loans.find((l) => l.contractNo === String(app.form.contractNo));
      if (!loan || loan.status === 'settled') throw new DomainError('LOAN_SETTLED', '该笔贷款已结清', 409);
      return {
        split: { selfFundedFen: form.selfFundedFen!, borrowerFen: form.borrowerFen!, spouseFen: form.spouseFen! },
        loanId: loan.id,
        loan: { status: loan.status, balanceFen: loan.balanceFen, periodsPaid: loan.periodsPaid },
        spouseMemberId: app.spouseMemberId,
        interestFen: accruedInterest(loan, loan.balanceFen, today),
      };
    },

    /** 需先用自筹资金偿还后再用公积金冲抵: the self-funded repayment, then both withdrawals and their repayment. */
    async settle(input) {
      const { tx, app, today, prepared } = input;
      const core = deps.core;
      const within = booksWithin(core, '还贷');
      // The built-in core: the loan as it is now, locked; an external one: as prepare() read it, which the core checks.
      const loan = within ? await requireWithin(core.lockLoanWithin, '还贷').call(core, tx, prepared.loanId) : prepared.loan;
      if (!loan || loan.status === 'settled') throw new DomainError('LOAN_SETTLED', '该笔贷款已结清', 409);
      const { borrowerFen, spouseFen } = prepared.split;
      const fund = borrowerFen + spouseFen;
      if (fund > loan.balanceFen) throw new DomainError('LOAN_BALANCE_CHANGED', '贷款余额已发生变化，请重新申请', 409);
      // An instalment paid since the submit lowers what the member still has to bring.
      const selfFen = Math.min(prepared.split.selfFundedFen, loan.balanceFen - fund);
      const interestFen = prepared.interestFen;
      const base = {
        postedOn: today,
        businessType: 'withdrawal_repay' as const,
        summary: '公积金提取还款（一次性还贷）',
        withdrawalReason: '06',
        withdrawalMethod: '冲还贷',
        reference: app.serialNo,
      };
      const postings = [
        { ...base, memberId: app.memberId, amountFen: -borrowerFen },
        { ...base, memberId: prepared.spouseMemberId, amountFen: -spouseFen },
      ];
      const repayments = [
        ...(selfFen > 0 || interestFen > 0
          ? [{ paidOn: today, kind: 'settlement' as const, period: null, principalFen: selfFen, interestFen, reference: app.serialNo }]
          : []),
        { paidOn: today, kind: 'withdrawal_repay' as const, period: null, principalFen: fund, interestFen: 0, reference: `${app.serialNo}:fund` },
      ];
      const feedbackOf = (settled: boolean) => (settled ? '提取还贷成功，贷款已结清，中心入账成功!' : '提取还贷成功，中心入账成功!');
      if (!within) {
        const expected = { balanceFen: loan.balanceFen, periodsPaid: loan.periodsPaid };
        return queueLoanRepayment(
          input,
          { business: LUMP_SUM_NAME, loanId: prepared.loanId, expected, postings, repayments },
          feedbackOf(selfFen + fund === loan.balanceFen),
          fund,
        );
      }
      await requireWithin(core.postWithin, '记账').call(core, tx, postings);
      const repay = requireWithin(core.repayWithin, '还贷').bind(core);
      let done = { settled: false };
      for (const r of repayments) done = await repay(tx, prepared.loanId, r);
      return { feedback: feedbackOf(done.settled), paid: true, amountFen: fund };
    },
  });
  return kind;
}
