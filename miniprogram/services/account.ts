/** B1–B3, B9: overview, fund account, ledger, personal information. */
import type { ProfileChanges } from '../types/index'
import { api } from './request'

export const getOverview = () => api('get', '/api/me/overview', { silent: true })
export const getFundAccount = () => api('get', '/api/me/account', { silent: true })
export const getLedger = (year?: number, page = 1) => api('get', '/api/me/ledger', { query: { year, page, pageSize: 50 }, silent: true })
export const getProfile = () => api('get', '/api/me/profile', { silent: true })
export const saveProfile = (changes: ProfileChanges) => api('patch', '/api/me/profile', { body: changes, loading: '正在保存' })
