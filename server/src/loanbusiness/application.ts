/**
 * D4 贷款申请 online (004 1.3, 3.3; PRODUCT D4): the member names the property (坐落, 总价, 面积, 首套 / 第二套), the
 * amount, term and method, the household income and whether the spouse borrows with them; the trial
 * (application-rules.ts) checks the center's limits live and again at submit. Staff take it 受理 → 审批 → 签约 → 放款;
 * at 放款 the core books the contract with its plan (loans/math.ts), and it shows in B4 我的贷款. B8 follows the nodes.
 */
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreGateway, NewLoan } from '../core/gateway.js';
import { loanApplicationSettings } from './tables.js';
import type { LoanProgress } from '../core/gateway.js';
import { monthsBetween, todayShanghai, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import { fen, yuanText } from '../shared/money.js';
import { rateTable } from '../tools/service.js';
import { isCoreBusiness } from '../core/protocol.js';
import type { Db } from '../db/client.js';
import { defineKind, historyOf, queueCoreSubmission, type ApplicationKind, type ApplicationRow, type Eligibility } from '../workflow/index.js';
import { listByMember, listEvents, updateApplication } from '../workflow/store.js';
import type { BankCards } from '../withdrawals/cards.js';
import {
  SETTING_KEYS,
  assess,
  planOf,
  repaymentDayOf,
  type ApplicantFacts,
  type ApplicationTerms,
  type LoanSettings,
  type LoanTrial,
} from './application-rules.js';
import { requireWithin, type LoanBusinessDeps } from './rules.js';

const LOAN_APPLICATION_KIND = 'loanApplication';

interface LoanApplicationDeps extends LoanBusinessDeps {
  cards: Pick<BankCards, 'reveal'>;
}

export const loanApplicationForm = z.object({
  houseAddress: z.string().trim().min(5).max(100).describe('房屋坐落'),
  housePriceFen: z.number().int().positive().max(100_000_000_00).describe('房屋总价（分）'),
  houseAreaSqm: z.number().positive().max(10_000).describe('建筑面积（平方米）'),
  secondHome: z.boolean().describe('第二套住房'),
  amountFen: z.number().int().positive().max(10_000_000_00).describe('申请贷款金额（分）'),
  months: z.number().int().min(1).max(360).describe('贷款期限（月）'),
  method: z.enum(['equal-installment', 'equal-principal']).describe('还款方式'),
  monthlyIncomeFen: z.number().int().positive().max(100_000_000).describe('家庭月收入（分）'),
  spouseCoBorrower: z.boolean().default(false).describe('配偶作为共同借款人'),
});
type LoanApplicationForm = z.output<typeof loanApplicationForm>;

async function loadSettings(deps: LoanBusinessDeps): Promise<LoanSettings> {
  const rows = await deps.database.db.select().from(loanApplicationSettings).orderBy(asc(loanApplicationSettings.key));
  const byKey = new Map(rows.map((r) => [r.key, Number(r.value)]));
  const missing = SETTING_KEYS.filter((k) => !byKey.has(k));
  if (missing.length) throw new DomainError('LOAN_SETTINGS_MISSING', '贷款参数未配置，请联系中心', 503, { missing });
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, byKey.get(k)!])) as LoanSettings;
}

/** The applicant's family as the limits see it: balances, deposit months, the fund loans of both spouses. */
async function applicantFacts(core: CoreGateway, memberId: number, today: IsoDate): Promise<ApplicantFacts> {
  const me = await core.getMemberWithAccount(memberId);
  if (!me) throw new DomainError('MEMBER_NOT_FOUND', '未找到缴存人信息', 404);
  const spouseId = me.member.spouseMemberId;
  const [spouse, myLoans, spouseLoans] = await Promise.all([
    spouseId ? core.getMemberWithAccount(spouseId) : null,
    core.listLoans(memberId),
    spouseId ? core.listLoans(spouseId) : [],
  ]);
  const loans = new Map([...myLoans, ...spouseLoans].map((l) => [l.contractNo, l]));
  const account = me.account;
  return {
    name: me.member.name,
    birthDate: me.member.birthDate,
    balanceFen: account?.balanceFen ?? 0,
    depositing: account?.status === 'normal' && me.member.status === 'normal',
    depositMonths: account ? monthsBetween(account.openedOn, today) : 0,
    openLoans: [...loans.values()].filter((l) => l.status !== 'settled').length,
    usedLoans: loans.size,
    spouse: spouse
      ? { memberId: spouse.member.id, name: spouse.member.name, balanceFen: spouse.account?.balanceFen ?? 0, birthDate: spouse.member.birthDate }
      : null,
  };
}

async function rateOn(core: CoreGateway, kind: LoanTrial['rateKind'], today: IsoDate): Promise<number> {
  const rate = (await rateTable(core, today)).current.find((r) => r.kind === kind);
  if (!rate) throw new DomainError('RATE_NOT_FOUND', '未找到适用的贷款利率，请联系中心', 503);
  return rate.annualRatePercent;
}

