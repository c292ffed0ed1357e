/** 自定义菜单: create and read back (cgi-bin/menu/create, cgi-bin/menu/get). */
import type { WeChatCall } from './request.js';

export interface MenuButton {
  type?: 'click' | 'view' | 'miniprogram';
  name: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  sub_button?: MenuButton[];
}

export const createMenu = (call: WeChatCall, button: MenuButton[]) => call('menu/create', { button });

export async function getMenu(call: WeChatCall): Promise<MenuButton[]> {
  const r = await call<{ menu: { button: MenuButton[] } }>('menu/get');
  return r.menu.button;
}
