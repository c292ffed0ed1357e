/** E3 notifications and E4 electronic certificates. */
import type { CertificateKind } from '../types/index'
import { downloadAndOpen } from './download'
import { api } from './request'

export type NotificationFilter = 'all' | 'unread' | 'read'

export const getNotifications = (status: NotificationFilter, page = 1) =>
  api('get', '/api/me/notifications', { query: { status, page, pageSize: 20 }, silent: true })
export const getUnreadCount = () => api('get', '/api/me/notifications/unread-count', { silent: true })
export const getNotification = (id: number) => api('get', '/api/me/notifications/{id}', { params: { id }, silent: true })
export const markRead = (id: number) => api('post', '/api/me/notifications/{id}/read', { params: { id } })
export const markAllRead = () => api('post', '/api/me/notifications/read-all', { loading: '请稍候' })
export const deleteNotification = (id: number) => api('delete', '/api/me/notifications/{id}', { params: { id }, loading: '正在删除' })

export const getCertificates = (page = 1) => api('get', '/api/me/certificates', { query: { page, pageSize: 20 }, silent: true })
export const issueCertificate = (kind: CertificateKind) => api('post', '/api/me/certificates', { body: { kind }, loading: '正在开具' })

/** The PDF from the certificate's own download address (login required, only the holder). */
export const openCertificate = (downloadUrl: string) => downloadAndOpen({ path: downloadUrl, fileType: 'pdf', loading: '正在打开凭证' })
