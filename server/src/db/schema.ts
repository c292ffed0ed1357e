/**
 * drizzle table definitions mirroring the SQL migrations in ./migrations (the migrations are the source of
 * truth; test/migrations.test.ts checks that every column here exists there with the same type).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, doublePrecision, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { LedgerBusinessType, MaritalStatus, MemberStatus, RateKind, RegistrationKind, RepaymentKind } from '../shared/core-vocabulary.js';
export type { LedgerBusinessType, MaritalStatus, MemberStatus, RateKind, RegistrationKind, RepaymentKind };

const id = () => bigserial('id', { mode: 'number' }).primaryKey();
const fenCol = (name: string) => bigint(name, { mode: 'number' });
const ref = (name: string) => bigint(name, { mode: 'number' });
const day = (name: string) => date(name, { mode: 'string' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

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

/** D4's lending limits (0045_loan_applications.sql), read by the trial and the submit check. */
export const loanApplicationSettings = pgTable('loan_application_settings', {
  key: text('key').primaryKey(),
  value: numeric('value', { precision: 14, scale: 2 }).notNull(),
  label: text('label').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
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

/** One WeChat person across the official account and the mini-program (0002_wechat_users.sql). */
export const wechatUsers = pgTable('wechat_users', {
  id: id(),
  unionid: text('unionid'),
  oaOpenid: text('oa_openid'),
  mpOpenid: text('mp_openid'),
  subscribed: boolean('subscribed').notNull().default(false),
  subscribedAt: timestamp('subscribed_at', { withTimezone: true }),
  unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  memberId: ref('member_id'),
  boundAt: timestamp('bound_at', { withTimezone: true }),
  createdAt: createdAt(),
});

// ---- content (0005_content.sql): 政策业务 and 互动交流 ----------------------------------------------

export type ArticleColumn = 'notices' | 'introduction' | 'policies' | 'guides' | 'disclosure';
export type PublishStatus = 'draft' | 'published' | 'hidden';

export const articles = pgTable('articles', {
  id: id(),
  columnKey: text('column_key').$type<ArticleColumn>().notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  bodyHtml: text('body_html').notNull(),
  bodyText: text('body_text').notNull(),
  source: text('source'),
  status: text('status').$type<PublishStatus>().notNull().default('draft'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  viewCount: integer('view_count').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const faqs = pgTable('faqs', {
  id: id(),
  category: text('category').notNull(),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  keywords: text('keywords')
    .array()
    .notNull()
    .default(sql`'{}'`),
  sort: integer('sort').notNull().default(0),
  status: text('status').$type<PublishStatus>().notNull().default('published'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const communityQuestions = pgTable('community_questions', {
  id: id(),
  memberId: ref('member_id'),
  askerNameMasked: text('asker_name_masked').notNull(),
  question: text('question').notNull(),
  askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
  answer: text('answer'),
  answeredBy: text('answered_by'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  status: text('status').$type<'pending' | 'published' | 'hidden'>().notNull().default('pending'),
  // 0009_interaction.sql: members ask through the API (interaction/)
  secCheck: text('sec_check').$type<SecCheck>().notNull().default('pass'),
  answeredByStaffId: ref('answered_by_staff_id'),
});

export const forms = pgTable('forms', {
  id: id(),
  code: text('code').notNull(),
  title: text('title').notNull(),
  category: text('category').notNull(),
  description: text('description').notNull().default(''),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  storage: text('storage').$type<'builtin' | 'data_dir'>().notNull(),
  storageKey: text('storage_key').notNull(),
  sort: integer('sort').notNull().default(0),
  status: text('status').$type<PublishStatus>().notNull().default('published'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  downloadCount: integer('download_count').notNull().default(0),
  createdAt: createdAt(),
});

export const centerProfile = pgTable('center_profile', {
  id: integer('id').primaryKey().default(1),
  name: text('name').notNull(),
  hotline: text('hotline').notNull(),
  hotlineHours: text('hotline_hours').notNull(),
  phone: text('phone').notNull(),
  address: text('address').notNull(),
  postalCode: text('postal_code').notNull(),
  officeHours: text('office_hours').notNull(),
  email: text('email'),
  website: text('website'),
  officialAccount: text('official_account'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---- identity (0003_identity.sql): A1–A9, G9 -------------------------------------------------------

export type AgreementKind = 'user-agreement' | 'privacy';
export type SmsPurpose = 'register' | 'password-reset' | 'change-phone' | 'unbind';
export type FacePurpose = 'register' | 'login' | 'transaction' | 'spouse-confirmation';
export type TicketKind = 'registration' | 'password-reset' | 'transaction-confirmation';
export type VerificationMethod = 'sms' | 'face' | 'business-password';
export type SessionKind = 'standard' | 'auto-login';

export const agreements = pgTable('agreements', {
  id: id(),
  kind: text('kind').$type<AgreementKind>().notNull(),
  version: text('version').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  effectiveOn: day('effective_on').notNull(),
  createdAt: createdAt(),
  /** 0010_console.sql: NULL while a staff draft; the current version is the newest published one in effect. */
  publishedAt: timestamp('published_at', { withTimezone: true }),
});

export const agreementAcceptances = pgTable('agreement_acceptances', {
  id: id(),
  memberId: ref('member_id').notNull(),
  agreementId: ref('agreement_id').notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberCredentials = pgTable('member_credentials', {
  memberId: ref('member_id').primaryKey(),
  loginPasswordHash: text('login_password_hash').notNull(),
  businessPasswordHash: text('business_password_hash').notNull(),
  loginFailures: integer('login_failures').notNull().default(0),
  loginLockedUntil: timestamp('login_locked_until', { withTimezone: true }),
  businessFailures: integer('business_failures').notNull().default(0),
  businessLockedUntil: timestamp('business_locked_until', { withTimezone: true }),
  autoLogin: boolean('auto_login').notNull().default(false),
  registeredBy: text('registered_by').$type<'sms' | 'face'>().notNull(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  loginPasswordChangedAt: timestamp('login_password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  businessPasswordChangedAt: timestamp('business_password_changed_at', { withTimezone: true }).notNull().defaultNow(),
});

export const smsCodes = pgTable('sms_codes', {
  id: id(),
  phoneHash: text('phone_hash').notNull(),
  purpose: text('purpose').$type<SmsPurpose>().notNull(),
  memberId: ref('member_id').notNull(),
  codeHash: text('code_hash').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

export const faceVerifications = pgTable('face_verifications', {
  id: id(),
  bizTokenHash: text('biz_token_hash').notNull(),
  purpose: text('purpose').$type<FacePurpose>().notNull(),
  memberId: ref('member_id').notNull(),
  reference: text('reference'),
  result: text('result').$type<'pending' | 'passed' | 'refused'>().notNull().default('pending'),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

export const memberSessions = pgTable('member_sessions', {
  id: id(),
  memberId: ref('member_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  kind: text('kind').$type<SessionKind>().notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
  absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedReason: text('revoked_reason'),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const identityTickets = pgTable('identity_tickets', {
  id: id(),
  tokenHash: text('token_hash').notNull(),
  kind: text('kind').$type<TicketKind>().notNull(),
  memberId: ref('member_id').notNull(),
  method: text('method').$type<VerificationMethod>().notNull(),
  purpose: text('purpose'),
  reference: text('reference'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

export const auditLog = pgTable('audit_log', {
  id: id(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  memberId: ref('member_id'),
  action: text('action').notNull(),
  target: text('target'),
  result: text('result').$type<'success' | 'failure'>().notNull(),
  reason: text('reason'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

// ---- official account (0004_wechat.sql): H1–H6, E5 --------------------------------------------------

export const wechatPushLog = pgTable('wechat_push_log', {
  dedupeKey: text('dedupe_key').primaryKey(),
  openid: text('openid').notNull(),
  kind: text('kind').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  reply: text('reply'),
  deferred: boolean('deferred').notNull().default(false),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

export type OutboxChannel = 'template' | 'subscribe' | 'custom' | 'sms';
export type OutboxNotice = 'progress' | 'spouse_confirmation' | 'question_reply' | 'bot_reply' | 'broadcast' | 'loan' | 'account';
export type OutboxStatus =
  | 'pending'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'blocked'
  | 'delivery_failed'
  | 'not_following'
  | 'declined'
  | 'failed'
  /** The send's outcome is unknown (its worker died mid-call) on a channel without a client message id: not sent again. */
  | 'maybe_sent';

export const wechatOutbox = pgTable('wechat_outbox', {
  id: id(),
  channel: text('channel').$type<OutboxChannel>().notNull(),
  notice: text('notice').$type<OutboxNotice>().notNull(),
  reference: text('reference'),
  memberId: ref('member_id'),
  touser: text('touser'),
  templateId: text('template_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  clientMsgId: text('client_msg_id').notNull(),
  status: text('status').$type<OutboxStatus>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  msgid: text('msgid'),
  lastErrcode: integer('last_errcode'),
  lastError: text('last_error'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  deliveryStatus: text('delivery_status'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: createdAt(),
});

// ---- certificates (0006_certificates.sql): E4, K2 --------------------------------------------------

export type CertificateKind = 'deposit' | 'loan-settlement' | 'transfer-receipt';

export const certificates = pgTable('certificates', {
  id: id(),
  code: text('code').notNull(),
  kind: text('kind').$type<CertificateKind>().notNull(),
  memberId: ref('member_id').notNull(),
  /** What the certificate states; its shape is certificates/facts.ts CertificateFacts. */
  facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  pdfSha256: text('pdf_sha256').notNull(),
  pdfSizeBytes: integer('pdf_size_bytes').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---- workflow (0007_workflow.sql): applications, review, bank cards, notifications (C, E1–E3, I1) ----------

/** 初审 / 复审 / 终审 of withdrawals; 受理 / 审批 / 签约 / 放款 of a loan application (D4, 0045). */
export type ReviewNodeKey = 'first' | 'second' | 'final' | 'acceptance' | 'approval' | 'signing' | 'disbursement';
export type StaffRole = 'reviewer' | 'content-editor' | 'service-agent' | 'admin';
export type ApplicationChannel = 'mini-program' | 'official-account' | 'app' | 'web-hall' | 'counter';
export type ApplicationStatus = 'draft' | 'submitted' | 'awaiting_spouse' | 'in_review' | 'returned' | 'approved' | 'paid' | 'rejected' | 'ended' | 'expired';
export type ApplicationAction =
  'submit' | 'resubmit' | 'approve' | 'return' | 'reject' | 'end' | 'expire' | 'pay' | 'note' | 'spouse-request' | 'spouse-confirm' | 'spouse-decline';
export type ActorKind = 'member' | 'spouse' | 'staff' | 'system';
export type BankCode = 'ABC' | 'ICBC' | 'CCB' | 'BOC' | 'YNRCC';
export type PushState = 'none' | 'pending' | 'queued' | 'no-recipient';

export const staffUsers = pgTable('staff_users', {
  id: id(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<StaffRole>().notNull(),
  reviewNodes: text('review_nodes').array().$type<ReviewNodeKey[]>().notNull().default([]),
  passwordHash: text('password_hash').notNull(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export const staffSessions = pgTable('staff_sessions', {
  id: id(),
  staffId: ref('staff_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const bankCards = pgTable('bank_cards', {
  id: id(),
  memberId: ref('member_id').notNull(),
  bankCode: text('bank_code').$type<BankCode>().notNull(),
  cardNoEnc: text('card_no_enc').notNull(),
  cardNoHash: text('card_no_hash').notNull(),
  cardNoMasked: text('card_no_masked').notNull(),
  holderName: text('holder_name').notNull(),
  boundAt: timestamp('bound_at', { withTimezone: true }).notNull().defaultNow(),
  unboundAt: timestamp('unbound_at', { withTimezone: true }),
});

export const applications = pgTable('applications', {
  id: id(),
  serialNo: text('serial_no').notNull(),
  memberId: ref('member_id').notNull(),
  kind: text('kind').notNull(),
  channel: text('channel').$type<ApplicationChannel>().notNull(),
  status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
  currentNode: text('current_node').$type<ReviewNodeKey>(),
  form: jsonb('form').$type<Record<string, unknown>>().notNull().default({}),
  amountFen: fenCol('amount_fen'),
  bankCardId: ref('bank_card_id'),
  info: text('info'),
  feedback: text('feedback'),
  returnReason: text('return_reason'),
  clientKey: text('client_key'),
  submitKey: text('submit_key'),
  confirmationMethod: text('confirmation_method').$type<'business-password' | 'face'>(),
  spouseMemberId: ref('spouse_member_id'),
  claimedBy: ref('claimed_by'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});

export const applicationEvents = pgTable('application_events', {
  id: id(),
  applicationId: ref('application_id').notNull(),
  node: text('node').notNull(),
  action: text('action').$type<ApplicationAction>().notNull(),
  fromStatus: text('from_status').$type<ApplicationStatus>(),
  toStatus: text('to_status').$type<ApplicationStatus>().notNull(),
  actorKind: text('actor_kind').$type<ActorKind>().notNull(),
  actorId: ref('actor_id'),
  handlerName: text('handler_name').notNull(),
  opinion: text('opinion').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

export const applicationPhotos = pgTable('application_photos', {
  id: id(),
  applicationId: ref('application_id').notNull(),
  category: text('category').notNull(),
  slot: integer('slot').notNull(),
  sha256: text('sha256').notNull(),
  mediaType: text('media_type').$type<'image/jpeg' | 'image/png'>().notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  uploadedBy: ref('uploaded_by').notNull(),
  createdAt: createdAt(),
});

export const notifications = pgTable('notifications', {
  id: id(),
  memberId: ref('member_id').notNull(),
  business: text('business').notNull(),
  content: text('content').notNull(),
  channel: text('channel').notNull(),
  applicationId: ref('application_id'),
  eventId: ref('event_id'),
  createdAt: createdAt(),
  readAt: timestamp('read_at', { withTimezone: true }),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  pushNotice: text('push_notice'),
  pushData: jsonb('push_data').$type<Record<string, unknown>>(),
  pushState: text('push_state').$type<PushState>().notNull().default('none'),
  /** 0010_console.sql: the I4 broadcast this notification belongs to. */
  broadcastId: ref('broadcast_id'),
});

// ---- staff console (0010_console.sql): I2, I4, I5 -----------------------------------------------------

export const staffAudit = pgTable('staff_audit', {
  id: id(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  staffId: ref('staff_id'),
  staffUsername: text('staff_username').notNull(),
  staffName: text('staff_name').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
});

export type BroadcastStatus = 'queued' | 'sending' | 'done';
export type BroadcastAudience = { kind: 'all' } | { kind: 'filter'; unitName?: string | undefined; city?: string | undefined; hasLoan?: boolean | undefined };

export const broadcasts = pgTable('broadcasts', {
  id: id(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  audience: jsonb('audience').$type<BroadcastAudience>().notNull(),
  status: text('status').$type<BroadcastStatus>().notNull().default('queued'),
  total: integer('total').notNull(),
  notified: integer('notified').notNull().default(0),
  queuedPushes: integer('queued_pushes').notNull().default(0),
  cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
  fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  createdBy: ref('created_by').notNull(),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

// ---- interaction (0009_interaction.sql): G2 投诉建议, G3 members' questions ----------------------------

/** What WeChat's msg_sec_check said about member-written text (interaction/content-check.ts). */
export type SecCheck = 'pass' | 'review' | 'unchecked';
export type ComplaintKind = 'complaint' | 'suggestion' | 'consultation';
export type ComplaintStatus = 'submitted' | 'processing' | 'replied' | 'closed';

export const complaints = pgTable('complaints', {
  id: id(),
  ticketNo: text('ticket_no').notNull(),
  memberId: ref('member_id').notNull(),
  kind: text('kind').$type<ComplaintKind>().notNull(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  contactPhoneEnc: text('contact_phone_enc'),
  contactPhoneMasked: text('contact_phone_masked'),
  secCheck: text('sec_check').$type<SecCheck>().notNull(),
  status: text('status').$type<ComplaintStatus>().notNull().default('submitted'),
  claimedBy: ref('claimed_by'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  reply: text('reply'),
  replyDepartment: text('reply_department'),
  repliedBy: ref('replied_by'),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ── Limits on the public doors, issue 15 (limits/; migration 0018_limits.sql) ──────────────────────────────
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const loginChallenges = pgTable('login_challenges', {
  id: id(),
  tokenHash: text('token_hash').notNull(),
  answerHash: text('answer_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

/** Issue 18.7: each business's 须知 (003 5.2.1.1), keyed by the application kind's key (0055). */
export const businessGuides = pgTable('business_guides', {
  id: id(),
  kind: text('kind').notNull().unique(),
  itemName: text('item_name').notNull(),
  basis: text('basis').notNull(),
  conditions: text('conditions').notNull(),
  materials: text('materials').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
