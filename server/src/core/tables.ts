/**
 * The built-in core's tables (J1): members, fund accounts, ledgers, loans and the reference data it serves.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { sql } from 'drizzle-orm';
import { doublePrecision, integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, day, fenCol, id, ref } from '../db/columns.js';
import type { LedgerBusinessType, MaritalStatus, MemberStatus, RateKind, RegistrationKind, RepaymentKind } from '../shared/core-vocabulary.js';

export const employers = pgTable('employers', {
  id: id(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  unitRatioBp: integer('unit_ratio_bp').notNull(),
  personalRatioBp: integer('personal_ratio_bp').notNull(),
  address: text('address'),
  /** 单位账号 (0051). */
  accountNo: text('account_no'),
  createdAt: createdAt(),
});

export const members = pgTable('members', {
  id: id(),
  name: text('name').notNull(),
  idNumberEnc: text('id_number_enc').notNull(),
  idNumberHash: text('id_number_hash').notNull(),
  idNumberMasked: text('id_number_masked').notNull(),
  phoneEnc: text('phone_enc'),
  phoneHash: text('phone_hash'),
  phoneMasked: text('phone_masked'),
  gender: text('gender').$type<'male' | 'female'>().notNull(),
  birthDate: day('birth_date').notNull(),
  maritalStatus: text('marital_status').$type<MaritalStatus>().notNull().default('unmarried'),
  spouseMemberId: ref('spouse_member_id'),
  education: text('education'),
  occupation: text('occupation'),
  title: text('title'),
  position: text('position'),
  address: text('address'),
  postalCode: text('postal_code'),
  householdMonthlyIncomeFen: fenCol('household_monthly_income_fen'),
  employerId: ref('employer_id'),
  status: text('status').$type<MemberStatus>().notNull().default('normal'),
  statusSince: day('status_since'),
  createdAt: createdAt(),
});

export const fundAccounts = pgTable('fund_accounts', {
  id: id(),
  memberId: ref('member_id').notNull(),
  accountNo: text('account_no').notNull(),
  balanceFen: fenCol('balance_fen').notNull().default(0),
  depositBaseFen: fenCol('deposit_base_fen').notNull().default(0),
  unitRatioBp: integer('unit_ratio_bp').notNull().default(0),
  personalRatioBp: integer('personal_ratio_bp').notNull().default(0),
  unitMonthlyFen: fenCol('unit_monthly_fen').notNull().default(0),
  personalMonthlyFen: fenCol('personal_monthly_fen').notNull().default(0),
  paidUpTo: text('paid_up_to'),
  openedOn: day('opened_on').notNull(),
  bankName: text('bank_name'),
  bankAccountNo: text('bank_account_no'),
  status: text('status').$type<'normal' | 'suspended' | 'closed'>().notNull().default('normal'),
  closedOn: day('closed_on'),
  lastWithdrawalOn: day('last_withdrawal_on'),
  /** 启缴年月 YYYYMM (0051). */
  firstPaidMonth: text('first_paid_month'),
});

export const ledgerEntries = pgTable('ledger_entries', {
  id: id(),
  accountId: ref('account_id').notNull(),
  postedOn: day('posted_on').notNull(),
  businessType: text('business_type').$type<LedgerBusinessType>().notNull(),
  summary: text('summary').notNull(),
  amountFen: fenCol('amount_fen').notNull(),
  interestFen: fenCol('interest_fen').notNull().default(0),
  balanceAfterFen: fenCol('balance_after_fen').notNull(),
  withdrawalReason: text('withdrawal_reason'),
  withdrawalMethod: text('withdrawal_method'),
  reference: text('reference'),
  createdAt: createdAt(),
});

export type RepaymentMethodColumn = 'equal-installment' | 'equal-principal';

