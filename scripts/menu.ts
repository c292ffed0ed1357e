/**
 * `npm run menu`: creates the official account's menu 我的 / 政策业务 / 互动交流 (H2) through the WeChat API and
 * prints the menu WeChat now holds.
 * - WECHAT_API_BASE set (a running emulator, or another stand-in) or production mode: that API is used.
 * - sandbox without WECHAT_API_BASE: the servers' emulators live inside their processes, so the menu is created
 *   on an emulator started here, which validates it exactly as WeChat would (sizes, types, mini-program fields).
 * The access_token is the shared one in PostgreSQL when DATABASE_URL is set; otherwise the tool keeps its own
 * (stable_token returns the same token to everyone, so running servers are not disturbed).
 */
import { loadConfig } from '../server/src/config.js';
import { openDatabase, type Database } from '../server/src/db/client.js';
import { startWeChatEmulator, type WeChatEmulator } from '../server/src/emulators/wechat/index.js';
import { WECHAT_API_BASE } from '../server/src/integrations/wechat-api.js';
import { createStandaloneCall, createWeChatApp } from '../server/src/wechat/api/client.js';
import { createMenu, getMenu } from '../server/src/wechat/api/menu.js';
import { WeChatApiError } from '../server/src/wechat/api/request.js';
import { officialAccountMenu } from '../server/src/wechat/menu.js';

const config = loadConfig();
let emulator: WeChatEmulator | undefined;
let database: Database | undefined;
try {
  let apiBase = config.WECHAT_API_BASE ?? (config.APP_MODE === 'production' ? WECHAT_API_BASE : undefined);
  if (!apiBase) {
    emulator = await startWeChatEmulator({ apps: { [config.WECHAT_APP_ID]: config.WECHAT_APP_SECRET } });
    apiBase = emulator.url;
    process.stdout.write(`sandbox: no WECHAT_API_BASE, so the menu is created on a WeChat emulator started for this run (${apiBase})\n`);
  }
  const creds = { appId: config.WECHAT_APP_ID, appSecret: config.WECHAT_APP_SECRET };
  let call;
  if (config.DATABASE_URL) {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
    call = createWeChatApp(database, apiBase, creds).call;
  } else {
    call = createStandaloneCall(apiBase, creds);
  }
  await createMenu(call, officialAccountMenu({ mpAppId: config.WECHAT_MP_APP_ID, publicBaseUrl: config.publicBaseUrl }));
  const menu = await getMenu(call);
  process.stdout.write(`menu created for ${config.WECHAT_APP_ID}:\n`);
  for (const top of menu) {
    process.stdout.write(`  ${top.name}\n`);
    for (const b of top.sub_button ?? []) {
      process.stdout.write(
        `    ${b.name.padEnd(6, '　')} ${b.type === 'miniprogram' ? `小程序 ${b.pagepath}  (网页 ${b.url})` : `${b.type} ${b.key ?? b.url}`}\n`,
      );
    }
  }
} catch (err) {
  process.stderr.write(`menu creation failed: ${err instanceof WeChatApiError ? `errcode ${err.errcode ?? '-'}: ${err.message}` : (err as Error).stack}\n`);
  process.exitCode = 1;
} finally {
  await database?.close();
  await emulator?.close();
}
