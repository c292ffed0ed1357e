/** B1–B3, B9: overview, fund account, ledger, personal information. */
import type { ProfileChanges } from '../types/index'
import { api } from './request'

export const getOverview = () => api('get', '/api/me/overview', { silent: true })
export const getFundAccount = () => api('get', '/api/me/account', { silent: true })
/** 004 1.3 我的公积金: every account of the member's, the current one first, then the closed ones. */
export const getFundAccounts = () => api('get', '/api/me/accounts', { silent: true })
/** B3 of the current account, or of one of the member's other accounts (`accountNo`, from getFundAccounts). */
export const getLedger = (year?: number, page = 1, range: { from?: string; to?: string } = {}, accountNo?: string) =>
  api('get', '/api/me/ledger', {
    query: { ...(range.from || range.to ? { ...range } : { year }), page, pageSize: 50, ...(accountNo ? { accountNo } : {}) },
    silent: true,
  })
/** 002 三/四: 缴存明细 or 提取明细 of a date range (default: the last twelve months), with 上期余额 / 本期余额. */
export const getStatement = (kind: 'deposits' | 'withdrawals', page = 1, range: { from?: string; to?: string } = {}) =>
  api('get', kind === 'deposits' ? '/api/me/ledger/deposits' : '/api/me/ledger/withdrawals', { query: { ...range, page, pageSize: 50 }, silent: true })
export const getProfile = () => api('get', '/api/me/profile', { silent: true })
export const saveProfile = (changes: ProfileChanges) => api('patch', '/api/me/profile', { body: changes, loading: '正在保存' })
