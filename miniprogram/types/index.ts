/** Names for the API shapes the pages use, all taken from the generated ./api.ts (never written by hand). */
import type { ApiBody, ApiResponse } from './api'

export type { ApiPaths, ApiPath, ApiResponse, ApiBody, ApiQuery, ApiParams, ApiErrorBody } from './api'

type Item<T> = T extends { items: Array<infer I> } ? I : never

// Identity and security
export type SessionOut = ApiResponse<'/api/auth/login', 'post'>
export type LoginBody = ApiBody<'/api/auth/login', 'post'>
export type Applicant = ApiBody<'/api/auth/register/sms', 'post'>
export type SmsSent = ApiResponse<'/api/auth/register/sms', 'post'>
export type FaceStarted = ApiResponse<'/api/auth/register/face', 'post'>
export type RegistrationVerified = ApiResponse<'/api/auth/register/verify', 'post'>
export type VerifyRegistrationBody = ApiBody<'/api/auth/register/verify', 'post'>
export type Agreement = ApiResponse<'/api/public/agreements/{kind}', 'get'>
export type AgreementKind = Agreement['kind']
export type SecurityOverview = ApiResponse<'/api/me/security', 'get'>

// 我的
export type Overview = ApiResponse<'/api/me/overview', 'get'>
export type FundAccount = ApiResponse<'/api/me/account', 'get'>
export type Ledger = ApiResponse<'/api/me/ledger', 'get'>
export type FundAccounts = ApiResponse<'/api/me/accounts', 'get'>
export type LedgerEntry = Item<Ledger>
export type Statement = ApiResponse<'/api/me/ledger/deposits', 'get'>
export type StatementEntry = Item<Statement>
export type Profile = ApiResponse<'/api/me/profile', 'get'>
export type ProfileChanges = ApiBody<'/api/me/profile', 'patch'>
export type Loan = ApiResponse<'/api/me/loans', 'get'>[number]
export type Repayments = ApiResponse<'/api/me/loans/{contractNo}/repayments', 'get'>
export type Repayment = Item<Repayments>
export type Plan = ApiResponse<'/api/me/loans/{contractNo}/plan', 'get'>
export type PlanRow = Item<Plan>
export type Overdue = ApiResponse<'/api/me/loans/{contractNo}/overdue', 'get'>
export type LoanProgress = ApiResponse<'/api/me/loan-progress', 'get'>[number]
export type HotlinePasswordState = ApiResponse<'/api/me/security/hotline-password', 'get'>
export type RepaymentAccount = ApiResponse<'/api/me/loans/{contractNo}/repayment-account', 'get'>
export type Certificate = ApiResponse<'/api/me/certificates', 'post'>
export type CertificateKind = Certificate['kind']
export type Notification = ApiResponse<'/api/me/notifications/{id}', 'get'>
export type NotificationList = ApiResponse<'/api/me/notifications', 'get'>
export type Withdrawals = ApiResponse<'/api/me/withdrawals', 'get'>
export type WithdrawalTile = Withdrawals['tiles'][number]

// 政策业务
export type Column = Item<ApiResponse<'/api/public/articles/columns', 'get'>>
export type ColumnKey = Column['key']
export type ArticleSummary = Item<ApiResponse<'/api/public/articles', 'get'>>
export type Article = ApiResponse<'/api/public/articles/{id}', 'get'>
export type HousingProject = Item<ApiResponse<'/api/public/housing-projects', 'get'>>
export type Form = Item<ApiResponse<'/api/public/forms', 'get'>>

// 互动交流
export type Faq = Item<ApiResponse<'/api/public/faqs', 'get'>>
export type FaqCategory = Item<ApiResponse<'/api/public/faqs/categories', 'get'>>
export type CommunityQuestion = Item<ApiResponse<'/api/public/community-questions', 'get'>>
export type Outlet = Item<ApiResponse<'/api/public/outlets', 'get'>>
export type Contact = ApiResponse<'/api/public/contact', 'get'>
export type CalculatorBody = ApiBody<'/api/public/tools/loan-calculator', 'post'>
export type Calculation = ApiResponse<'/api/public/tools/loan-calculator', 'post'>
export type PrepaymentBody = ApiBody<'/api/public/tools/prepayment-trial', 'post'>
export type PrepaymentTrial = ApiResponse<'/api/public/tools/prepayment-trial', 'post'>
export type InterestRates = ApiResponse<'/api/public/tools/interest-rates', 'get'>
export type LoanMethod = CalculatorBody['method']

/** A page of any public list. */
export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

// 业务办理 (C, E1–E2)
export type WithdrawalDetail = ApiResponse<'/api/me/withdrawals/{kind}', 'get'>
export type BusinessGuide = ApiResponse<'/api/public/business-guides/{kind}', 'get'>
export type Application = ApiResponse<'/api/me/applications/{serialNo}', 'get'>
export type ApplicationPhoto = Application['photos'][number]
export type PhotoCategory = Application['photoCategories'][number]
export type HistoryItem = Application['history'][number]
export type FormValues = NonNullable<ApiBody<'/api/me/applications/{serialNo}', 'patch'>['form']>
export type ProgressItem = Item<ApiResponse<'/api/me/progress', 'get'>>
export type TodoItem = Item<ApiResponse<'/api/me/business/todo', 'get'>>
export type InitiatedItem = Item<ApiResponse<'/api/me/business/initiated', 'get'>>
export type BankCardList = ApiResponse<'/api/me/bank-cards', 'get'>
export type BankCard = BankCardList['cards'][number]
export type BankCode = ApiBody<'/api/me/bank-cards', 'post'>['bankCode']
// C12 配偶确认: the spouse's view, and for the borrower how the spouse was told
export type SpouseConfirmation = ApiResponse<'/api/me/spouse-confirmations/{serialNo}', 'get'>
export type SpouseState = SpouseConfirmation['state']
export type SpouseRequestStatus = ApiResponse<'/api/me/spouse-requests/{serialNo}', 'get'>

// 互动交流: the member's own (G2, G3)
export type Complaint = ApiResponse<'/api/me/complaints/{id}', 'get'>
export type ComplaintBody = ApiBody<'/api/me/complaints', 'post'>
export type ComplaintKind = ComplaintBody['kind']
export type MyQuestion = Item<ApiResponse<'/api/me/community-questions', 'get'>>

// 贷款业务 (D2)
export type OffsetState = ApiResponse<'/api/me/loan-business/offset', 'get'>
export type OffsetLoan = OffsetState['items'][number]
export type OffsetRole = ApiBody<'/api/me/loan-business/offset/sign', 'post'>['payers'][number]
// 贷款业务: D1 提前还本试算, D3 提前结清试算
export type PrepaymentTrialResult = ApiResponse<'/api/me/loan-business/prepayment-trial', 'post'>
export type SettlementTrialResult = ApiResponse<'/api/me/loan-business/settlement-trial', 'post'>
