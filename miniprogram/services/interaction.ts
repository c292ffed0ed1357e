/** 互动交流 (G1–G4, G8, G9): FAQ, community and the member's questions, complaints, outlets, contact, agreements. */
import type { AgreementKind, ComplaintBody } from '../types/index'
import { api } from './request'

export const getFaqCategories = () => api('get', '/api/public/faqs/categories', { silent: true })
export const getFaqs = (query: { q?: string; category?: string; page?: number }) =>
  api('get', '/api/public/faqs', { query: { pageSize: 20, ...query }, silent: true })
export const getCommunityQuestions = (q: string, page = 1) => api('get', '/api/public/community-questions', { query: { q, page, pageSize: 20 }, silent: true })

export interface Position {
  lat: number
  lng: number
}
export const getOutlets = (query: { lat?: number; lng?: number; businessType?: string; page?: number }) =>
  api('get', '/api/public/outlets', { query: { pageSize: 50, ...query }, silent: true })
export const getOutlet = (id: number, at?: Position) =>
  api('get', '/api/public/outlets/{id}', { params: { id }, query: at ? { lat: at.lat, lng: at.lng } : {}, silent: true })
export const getBusinessTypes = () => api('get', '/api/public/outlets/business-types', { silent: true })

export const getContact = () => api('get', '/api/public/contact', { silent: true })
export const getAgreement = (kind: AgreementKind) => api('get', '/api/public/agreements/{kind}', { params: { kind }, silent: true })

/** G2 投诉建议 and G3 the member's own questions (login required; the text passes WeChat's content check first). */
export const getComplaints = (page = 1) => api('get', '/api/me/complaints', { query: { page, pageSize: 10 }, silent: true })
export const getComplaint = (id: number) => api('get', '/api/me/complaints/{id}', { params: { id }, silent: true })
export const submitComplaint = (body: ComplaintBody) => api('post', '/api/me/complaints', { body, loading: '正在提交', silent: true })
export const getMyQuestions = (page = 1) => api('get', '/api/me/community-questions', { query: { page, pageSize: 10 }, silent: true })
export const askQuestion = (question: string) => api('post', '/api/me/community-questions', { body: { question }, loading: '正在提交', silent: true })
