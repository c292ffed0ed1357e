/**
 * The withdrawals that close the account (销户): C2 离退休, C3 终止劳动关系 and C13 异地转移接续. They pay out the whole
 * balance with the 销户利息 (003 5.2.1.1: 个人账户余额 5,925.21 + 销户利息 81.97 = 提取金额合计 6,007.18) and close
 * the account, in the approval's transaction.
 */
import { z } from 'zod';
import type { LedgerBusinessType } from '../core/gateway.js';
import { addMonths, yearMonth } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import { defineKind, type ApplicationKind, type Eligibility, type SettleInput, type SettleResult } from '../workflow/index.js';
import { SUBMITTED_FEEDBACK, allow, closingInterest, isRefusal, load, openLoans, postWithin, recheck, refuse, type RuleDeps, type Snapshot } from './rules.js';
import { yuanText, yuanWithUnit } from '../shared/money.js';
import { ID_BACK, ID_FRONT, LIVE_PHOTO, date, text } from './forms.js';
import { accountStatusText, memberStatusText } from './rule-book.js';

/** Why a closing withdrawal waits for the loan (the manual: 没有贷款结欠), and what to do first. */
const REPAY_LOAN_FIRST = '您还有未还清的公积金贷款。请先还清贷款（可在“我的—贷款”申请提前结清），再办理此项提取';

interface Closing {
  balanceFen: number;
  interestFen: number;
}

/** 没有贷款结欠: the member is neither borrower nor co-borrower of a loan not yet settled. */
function noOpenLoan(s: Snapshot): boolean {
  const open = openLoans(s);
  return s.rules.check(
    '没有未还清的贷款',
    open.length === 0,
    open.length ? `未结清贷款 ${open.length} 笔，余额 ${yuanWithUnit(open.reduce((a, l) => a + l.balanceFen, 0))}` : '无未结清贷款',
    () => refuse('HAS_LOAN', REPAY_LOAN_FIRST),
  );
}

/** Every rule held: the whole balance with the 销户利息, as a figure the reviewer can follow. */
async function closingAllowed(deps: RuleDeps, s: Snapshot): Promise<Eligibility> {
  const { interestFen, from, ratePercent } = await closingInterest(deps, s.member.id, s.today);
  const total = s.account.balanceFen + interestFen;
  s.rules.figure('提取金额 = 账户余额 + 销户利息', `${yuanWithUnit(s.account.balanceFen)} + ${yuanWithUnit(interestFen)} = ${yuanWithUnit(total)}`);
  return s.rules.verdict(() =>
    allow(
      total,
      {
        balanceFen: s.account.balanceFen,
        closingInterestFen: interestFen,
        totalFen: total,
        interestFrom: from,
        depositRatePercent: ratePercent,
      },
      { fixed: true },
    ),
  );
}

/** Outside the transaction: the balance and 销户利息 as of today, with the rules checked again. */
async function prepareClosing(kind: ApplicationKind, memberId: number, today: string): Promise<Closing> {
  const allowed = await kind.eligibility({ memberId, today });
  recheck(allowed, null);
  return { balanceFen: Number(allowed.details.balanceFen), interestFen: Number(allowed.details.closingInterestFen) };
}

function settleClosing(deps: RuleDeps, p: { businessType: LedgerBusinessType; summary: string; reason: string | undefined; feedback: string }) {
  return async (input: SettleInput<Closing>): Promise<SettleResult> => {
    const { balanceFen, interestFen } = input.prepared;
    const base = { memberId: input.app.memberId, postedOn: input.today, reference: input.app.serialNo };
    // As the core books a 销户: the interest is posted first, then the whole balance leaves with it (seed/index.ts).
    const booked = await postWithin(
      deps,
      input,
      [
        ...(interestFen > 0 ? [{ ...base, businessType: 'interest' as const, summary: '销户结息', amountFen: interestFen }] : []),
        {
          ...base,
          businessType: p.businessType,
          summary: p.summary,
          amountFen: -(balanceFen + interestFen),
          interestFen,
          ...(p.reason ? { withdrawalReason: p.reason } : {}),
          withdrawalMethod: '转账',
        },
      ],
      { closeAccountOn: input.today, doneFeedback: p.feedback },
    );
    return { feedback: booked ? p.feedback : SUBMITTED_FEEDBACK, paid: booked, amountFen: balanceFen + interestFen };
  };
}

