/** 政策业务 (F1–F7): article columns, articles, housing projects, forms. */
import type { ColumnKey } from '../types/index'
import { downloadAndOpen, type DocumentType } from './download'
import { api } from './request'

export const getColumns = () => api('get', '/api/public/articles/columns', { silent: true })
export const getArticles = (query: { column?: ColumnKey; q?: string; page?: number; pageSize?: number }) =>
  api('get', '/api/public/articles', { query: { pageSize: 10, ...query }, silent: true })
export const getArticle = (id: number) => api('get', '/api/public/articles/{id}', { params: { id }, silent: true })
export const getHousingProjects = (name: string, page = 1) => api('get', '/api/public/housing-projects', { query: { name, page, pageSize: 20 }, silent: true })
export const getForms = (page = 1) => api('get', '/api/public/forms', { query: { page, pageSize: 50 }, silent: true })

const TYPES: Record<string, DocumentType> = { pdf: 'pdf', xlsx: 'xlsx', xls: 'xls', docx: 'docx', doc: 'doc' }

export function openForm(downloadUrl: string, fileName: string): Promise<boolean> {
  const ext = (fileName.split('.').pop() || '').toLowerCase()
  return downloadAndOpen({ path: downloadUrl, fileType: TYPES[ext] || 'docx', loading: '正在下载' })
}
