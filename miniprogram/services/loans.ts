/** B4–B8: loan accounts, repayments, plan (with its Excel), overdue records, application progress. */
import { downloadAndOpen } from './download'
import { api, fillPath, queryString } from './request'

export const getLoans = () => api('get', '/api/me/loans', { silent: true })
export const getRepayments = (contractNo: string, year?: number) =>
  api('get', '/api/me/loans/{contractNo}/repayments', { params: { contractNo }, query: { year }, silent: true })
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
  const current = loans.find((l) => l.contractNo === contractNo)
    ?? loans.find((l) => l.status === 'repaying')
    ?? loans[0]
    ?? null
  return { loans, current }
}
