/**
 * 长辈模式 (K1): larger type and higher contrast on every page, through CSS variables set on the page (page-meta),
 * which TDesign's components read too. The choice is kept on the phone.
 */
const KEY = 'hpf.elder'

export function isElder(): boolean {
  return wx.getStorageSync(KEY) === true
}

export function setElder(on: boolean): void {
  wx.setStorageSync(KEY, on)
}

const ELDER_VARS: Record<string, string> = {
  '--fs-xs': '30rpx',
  '--fs-sm': '34rpx',
  '--fs-md': '38rpx',
  '--fs-lg': '42rpx',
  '--fs-xl': '50rpx',
  '--fs-xxl': '72rpx',
  '--c-text': '#000000',
  '--c-text-2': '#1d2129',
  '--c-text-3': '#3d4450',
  '--td-font-size-base': '36rpx',
  '--td-font-size-m': '38rpx',
  '--td-font-size-body-medium': '36rpx',
  '--td-font-size-body-large': '40rpx',
  '--td-font-size-title-medium': '40rpx',
  '--td-line-height-body-medium': '52rpx',
  '--td-line-height-body-large': '56rpx',
  '--td-text-color-secondary': 'rgba(0,0,0,.8)',
  '--td-text-color-placeholder': 'rgba(0,0,0,.55)',
}

export function pageStyle(elder: boolean): string {
  return elder ? Object.keys(ELDER_VARS).map((k) => `${k}:${ELDER_VARS[k]}`).join(';') : ''
}
