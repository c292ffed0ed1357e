/** 业务办理 (C1–C13): the withdrawal tiles with live eligibility. The application flows are a separate piece of work. */
import { api } from './request'

export const getWithdrawals = () => api('get', '/api/me/withdrawals', { silent: true })
