/**
 * 业务办理 (C1–C14, E1–E2): the withdrawal tiles and one kind's conditions, applications (draft → photos → A9 →
 * submit, modify after a return, end), the progress lists and the same-name bank cards.
 */
import type { Application, BankCode, FormValues } from '../types/index'
import { previewImage } from './download'
import { api } from './request'
import { upload } from './upload'

export const getWithdrawals = () => api('get', '/api/me/withdrawals', { silent: true })
export const getWithdrawal = (kind: string) => api('get', '/api/me/withdrawals/{kind}', { params: { kind }, silent: true })
/** One business's 须知 (003 5.2.1.1): 事项名称 / 设定依据 / 申请条件 / 办理材料, maintained by the center's staff. */
export const getBusinessGuide = (kind: string) => api('get', '/api/public/business-guides/{kind}', { params: { kind }, silent: true })

/** A key for one tap of 我要办理: a retry or a double tap gets the same draft back (Idempotency-Key). */
export const newIdempotencyKey = (): string => `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

export const createApplication = (kind: string, key: string, bankCardId?: number, form?: FormValues) =>
  api('post', '/api/me/applications', {
    body: { kind, channel: 'mini-program', ...(bankCardId ? { bankCardId } : {}), ...(form ? { form } : {}) },
    header: { 'Idempotency-Key': key },
    loading: '正在创建申请',
  })
export const getApplication = (serialNo: string) => api('get', '/api/me/applications/{serialNo}', { params: { serialNo }, silent: true })
export const saveApplication = (serialNo: string, form: FormValues, bankCardId?: number) =>
  api('patch', '/api/me/applications/{serialNo}', { params: { serialNo }, body: { form, ...(bankCardId ? { bankCardId } : {}) }, loading: '正在保存' })
export const submitApplication = (serialNo: string, confirmationToken: string, key: string) =>
  api('post', '/api/me/applications/{serialNo}/submit', {
    params: { serialNo },
    body: { confirmationToken },
    header: { 'Idempotency-Key': key },
    loading: '正在提交',
  })
export const endApplication = (serialNo: string, reason?: string) =>
  api('post', '/api/me/applications/{serialNo}/end', { params: { serialNo }, body: reason ? { reason } : {}, loading: '正在结束流程' })

/** A photo the member took or picked, sent as wx.uploadFile sends it (multipart: file + category). */
export const uploadApplicationPhoto = (serialNo: string, category: string, filePath: string) =>
  upload<Application>(`/api/me/applications/${encodeURIComponent(serialNo)}/photos`, filePath, { category })
export const previewApplicationPhoto = (serialNo: string, photoId: number) =>
  previewImage(`/api/me/applications/${encodeURIComponent(serialNo)}/photos/${photoId}`)
export const deleteApplicationPhoto = (serialNo: string, photoId: number) =>
  api('delete', '/api/me/applications/{serialNo}/photos/{photoId}', { params: { serialNo, photoId }, loading: '正在删除' })

/** C12, for the borrower: how the spouse was told (template message, or an SMS when they do not follow the account). */
export type { SpouseRequestStatus } from '../types/index'
export const getSpouseRequest = (serialNo: string) => api('get', '/api/me/spouse-requests/{serialNo}', { params: { serialNo }, silent: true })

/** E1 业务进度 (000 (九)): every submitted application, any channel, newest first. */
export const getProgress = (page = 1) => api('get', '/api/me/progress', { query: { page, pageSize: 10 }, silent: true })
export const getTodo = (page = 1) => api('get', '/api/me/business/todo', { query: { page, pageSize: 10 }, silent: true })
export const getInitiated = (page = 1) => api('get', '/api/me/business/initiated', { query: { page, pageSize: 10 }, silent: true })

export const getBankCards = () => api('get', '/api/me/bank-cards', { silent: true })
export const bindBankCard = (bankCode: BankCode, cardNo: string, holderName: string) =>
  api('post', '/api/me/bank-cards', {
    body: { bankCode, cardNo: cardNo.replace(/\s+/g, ''), holderName: holderName.trim() },
    loading: '正在绑定',
    silent: true,
  })
export const unbindBankCard = (id: number) => api('delete', '/api/me/bank-cards/{id}', { params: { id }, loading: '正在解除绑定' })
