/**
 * Starts Tencent Cloud FaceID (慧眼) for a BizToken the server obtained. With the center's 慧眼 mini-program SDK
 * (verify_mpsdk, which adds wx.startVerify) the check runs in place; without it (developer tools, the sandbox) the
 * FaceID H5 page opens in a web-view and the page reads the result when the member comes back (onShow).
 */
import { ApiError } from '../services/request'
import { ROUTES, go, withQuery } from './nav'

type StartVerify = (opts: { data: { token: string }; success: () => void; fail: (err: { ErrorMsg?: string }) => void }) => void

export type FaceLaunch = 'done' | 'web'

export function launchFace(bizToken: string, url: string): Promise<FaceLaunch> {
  const startVerify = (wx as unknown as { startVerify?: StartVerify }).startVerify
  if (typeof startVerify === 'function') {
    return new Promise<FaceLaunch>((resolve, reject) => {
      startVerify({
        data: { token: bizToken },
        // 慧眼 asks for a short delay before the page continues (iOS).
        success: () => setTimeout(() => resolve('done'), 500),
        fail: (err) => setTimeout(() => reject(new ApiError('FACE_FAILED', err.ErrorMsg || '人脸识别未完成，请重试', 0)), 500),
      })
    })
  }
  go(withQuery(ROUTES.faceWeb, { url }))
  return Promise.resolve('web')
}
