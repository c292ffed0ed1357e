/**
 * The WeChat API clients of one instance: the official account's and the mini-program's, each a co-wechat-api
 * client pointed at the configured API base (the emulator in sandbox mode) with its access_token shared in the
 * database, and the one request helper over it.
 */
import API from 'co-wechat-api';
import type { Database } from '../../db/client.js';
import { pointAt } from '../../integrations/wechat-api.js';
import { createCall, type WeChatCall } from './request.js';
import { createSns, type WeChatSns } from './sns.js';
import { processAccessToken, SharedAccessToken, stableTokenFetcher } from './token.js';

interface WeChatApp {
  appId: string;
  call: WeChatCall;
  tokens: SharedAccessToken;
}

export interface WeChatClients {
  /** The official account (公众号): menu, template and customer-service messages, user info. */
  officialAccount: WeChatApp;
  /** The mini-program: subscribe messages. */
  miniProgram: WeChatApp;
  /** The code exchanges that tell who a user is (jscode2session, web OAuth). */
  sns: WeChatSns;
}

export interface AppCredentials {
  appId: string;
  appSecret: string;
}

/** Requests time out after this long; the outbox retries them (client_msg_id keeps a late success from doubling). */
const TIMEOUT_MS = 5000;

export function createWeChatApp(database: Database, apiBase: string, creds: AppCredentials): WeChatApp {
  const api = coWeChatApi(apiBase, creds);
  const tokens = new SharedAccessToken(database, creds.appId, stableTokenFetcher(api));
  return { appId: creds.appId, call: createCall(api, tokens), tokens };
}

/** For command-line tools: the token lives in the process (see processAccessToken). */
export function createStandaloneCall(apiBase: string, creds: AppCredentials): WeChatCall {
  const api = coWeChatApi(apiBase, creds);
  return createCall(api, processAccessToken(stableTokenFetcher(api)));
}

function coWeChatApi(apiBase: string, creds: AppCredentials): API {
  // The getToken/saveToken pair is unused: every call goes through createCall with its own token source.
  const api = new API(
    creds.appId,
    creds.appSecret,
    async () => null,
    async () => undefined,
  );
  pointAt(api, apiBase);
  api.setOpts({ timeout: TIMEOUT_MS });
  return api;
}

export function createWeChatClients(database: Database, apiBase: string, oa: AppCredentials, mp: AppCredentials): WeChatClients {
  return { officialAccount: createWeChatApp(database, apiBase, oa), miniProgram: createWeChatApp(database, apiBase, mp), sns: createSns(apiBase, oa, mp) };
}
