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

/**
 * Every size at least 1.3 × its normal value (app.wxss), which the layout check (test/support/layout-check.js) holds
 * each page to. TDesign's button and switch take their size from their own tokens, so those are set here too.
 */
const ELDER_VARS: Record<string, string> = {
  '--fs-xxs': '30rpx',
  '--fs-xs': '32rpx',
  '--fs-sm': '34rpx',
  '--fs-md': '38rpx',
  '--fs-lg': '42rpx',
  '--fs-xl': '52rpx',
  '--fs-xxl': '72rpx',
  '--c-text': '#000000',
  '--c-text-2': '#1d2129',
  '--c-text-3': '#3d4450',
  '--td-font-size-base': '36rpx',
  '--td-font-size-m': '38rpx',
  '--td-font-size-body-medium': '36rpx',
  '--td-font-size-body-large': '42rpx',
  '--td-font-size-title-medium': '42rpx',
  '--td-line-height-body-medium': '52rpx',
  '--td-line-height-body-large': '58rpx',
  '--td-text-color-secondary': 'rgba(0,0,0,.8)',
  '--td-text-color-placeholder': 'rgba(0,0,0,.55)',
  '--td-button-large-font': '600 42rpx / 60rpx var(--td-font-family)',
  '--td-button-large-height': '126rpx',
  '--td-button-large-padding-horizontal': '52rpx',
  '--td-button-medium-font': '600 42rpx / 60rpx var(--td-font-family)',
  '--td-button-medium-height': '116rpx',
  '--td-button-small-font': '600 38rpx / 56rpx var(--td-font-family)',
  '--td-button-small-height': '116rpx',
  '--td-switch-width': '118rpx',
  '--td-switch-height': '74rpx',
  '--td-switch-dot-size': '58rpx',
  '--td-switch-dot-horizontal-margin': '8rpx',
}

export function pageStyle(elder: boolean): string {
  return elder
    ? Object.keys(ELDER_VARS)
        .map((k) => `${k}:${ELDER_VARS[k]}`)
        .join(';')
    : ''
}