export const loanContracts = pgTable('loan_contracts', {
  id: id(),
  contractNo: text('contract_no').notNull(),
  loanAccountNo: text('loan_account_no').notNull(),
  borrowerMemberId: ref('borrower_member_id').notNull(),
  coBorrowerMemberId: ref('co_borrower_member_id'),
  principalFen: fenCol('principal_fen').notNull(),
  annualRatePercent: numeric('annual_rate_percent', { precision: 7, scale: 4 }).notNull(),
  months: integer('months').notNull(),
  method: text('method').$type<RepaymentMethodColumn>().notNull(),
  dayCount: text('day_count').$type<'30/360' | 'actual/360'>().notNull().default('30/360'),
  issuedOn: day('issued_on').notNull(),
  maturityOn: day('maturity_on').notNull(),
  repaymentDay: integer('repayment_day').notNull(),
  repaymentBank: text('repayment_bank').notNull(),
  repaymentAccountNo: text('repayment_account_no').notNull(),
  collectionMethod: text('collection_method').notNull().default('委托银行扣收'),
  status: text('status').$type<'repaying' | 'settled' | 'overdue'>().notNull().default('repaying'),
  balanceFen: fenCol('balance_fen').notNull(),
  periodsPaid: integer('periods_paid').notNull().default(0),
  archiveNo: text('archive_no'),
  /** 贷款编号 (0051); 贷款类型: provident 公积金贷款, combined 组合贷款. */
  loanNo: text('loan_no'),
  loanType: text('loan_type').$type<'provident' | 'combined'>().notNull().default('provident'),
  houseAddress: text('house_address'),
  settledOn: day('settled_on'),
});

export const loanRepayments = pgTable('loan_repayments', {
  id: id(),
  loanId: ref('loan_id').notNull(),
  period: integer('period'),
  paidOn: day('paid_on').notNull(),
  kind: text('kind').$type<RepaymentKind>().notNull(),
  principalFen: fenCol('principal_fen').notNull(),
  interestFen: fenCol('interest_fen').notNull(),
  penaltyFen: fenCol('penalty_fen').notNull().default(0),
  amountFen: fenCol('amount_fen').generatedAlwaysAs(sql`principal_fen + interest_fen + penalty_fen`),
  balanceAfterFen: fenCol('balance_after_fen').notNull(),
  reference: text('reference'),
  createdAt: createdAt(),
});

export const loanPlanPeriods = pgTable(
  'loan_plan_periods',
  {
    loanId: ref('loan_id').notNull(),
    period: integer('period').notNull(),
    dueOn: day('due_on').notNull(),
    principalFen: fenCol('principal_fen').notNull(),
    interestFen: fenCol('interest_fen').notNull(),
    paymentFen: fenCol('payment_fen').notNull(),
    balanceAfterFen: fenCol('balance_after_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.loanId, t.period] })],
);

export const loanOverdueRecords = pgTable('loan_overdue_records', {
  id: id(),
  loanId: ref('loan_id').notNull(),
  period: integer('period').notNull(),
  dueOn: day('due_on').notNull(),
  principalFen: fenCol('principal_fen').notNull(),
  interestFen: fenCol('interest_fen').notNull(),
  penaltyFen: fenCol('penalty_fen').notNull().default(0),
  overdueDays: integer('overdue_days').notNull(),
  repaidOn: day('repaid_on'),
});

export interface ProgressNode {
  node: string;
  handler: string;
  opinion: string;
  at: string;
}

export const loanApplicationProgress = pgTable('loan_application_progress', {
  id: id(),
  memberId: ref('member_id').notNull(),
  applicationNo: text('application_no').notNull(),
  contractNo: text('contract_no'),
  amountFen: fenCol('amount_fen').notNull(),
  months: integer('months').notNull(),
  appliedOn: day('applied_on').notNull(),
  currentNode: text('current_node').notNull(),
  nodes: jsonb('nodes').$type<ProgressNode[]>().notNull(),
});

export const counterRegistrations = pgTable('counter_registrations', {
  id: id(),
  memberId: ref('member_id').notNull(),
  kind: text('kind').$type<RegistrationKind>().notNull(),
  registeredOn: day('registered_on').notNull(),
  contractNo: text('contract_no'),
  counterparty: text('counterparty'),
  amountFen: fenCol('amount_fen'),
  balanceFen: fenCol('balance_fen'),
  intervalMonths: integer('interval_months').notNull().default(12),
  limitFen: fenCol('limit_fen'),
  lastWithdrawalOn: day('last_withdrawal_on'),
});

export const outlets = pgTable('outlets', {
  id: id(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  phone: text('phone').notNull(),
  hours: text('hours').notNull(),
  businessTypes: text('business_types').array().notNull(),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
});

export const housingProjects = pgTable('housing_projects', {
  id: id(),
  name: text('name').notNull(),
  location: text('location').notNull(),
  developer: text('developer').notNull(),
  contact: text('contact').notNull(),
  phone: text('phone').notNull(),
});

export const interestRates = pgTable('interest_rates', {
  id: id(),
  kind: text('kind').$type<RateKind>().notNull(),
  annualRatePercent: numeric('annual_rate_percent', { precision: 7, scale: 4 }).notNull(),
  effectiveOn: day('effective_on').notNull(),
});