type TrialInput = Omit<ApplicationTerms, 'spouseCoBorrower'> & { spouseCoBorrower?: boolean | undefined };

/** The live trial of the mini-program's 贷款申请 page (and the submit's and 放款's check). */
export async function loanApplicationTrial(deps: LoanBusinessDeps, memberId: number, input: TrialInput, today: IsoDate) {
  const terms: ApplicationTerms = { ...input, spouseCoBorrower: input.spouseCoBorrower ?? false };
  const [facts, settings] = await Promise.all([applicantFacts(deps.core, memberId, today), loadSettings(deps)]);
  const rate = await rateOn(deps.core, `loan_${terms.secondHome ? 'second' : 'first'}_${terms.months <= 60 ? 'le5' : 'gt5'}`, today);
  return { facts, settings, trial: assess(facts, terms, settings, rate, today) };
}

/** What the application page shows before the form: the applicant, the spouse (once), the limits and the rates. */
export async function loanApplicationSetup(deps: LoanBusinessDeps, memberId: number, today: IsoDate) {
  const [facts, settings, rates] = await Promise.all([applicantFacts(deps.core, memberId, today), loadSettings(deps), rateTable(deps.core, today)]);
  const mask = (name: string) => (name.length <= 1 ? name : `${'*'.repeat(name.length - 1)}${name.slice(-1)}`);
  return {
    applicant: { name: facts.name, balanceFen: fen(facts.balanceFen), depositMonths: facts.depositMonths },
    spouse: facts.spouse ? { name: mask(facts.spouse.name), balanceFen: fen(facts.spouse.balanceFen) } : null,
    settings: SETTING_KEYS.map((key) => ({ key, value: settings[key] })),
    rates: rates.current.filter((r) => r.kind !== 'deposit').map((r) => ({ kind: r.kind, label: r.label, annualRatePercent: r.annualRatePercent })),
    usedLoans: facts.usedLoans,
    openLoans: facts.openLoans,
  };
}

const refuse = (code: string, reason: string): Eligibility => ({ allowed: false, code, reason, amountFen: null, fixedAmount: false, details: {} });
const METHOD_LABELS = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' } as const;

interface Prepared {
  loan: NewLoan;
  trial: LoanTrial;
}

