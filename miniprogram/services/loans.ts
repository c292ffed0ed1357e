/** B4–B8: loan accounts, repayments, plan (with its Excel), overdue records, application progress. */
import { downloadAndOpen } from './download'
import type { OffsetRole } from '../types/index'
import { api, fillPath, queryString } from './request'

export const getLoans = () => api('get', '/api/me/loans', { silent: true })
/** By year, or by a date range (003 4.2 (4) 开始日期 / 结束日期, 004 3.5 “选择查询日期”). */
export const getRepayments = (contractNo: string, year?: number, range: { from?: string; to?: string } = {}) =>
  api('get', '/api/me/loans/{contractNo}/repayments', { params: { contractNo }, query: { year, ...range }, silent: true })
export const getPlan = (contractNo: string) => api('get', '/api/me/loans/{contractNo}/plan', { params: { contractNo }, silent: true })
export const getOverdue = (contractNo: string) => api('get', '/api/me/loans/{contractNo}/overdue', { params: { contractNo }, silent: true })
export const getLoanProgress = () => api('get', '/api/me/loan-progress', { silent: true })

/** B6: the plan as Excel, opened in WeChat's document viewer (from there the member can forward or save it). */
export function openPlanExcel(contractNo: string, range: { from?: string; to?: string } = {}): Promise<boolean> {
  const path = fillPath('/api/me/loans/{contractNo}/plan.xlsx', { contractNo }) + queryString(range)
  return downloadAndOpen({ path, fileType: 'xlsx', loading: '正在下载还款计划' })
}

/** The member's loans and the one a page shows: the asked-for contract, else the first still being repaid. */
export async function loansAndCurrent(contractNo?: string) {
  const loans = await getLoans()
  const current = loans.find((l) => l.contractNo === contractNo) ?? loans.find((l) => l.status === 'repaying') ?? loans[0] ?? null
  return { loans, current }
}

/** D1 提前还本试算 and D3 提前结清试算 (003 6.3): the routes' declared responses (types/api.ts). */
export type { PrepaymentTrialResult, SettlementTrialResult } from '../types/index'
export type PrepayMode = 'keep-term' | 'keep-payment'

export const prepaymentTrial = (contractNo: string, prepayFen: number, mode: PrepayMode) =>
  api('post', '/api/me/loan-business/prepayment-trial', { body: { contractNo, prepayFen, mode }, loading: '正在试算' })
export const settlementTrial = (contractNo: string, fundFen?: number) =>
  api('post', '/api/me/loan-business/settlement-trial', {
    body: { contractNo, ...(fundFen !== undefined ? { fundFen } : {}) },
    loading: '正在试算',
  })

/** D2 按月抵扣签约 / 取消签约 (003 6.3.2), each after A9. */
export const getOffset = () => api('get', '/api/me/loan-business/offset', { silent: true })
export const signOffset = (contractNo: string, payers: OffsetRole[], confirmationToken: string) =>
  api('post', '/api/me/loan-business/offset/sign', { body: { contractNo, payers, confirmationToken }, loading: '正在签约' })
/** Issue 18 point 11: the spouse / co-borrower the borrower signed in confirms (own A9) or refuses, within 48 hours. */
export const consentOffset = (contractNo: string, confirmationToken: string) =>
  api('post', '/api/me/loan-business/offset/consent', { body: { contractNo, confirmationToken }, loading: '正在确认' })
export const declineOffset = (contractNo: string) => api('post', '/api/me/loan-business/offset/decline', { body: { contractNo }, loading: '正在提交' })
export const cancelOffset = (contractNo: string, confirmationToken: string) =>
  api('post', '/api/me/loan-business/offset/cancel', { body: { contractNo, confirmationToken }, loading: '正在取消签约' })

/** D5 还款银行账户变更 (001 二): the loan's repayment account, the member's own bound cards; the change after A9. */
export const getRepaymentAccount = (contractNo: string) => api('get', '/api/me/loans/{contractNo}/repayment-account', { params: { contractNo }, silent: true })
export const changeRepaymentAccount = (contractNo: string, cardId: number, confirmationToken: string) =>
  api('post', '/api/me/loans/{contractNo}/repayment-account', { params: { contractNo }, body: { cardId, confirmationToken }, loading: '正在变更' })

/** D4 贷款申请: the applicant, the spouse (masked), the center's limits and rates; the live trial against them. */
export const getLoanApplicationSetup = () => api('get', '/api/me/loan-application', { silent: true })
export type LoanTrialInput = {
  secondHome: boolean
  housePriceFen: number
  amountFen: number
  months: number
  method: 'equal-installment' | 'equal-principal'
  monthlyIncomeFen: number
  spouseCoBorrower?: boolean
}
export const loanApplicationTrial = (body: LoanTrialInput) => api('post', '/api/me/loan-application/trial', { body, silent: true })
