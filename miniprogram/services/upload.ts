/**
 * Photos to the server: wx.uploadFile (multipart/form-data, the picture in `file`, the rest as form fields) with the
 * session token. WeChat hands the answer back as text; a refusal carries the server's `{ code, message }`, which is
 * shown like any other request's.
 */
import { ApiError, absoluteUrl, authHeader, errorFromResponse, sessionEnded, showError } from './request'

export interface UploadOptions {
  /** The page shows the error itself. */
  silent?: boolean
  loading?: string
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

export function upload<T>(path: string, filePath: string, formData: Record<string, string>, opts: UploadOptions = {}): Promise<T> {
  const auth = authHeader()
  if (!auth.Authorization) return Promise.reject(sessionEnded('请先登录'))
  void wx.showLoading({ title: opts.loading || '正在上传', mask: true })
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: absoluteUrl(path),
      filePath,
      name: 'file',
      formData,
      header: auth,
      success: (res) => {
        void wx.hideLoading()
        const data = parse(res.data)
        if (res.statusCode >= 200 && res.statusCode < 300) {
          resolve(data as T)
          return
        }
        if (res.statusCode === 401) {
          reject(sessionEnded('登录已失效，请重新登录'))
          return
        }
        const err = errorFromResponse(res.statusCode, data)
        if (!opts.silent) showError(err)
        reject(err)
      },
      fail: () => {
        void wx.hideLoading()
        const err = new ApiError('NETWORK', '照片上传失败，请检查网络后重试', 0)
        if (!opts.silent) showError(err)
        reject(err)
      },
    })
  })
}

/** wx.chooseMedia for pictures: the camera or the album, compressed, at most `count`. Resolves [] when the member cancels. */
export function choosePhotos(count: number, sourceType: Array<'camera' | 'album'> = ['camera', 'album']): Promise<string[]> {
  return new Promise((resolve, reject) => {
    wx.chooseMedia({
      count: Math.max(1, Math.min(count, 9)),
      mediaType: ['image'],
      sourceType,
      sizeType: ['compressed'],
      camera: 'back',
      success: (res) => resolve(res.tempFiles.map((f) => f.tempFilePath)),
      fail: (err) => {
        if (/cancel/.test(err.errMsg || '')) resolve([])
        else reject(new ApiError('CHOOSE_FAILED', '无法打开相机或相册，请在设置中允许小程序使用相机和相册', 0))
      },
    })
  })
}
