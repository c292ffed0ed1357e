/**
 * Files from the server (the repayment plan as Excel, certificates as PDF, forms as Word): wx.downloadFile with the
 * session token, then wx.openDocument. A refused download still carries the server's JSON error in the file it
 * wrote, which is read back so the member sees the server's message.
 */
import { ApiError, absoluteUrl, authHeader, errorFromResponse, report, requiresLogin, sessionEnded } from './request'

export type DocumentType = 'pdf' | 'xlsx' | 'xls' | 'docx' | 'doc'

export interface DownloadOptions {
  /** API path with its query, e.g. /api/me/loans/<no>/plan.xlsx */
  path: string
  fileType: DocumentType
  loading?: string
}

function readText(filePath: string): string | undefined {
  try {
    return wx.getFileSystemManager().readFileSync(filePath, 'utf8') as string
  } catch {
    return undefined
  }
}

export function download(opts: Omit<DownloadOptions, 'fileType'>): Promise<string> {
  const auth = authHeader()
  if (requiresLogin(opts.path) && !auth.Authorization) return Promise.reject(sessionEnded('请先登录'))
  void wx.showLoading({ title: opts.loading || '正在下载', mask: true })
  return new Promise<string>((resolve, reject) => {
    wx.downloadFile({
      url: absoluteUrl(opts.path),
      header: auth,
      success: (res) => {
        void wx.hideLoading()
        if (res.statusCode === 200) {
          resolve(res.tempFilePath)
          return
        }
        if (res.statusCode === 401 && auth.Authorization) {
          reject(sessionEnded('登录已失效，请重新登录'))
          return
        }
        reject(errorFromResponse(res.statusCode, readText(res.tempFilePath)))
      },
      fail: () => {
        void wx.hideLoading()
        reject(new ApiError('NETWORK', '下载失败，请检查网络后重试', 0))
      },
    })
  })
}

export function openDocument(filePath: string, fileType: DocumentType): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    wx.openDocument({
      filePath,
      fileType,
      showMenu: true,
      success: () => resolve(),
      fail: () => reject(new ApiError('OPEN_FAILED', '文件已下载，但无法打开，请安装可查看该类文件的应用', 0)),
    })
  })
}

/** A picture that needs the session (an application's material photo), shown full screen. */
export async function previewImage(path: string): Promise<void> {
  try {
    const file = await download({ path, loading: '正在加载照片' })
    void wx.previewImage({ urls: [file], current: file })
  } catch (err) {
    report(err)
  }
}

/** Downloads and opens; any failure is shown to the member. Resolves true when the document opened. */
export async function downloadAndOpen(opts: DownloadOptions): Promise<boolean> {
  try {
    await openDocument(await download(opts), opts.fileType)
    return true
  } catch (err) {
    report(err)
    return false
  }
}
