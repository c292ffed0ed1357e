/**
 * Mini-program URL Links (wxa/generate_urllink, with the mini-program's token): a https://wxaurl.cn/… address that
 * opens a page of the mini-program from an SMS or a browser. WeChat lets them live at most 30 days.
 */
import type { WeChatCall } from './request.js';

const URL_LINK_MAX_DAYS = 30;

export async function generateUrlLink(call: WeChatCall, page: { path: string; query: string; days: number }): Promise<string> {
  const r = await call<{ url_link: string }>(
    'generate_urllink',
    {
      path: page.path,
      query: page.query,
      expire_type: 1,
      expire_interval: Math.min(page.days, URL_LINK_MAX_DAYS),
    },
    { prefix: 'wxa' },
  );
  return r.url_link;
}
