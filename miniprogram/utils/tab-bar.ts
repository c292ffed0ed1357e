/** Marks the current tab on the custom tab bar (INTEGRATIONS.md: do it in every tab page's onShow). */
import { isElder } from './elder'

export function selectTab(page: WechatMiniprogram.Component.TrivialInstance, index: number): void {
  const host = page as unknown as { getTabBar?: () => WechatMiniprogram.Component.TrivialInstance | undefined }
  if (typeof host.getTabBar !== 'function') return
  const bar = host.getTabBar()
  if (bar) bar.setData({ selected: index, elder: isElder() })
}
