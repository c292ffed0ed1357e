/**
 * C12 配偶确认 (001 2.13–2.14) from the spouse's side: the application that names them, their photos, A9, confirm or
 * decline. The shapes are the routes' declared responses (types/api.ts).
 */
import type { SpouseConfirmation } from '../types/index'
import { api } from './request'
import { upload } from './upload'

export type { SpouseConfirmation, SpouseState } from '../types/index'

const path = (serialNo: string, tail = '') => `/api/me/spouse-confirmations/${encodeURIComponent(serialNo)}${tail}`

export const getSpouseConfirmation = (serialNo: string) => api('get', '/api/me/spouse-confirmations/{serialNo}', { params: { serialNo }, silent: true })
export const uploadSpousePhoto = (serialNo: string, category: string, filePath: string) =>
  upload<SpouseConfirmation>(path(serialNo, '/photos'), filePath, { category })
export const confirmAsSpouse = (serialNo: string, confirmationToken: string) =>
  api('post', '/api/me/spouse-confirmations/{serialNo}/confirm', {
    params: { serialNo },
    body: { confirmationToken },
    loading: '正在提交',
  })
export const declineAsSpouse = (serialNo: string, reason?: string) =>
  api('post', '/api/me/spouse-confirmations/{serialNo}/decline', {
    params: { serialNo },
    body: reason ? { reason } : {},
    loading: '正在提交',
  })