export function loanApplicationKind(deps: LoanApplicationDeps): ApplicationKind {
  const limitExceeded = (trial: LoanTrial) => new DomainError('LOAN_LIMIT_EXCEEDED', trial.problems[0]!, 409, { problems: trial.problems });
  return defineKind({
    key: LOAN_APPLICATION_KIND,
    code: 'D4',
    group: 'loan',
    name: '住房公积金贷款',
    processName: '个人住房公积金贷款申请',
    businessType: '个人贷款业务',
    nodes: ['acceptance', 'approval', 'signing', 'disbursement'],
    autoApprove: false,
    // The bound same-name card (C14) becomes the loan's repayment account (委托扣款账户).
    needsBankCard: true,
    photos: [
      { key: 'idCard', label: '借款人身份证', required: true },
      { key: 'marriage', label: '婚姻状况证明', required: true },
      { key: 'purchaseContract', label: '购房合同', required: true },
      { key: 'incomeProof', label: '收入证明', required: true },
      { key: 'spouseIdCard', label: '配偶身份证', required: false },
    ],
    form: loanApplicationForm,
    async eligibility(input) {
      const [facts, settings] = await Promise.all([applicantFacts(deps.core, input.memberId, input.today), loadSettings(deps)]);
      if (!facts.depositing || facts.depositMonths < settings.min_deposit_months)
        return refuse('NOT_DEPOSITING', `申请公积金贷款须正常连续缴存满${settings.min_deposit_months}个月`);
      if (facts.openLoans > 0) return refuse('LOAN_OPEN', '您家庭尚有未结清的住房公积金贷款，结清后方可再次申请');
      if (facts.usedLoans >= settings.max_fund_loans) return refuse('LOANS_USED_UP', `您家庭已使用住房公积金贷款${facts.usedLoans}次，不再受理贷款申请`);
      return {
        allowed: true,
        code: 'OK',
        reason: null,
        amountFen: null,
        fixedAmount: false,
        details: { balanceFen: facts.balanceFen, usedLoans: facts.usedLoans, spouse: facts.spouse?.name ?? null },
      };
    },
    amountOf: (f) => f.amountFen,
    describe: (name, amountFen, f) => `${name}申请住房公积金贷款，金额：${yuanText(amountFen ?? 0)}元，期限：${f.months}个月，${METHOD_LABELS[f.method]}`,
    submitted: {
      async prepare(app, today) {
        const { trial } = await loanApplicationTrial(deps, app.memberId, loanApplicationForm.parse(app.form), today);
        if (!trial.ok) throw limitExceeded(trial);
        return trial;
      },
      // The figures the reviewers see beside the form: the rate and the first instalment of the trial at submit.
      async within({ tx, app, prepared }) {
        const trial = prepared as LoanTrial;
        return updateApplication(tx, app.id, { form: { ...app.form, annualRatePercent: trial.annualRatePercent, firstPaymentFen: trial.firstPaymentFen } });
      },
    },
    async prepare(app, today): Promise<Prepared> {
      const f = loanApplicationForm.parse(app.form);
      const { facts, trial } = await loanApplicationTrial(deps, app.memberId, f, today);
      // 放款 checks again: the balance, the family's loans or the rate may have changed since the submit.
      if (!trial.ok) throw limitExceeded(trial);
      const card = app.bankCardId ? await deps.cards.reveal(app.memberId, app.bankCardId) : null;
      if (!card) throw new DomainError('REPAYMENT_CARD_GONE', '申请人的还款银行卡已解绑，请退回申请人重新选择还款账户', 409);
      const plan = planOf(f, trial.annualRatePercent, today).rows.map((r) => ({
        period: r.period,
        dueOn: r.dueDate,
        principalFen: r.principalFen,
        interestFen: r.interestFen,
        paymentFen: r.paymentFen,
        balanceAfterFen: r.balanceAfterFen,
      }));
      return {
        trial,
        loan: {
          borrowerMemberId: app.memberId,
          coBorrowerMemberId: f.spouseCoBorrower && facts.spouse ? facts.spouse.memberId : null,
          principalFen: f.amountFen,
          annualRatePercent: trial.annualRatePercent,
          months: f.months,
          method: f.method,
          issuedOn: today,
          repaymentDay: repaymentDayOf(today),
          repaymentBank: card.bankName,
          repaymentAccountNo: card.cardNo,
          houseAddress: f.houseAddress,
          applicationNo: app.serialNo,
          plan,
        },
      };
    },
    async settle({ tx, app, prepared: p }) {
      const core = deps.core;
      if (!core.createLoanWithin && isCoreBusiness(core)) {
        // An external core books the contract itself: the application rests at 审批通过 · 放款中 until it says done.
        await queueCoreSubmission(
          tx,
          { serial: app.serialNo, type: 'loan_disbursement', memberId: app.memberId, business: DISBURSEMENT_BUSINESS, channel: app.channel, loan: p.loan },
          '贷款已发放',
        );
        return { feedback: DISBURSING_FEEDBACK, paid: false, amountFen: p.loan.principalFen };
      }
      const made = await requireWithin(core.createLoanWithin, '放款').call(core, tx, p.loan);
      return { feedback: await recordContract(tx, app, made.contractNo, p.loan), paid: true, amountFen: p.loan.principalFen };
    },
    async onCoreDone({ tx, app, request, result }) {
      if (request.type !== 'loan_disbursement' || !result.loan) return undefined;
      return recordContract(tx, app, result.loan.contractNo, request.loan);
    },
  });
}

const DISBURSEMENT_BUSINESS = '个人住房公积金贷款发放';
/** E1 反馈信息 while an external core books the loan. */
const DISBURSING_FEEDBACK = '放款中：已提交核心业务系统，放款后将通知您';

/** The contract number the core made, kept in the application's form (B8 shows it), and the 反馈信息 naming it. */
async function recordContract(tx: Db, app: ApplicationRow, contractNo: string, loan: NewLoan): Promise<string> {
  await updateApplication(tx, app.id, { form: { ...app.form, contractNo } });
  const first = loan.plan[0]!;
  return `贷款已发放，借款合同编号${contractNo}，首期还款日${first.dueOn}，首期还款额${yuanText(first.paymentFen)}元`;
}

/** B8: the member's online loan applications with their nodes (受理 → 审批 → 签约 → 放款), as the core's progress rows. */
export async function applicationProgress(deps: LoanBusinessDeps, memberId: number): Promise<LoanProgress[]> {
  const db = deps.database.db;
  const { rows } = await listByMember(db, memberId, { excludeDrafts: true, limit: 50, offset: 0 });
  const apps = rows.filter((a) => a.kind === LOAN_APPLICATION_KIND);
  const events = await listEvents(
    db,
    apps.map((a) => a.id),
  );
  return apps.map((a) => progressOf(a, historyOf(events.filter((e) => e.applicationId === a.id))));
}

function progressOf(a: ApplicationRow, history: ReturnType<typeof historyOf>): LoanProgress {
  const form = a.form as Partial<LoanApplicationForm> & { contractNo?: string };
  const nodes = history.map((h) => ({ node: h.node, handler: h.handler, opinion: h.opinion, at: h.atText }));
  const current = a.status === 'paid' ? '贷款发放' : (a.feedback ?? '');
  return {
    applicationNo: a.serialNo,
    contractNo: form.contractNo ?? null,
    amountFen: fen(a.amountFen ?? form.amountFen ?? 0),
    months: form.months ?? 0,
    appliedOn: todayShanghai(a.submittedAt ?? a.createdAt),
    currentNode: current,
    nodes,
  };
}
