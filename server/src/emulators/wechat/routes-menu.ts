/**
 * Custom menu (自定义菜单): create, get, get_current_selfmenu_info, delete. Validation follows the
 * documented limits: 1–3 top-level buttons, ≤ 5 sub-buttons, names ≤ 16 bytes (top) / 60 bytes
 * (sub), keys ≤ 128 bytes, URLs ≤ 1024 bytes; limits are in UTF-8 bytes, so Chinese names count 3 each.
 */
import type Router from '@koa/router';
import { ok, wxError, type ErrName } from './errors.js';
import { authenticate, fail, jsonBody, reply, withinQuota, type EmuState } from './http.js';
import type { EmulatorState, MenuButton } from './state.js';

const KEYED_TYPES = new Set(['click', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select']);
const OTHER_TYPES = new Set(['view', 'miniprogram', 'media_id', 'article_id', 'article_view_limited']);

const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : -1);

/** Returns the errcode name for the first problem, or undefined when the menu is valid. */
function validateMenu(button: unknown): ErrName | undefined {
  if (!Array.isArray(button) || button.length < 1 || button.length > 3) return 'INVALID_BUTTON_SIZE';
  for (const top of button as MenuButton[]) {
    const nameBytes = bytes(top?.name);
    if (nameBytes < 1 || nameBytes > 16) return 'INVALID_BUTTON_NAME_SIZE';
    if (top.sub_button !== undefined && top.sub_button.length > 0) {
      if (top.sub_button.length > 5) return 'INVALID_SUB_BUTTON_SIZE';
      for (const sub of top.sub_button) {
        const problem = validateButton(sub, true);
        if (problem) return problem;
      }
    } else {
      const problem = validateButton(top, false);
      if (problem) return problem;
    }
  }
  return undefined;
}

function validateButton(b: MenuButton, sub: boolean): ErrName | undefined {
  const nameBytes = bytes(b?.name);
  if (sub && (nameBytes < 1 || nameBytes > 60)) return 'INVALID_SUB_BUTTON_NAME_SIZE';
  const type = b.type ?? '';
  if (!KEYED_TYPES.has(type) && !OTHER_TYPES.has(type)) return sub ? 'INVALID_SUB_BUTTON_TYPE' : 'INVALID_MENU_TYPE';
  if (KEYED_TYPES.has(type)) {
    const n = bytes(b.key);
    if (n < 1 || n > 128) return sub ? 'INVALID_SUB_BUTTON_KEY_SIZE' : 'INVALID_BUTTON_KEY_SIZE';
  }
  if (type === 'view' || type === 'miniprogram') {
    const n = bytes(b.url); // miniprogram buttons need a url for clients without mini-program support
    if (n < 1 || n > 1024) return sub ? 'INVALID_SUB_BUTTON_URL_SIZE' : 'INVALID_BUTTON_URL_SIZE';
  }
  if (type === 'miniprogram' && (bytes(b.appid) < 1 || bytes(b.pagepath) < 1)) return 'DATA_FORMAT_ERROR';
  return undefined;
}

/** get_current_selfmenu_info nests sub-buttons as { list: [...] }. */
function toSelfMenu(b: MenuButton): Record<string, unknown> {
  const { sub_button, ...rest } = b;
  return sub_button && sub_button.length > 0 ? { name: b.name, sub_button: { list: sub_button.map(toSelfMenu) } } : rest;
}

export function registerMenuRoutes(router: Router<EmuState>, state: EmulatorState): void {
  router.post('/cgi-bin/menu/create', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const body = jsonBody(ctx);
    if (!body) return;
    const problem = validateMenu(body['button']);
    if (problem) return fail(ctx, wxError(problem));
    if (!withinQuota(ctx, state, appid, 'menu_create')) return;
    state.menus.set(appid, { button: body['button'] as MenuButton[] });
    reply(ctx, ok({}));
  });

  router.get('/cgi-bin/menu/get', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const menu = state.menus.get(appid);
    if (!menu) return fail(ctx, wxError('MENU_NOT_EXIST'));
    reply(ctx, { menu: { button: menu.button } });
  });

  router.get('/cgi-bin/get_current_selfmenu_info', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const menu = state.menus.get(appid);
    reply(ctx, menu ? { is_menu_open: 1, selfmenu_info: { button: menu.button.map(toSelfMenu) } } : { is_menu_open: 0 });
  });

  router.get('/cgi-bin/menu/delete', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    state.menus.delete(appid);
    reply(ctx, ok({}));
  });
}
