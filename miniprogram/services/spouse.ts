/**
 * C12 配偶确认 (001 2.13–2.14) from the spouse's side: the application that names them, their photos, A9, confirm or
 * decline. The server's routes declare no response schema, so the shape is written here from spouse/service.ts.
 */
import { api } from './request'
import { upload } from './upload'

export type SpouseState = 'to-confirm' | 'confirmed' | 'declined' | 'expired' | 'closed'

export interface SpouseConfirmation {
  serialNo: string
  business: string
  state: SpouseState
  stateLabel: string
  borrowerName: string
  amountFen: number
  amountText: string
  borrowerAmountFen: number
  selfFundedFen: number
  loan: { contractNo: string; balanceFen: number; repaymentBank: string | null } | null
  expiresAt: string | null
  photoCategories: Array<{ key: string; label: string; required: boolean; max: number; uploaded: number }>
  photos: Array<{ id: number; category: string; slot: number; mediaType: string; sizeBytes: number }>
  history: Array<{ node: string; handler: string; opinion: string; at: string; atText: string; duration: string }>
  actions: { confirm: boolean; decline: boolean }
  confirmation: { purpose: string; reference: string }
}

const path = (serialNo: string, tail = '') => `/api/me/spouse-confirmations/${encodeURIComponent(serialNo)}${tail}`

export const getSpouseConfirmation = async (serialNo: string) =>
  (await api('get', '/api/me/spouse-confirmations/{serialNo}', { params: { serialNo }, silent: true })) as SpouseConfirmation
export const uploadSpousePhoto = (serialNo: string, category: string, filePath: string) =>
  upload<SpouseConfirmation>(path(serialNo, '/photos'), filePath, { category })
export const confirmAsSpouse = async (serialNo: string, confirmationToken: string) =>
  (await api('post', '/api/me/spouse-confirmations/{serialNo}/confirm', {
    params: { serialNo },
    body: { confirmationToken },
    loading: '正在提交',
  })) as SpouseConfirmation
export const declineAsSpouse = async (serialNo: string, reason?: string) =>
  (await api('post', '/api/me/spouse-confirmations/{serialNo}/decline', {
    params: { serialNo },
    body: reason ? { reason } : {},
    loading: '正在提交',
  })) as SpouseConfirmation
