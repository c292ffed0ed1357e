/** 互动交流 (G1, G3, G4, G8, G9): FAQ, community, outlets, contact, agreements. */
import type { AgreementKind } from '../types/index'
import { api } from './request'

export const getFaqCategories = () => api('get', '/api/public/faqs/categories', { silent: true })
export const getFaqs = (query: { q?: string; category?: string; page?: number }) =>
  api('get', '/api/public/faqs', { query: { pageSize: 20, ...query }, silent: true })
export const getCommunityQuestions = (q: string, page = 1) =>
  api('get', '/api/public/community-questions', { query: { q, page, pageSize: 20 }, silent: true })

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