export function closingKinds(deps: RuleDeps): ApplicationKind[] {
  // C2 (000 4.2, 001 2.1, 002 (八), 003 5.2.1.1). Approved by the system at 初审: the retirement material was
  // reviewed by the 管理部 when the 停缴 was approved, and 001 2.1 shows the online 销户提取 done at once.
  const retirement: ApplicationKind = defineKind({
    key: 'retirement',
    code: 'C2',
    group: 'withdrawal',
    name: '离退休提取',
    processName: '缴存人离休、退休提取',
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: [
      LIVE_PHOTO,
      ID_FRONT,
      ID_BACK,
      { key: 'retirementCertificate', label: '退休证或离退休文件', required: false },
      { key: 'applicationForm', label: '提取申请审批表', required: false },
    ],
    // 002 (八): 离退休单位、离退休证号、批准日期.
    form: z.object({ retirementEmployer: text('离退休单位'), retirementCertificateNo: text('离退休证号', 40), approvedOn: date('批准日期') }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      // 002 (八): 业务系统中有离退休标记，没有贷款结欠 — said as what the member sees and does.
      s.rules.check('有离退休登记', s.member.status === 'retired', `人员状态 ${memberStatusText(s.member.status)}`, () =>
        refuse('NOT_RETIRED', '中心还没有您的离退休登记。请您所在单位到中心为您办理离退休登记，登记后即可在线提取'),
      );
      noOpenLoan(s);
      return s.rules.failed ? s.rules.verdict() : closingAllowed(deps, s);
    },
    amountOf: (_form, allowed) => allowed.amountFen,
    describe: (name, amount) => `${name}申请提取，条件：离退休提取金额：${yuanText(amount)}元`,
    prepare: (app, today) => prepareClosing(retirement, app.memberId, today),
    settle: settleClosing(deps, { businessType: 'closing_withdrawal', summary: '销户提取（离退休）', reason: '03', feedback: '银行付款成功，中心入账成功!' }),
  });

  // C3 (001 2.4, 003 5.2.1.2): 终止劳动合同标记, 经审批停缴 6 个月后系统内无新账户, no loan. The resignation papers
  // are read by a person: 初审 and 终审.
  const employmentEnded: ApplicationKind = defineKind({
    key: 'employmentEnded',
    code: 'C3',
    group: 'withdrawal',
    name: '终止劳动关系提取',
    processName: '缴存人终止劳动关系提取',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [
      ID_FRONT,
      ID_BACK,
      { key: 'portrait', label: '申请人头像', required: true },
      { key: 'terminationProof', label: '解除劳动合同书或辞职证明', required: true },
    ],
    form: z.object({ contractEndedOn: date('解除劳动合同日期').optional() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      // 002: 业务系统中有终止劳动合同标记，停缴满6个月，没有贷款结欠.
      const { rules } = s;
      if (
        !rules.check('有终止劳动关系登记', s.member.status === 'employment_ended', `人员状态 ${memberStatusText(s.member.status)}`, () =>
          refuse('NOT_EMPLOYMENT_ENDED', '中心还没有您终止劳动关系的登记。请原单位到中心为您办理停缴登记，停缴满6个月后即可在线提取'),
        )
      )
        return rules.verdict();
      const from = addMonths(s.member.statusSince ?? s.today, 6);
      rules.check('停缴满 6 个月', from <= s.today, `${s.member.statusSince ?? '—'} 起停缴，${from} 满 6 个月`, () =>
        refuse('SUSPENDED_UNDER_6_MONTHS', `账户停缴满6个月后才能提取，您可于${from}起在线申请`, { availableFrom: from }),
      );
      rules.check('未在新单位开户缴存', s.account.status === 'suspended', `账户状态 ${accountStatusText(s.account.status)}`, () =>
        refuse('HAS_NEW_ACCOUNT', '您已在新单位开户缴存，不能办理终止劳动关系提取。如有疑问请拨打12329'),
      );
      noOpenLoan(s);
      return rules.failed ? rules.verdict() : closingAllowed(deps, s);
    },
    amountOf: (_form, allowed) => allowed.amountFen,
    describe: (name, amount) => `${name}申请提取，条件：终止劳动关系提取金额：${yuanText(amount)}元`,
    prepare: (app, today) => prepareClosing(employmentEnded, app.memberId, today),
    settle: settleClosing(deps, {
      businessType: 'closing_withdrawal',
      summary: '销户提取（终止劳动关系）',
      reason: '99',
      feedback: '银行付款成功，中心入账成功!',
    }),
  });

  // C13 (001 2.5): 本地正常缴存，不存在结欠，本人没有贷款. The balance moves to the new city's center; 初审 and 终审.
  const transferOut: ApplicationKind = defineKind({
    key: 'transferOut',
    code: 'C13',
    group: 'withdrawal',
    name: '异地转移接续',
    processName: '缴存人异地转移接续',
    businessType: '转移接续业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: false,
    photos: [ID_FRONT, ID_BACK, { key: 'transferLetter', label: '转入地公积金中心联系函', required: true }],
    form: z.object({ targetCenter: text('转入地公积金中心'), targetAccountNo: text('转入地个人账号', 40).optional(), newEmployer: text('新工作单位') }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      // 001 2.5: 本地正常缴存，不存在结欠，本人没有贷款.
      const { rules } = s;
      rules.check(
        '人员及账户状态正常',
        s.member.status === 'normal' && s.account.status === 'normal',
        `人员状态 ${memberStatusText(s.member.status)}，账户状态 ${accountStatusText(s.account.status)}`,
        () => refuse('NOT_DEPOSITING', '只有正常缴存的账户才能转出，您的账户目前不是正常缴存状态。请咨询单位或拨打12329'),
      );
      const due = yearMonth(addMonths(s.today, -1));
      rules.check('缴存至上月，无欠缴', !!s.account.paidUpTo && s.account.paidUpTo >= due, `缴至 ${s.account.paidUpTo ?? '—'}，应缴至 ${due}`, () =>
        refuse('IN_ARREARS', `您的公积金只缴至${s.account.paidUpTo ?? '—'}，有欠缴。请单位补缴到上月后再办理转出`),
      );
      noOpenLoan(s);
      return rules.failed ? rules.verdict() : closingAllowed(deps, s);
    },
    amountOf: (_form, allowed) => allowed.amountFen,
    describe: (name, amount) => `${name}申请异地转移接续，金额：${yuanText(amount)}元`,
    prepare: (app, today) => prepareClosing(transferOut, app.memberId, today),
    settle: settleClosing(deps, {
      businessType: 'transfer_out',
      summary: '异地转移接续',
      reason: undefined,
      feedback: '转移接续成功，资金已转入转入地公积金中心!',
    }),
  });

  return [retirement, employmentEnded, transferOut];
}
