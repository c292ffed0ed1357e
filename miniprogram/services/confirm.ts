/**
 * A9 身份确认 before a transaction (001 2.1–2.4 职工身份验证): the business password, or a face verification started
 * for that very transaction. Either gives a one-use confirmation token that the submit (or the spouse's confirm)
 * carries; the server uses it up.
 */
import { api } from './request'

export interface Transaction {
  purpose: string
  reference: string
}

export const confirmWithPassword = (t: Transaction, businessPassword: string) =>
  api('post', '/api/me/security/confirmations', { body: { ...t, businessPassword }, loading: '正在验证', silent: true })

export const startConfirmFace = (t: Transaction) =>
  api('post', '/api/me/security/face', { body: { purpose: 'transaction', transaction: t }, loading: '请稍候' })

export const confirmWithFace = (t: Transaction, bizToken: string) =>
  api('post', '/api/me/security/confirmations', { body: { ...t, bizToken }, loading: '正在核验', silent: true })
