/**
 * The account's menu (H2): 我的 / 政策业务 / 互动交流, the mini-program's three tabs. Sub-buttons open mini-program
 * pages (type miniprogram, with the web fallback WeChat requires for clients that cannot open mini-programs);
 * two answer in the chat (click: 余额速查, 服务网点, 联系我们 — see CLICK_KEYS in bot.ts).
 * Names: at most 4 Chinese characters on top (16 bytes), 20 below (60 bytes).
 */
import type { MenuButton } from './api/menu.js';
import type { CLICK_KEYS } from './bot.js';
import { pagePath, webFallback, type LinkConfig, type MpPage } from './links.js';

export function officialAccountMenu(links: LinkConfig): MenuButton[] {
  const page = (name: string, p: MpPage, query?: Record<string, string>): MenuButton => {
    const path = pagePath(p, query);
    return { type: 'miniprogram', name, appid: links.mpAppId, pagepath: path, url: webFallback(links, path) };
  };
  const click = (name: string, key: keyof typeof CLICK_KEYS): MenuButton => ({ type: 'click', name, key });
  return [
    {
      name: '我的',
      sub_button: [page('我的账户', 'mine'), page('缴存明细', 'ledger'), page('我的贷款', 'loans'), page('业务进度', 'progress'), click('余额速查', 'BALANCE')],
    },
    {
      name: '政策业务',
      sub_button: [
        page('通知公告', 'articles', { column: 'notices' }),
        page('政策法规', 'articles', { column: 'policies' }),
        page('办事指南', 'articles', { column: 'guides' }),
        page('合作楼盘', 'projects'),
        page('表格下载', 'forms'),
      ],
    },
    {
      name: '互动交流',
      sub_button: [
        page('常见问题', 'faq'),
        page('互动社区', 'community'),
        page('贷款计算器', 'calculator'),
        click('服务网点', 'OUTLETS'),
        click('联系我们', 'HOTLINE'),
      ],
    },
  ];
}
