/**
 * Thin factory over co-wechat-api: one configurable API base (the real https://api.weixin.qq.com or
 * the emulator's http://127.0.0.1:port), a pluggable token store, and the stable token.
 *
 * co-wechat-api builds every URL from instance fields (prefix, snsPrefix, wxaPrefix, …) set in its
 * constructor, so pointing it elsewhere is an assignment — no patching. It hard-codes
 * api.weixin.qq.com only in areas we do not use (cards, customer-service accounts, datacube,
 * devices, feedback, semantic, shakearound).
 */
import API from 'co-wechat-api';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

type StoredToken = API.Token;

/**
 * Where the access_token lives. In production this is a database row shared by all instances
 * (refresh under a lock); the in-memory store is for tests and single-process tools.
 */
interface TokenStore {
  get(): Promise<StoredToken | null>;
  save(token: StoredToken | null): Promise<void>;
}

export function memoryTokenStore(initial: StoredToken | null = null): TokenStore {
  let token = initial;
  return {
    get: async () => token,
    save: async (t) => {
      token = t === null ? null : { accessToken: t.accessToken, expireTime: t.expireTime };
    },
  };
}

interface WeChatApiOptions {
  appId: string;
  appSecret: string;
  /** Scheme + host (+ port), no trailing path; defaults to the real API. */
  apiBase?: string;
  tokenStore?: TokenStore;
  /**
   * 'stable' (default) fetches POST cgi-bin/stable_token, which returns the same token to every
   * caller until near expiry; 'classic' uses GET cgi-bin/token, where each fetch invalidates the
   * previous token (the co-wechat-api default, and the reason instances knock each other out).
   */
  tokenMode?: 'stable' | 'classic';
  /** httpx read/connect timeout in ms (its default is 3000). */
  timeoutMs?: number;
}

/** Points every prefix co-wechat-api reads at `apiBase`. */
export function pointAt(api: API, apiBase: string): void {
  const base = apiBase.replace(/\/+$/, '');
  api.prefix = `${base}/cgi-bin/`;
  api.snsPrefix = `${base}/sns/`;
  api.wxaPrefix = `${base}/wxa/`;
  api.payPrefix = `${base}/pay/`;
  api.merchantPrefix = `${base}/merchant/`;
  api.customservicePrefix = `${base}/customservice/`;
  // mp.weixin.qq.com and file.api.weixin.qq.com are separate hosts in production; an emulator serves all.
  if (base !== WECHAT_API_BASE) {
    api.mpPrefix = `${base}/cgi-bin/`;
    api.fileServerPrefix = `${base}/cgi-bin/`;
  }
}

export function createWeChatApi(opts: WeChatApiOptions): API {
  const store = opts.tokenStore ?? memoryTokenStore();
  const api = new API(
    opts.appId,
    opts.appSecret,
    () => store.get(),
    (t) => store.save(t),
  );
  pointAt(api, opts.apiBase ?? WECHAT_API_BASE);
  if (opts.timeoutMs !== undefined) api.setOpts({ timeout: opts.timeoutMs });
  if ((opts.tokenMode ?? 'stable') === 'stable') {
    // Instance-level override (co-wechat-api forbids prototype overrides via mixin). Its 40001/42001
    // retry path calls getAccessToken too, so a revoked token is replaced with the current stable one.
    api.getAccessToken = async function getStableAccessToken(this: API) {
      const data = await this.request<{ access_token: string; expires_in: number }>(`${this.prefix}stable_token`, {
        method: 'POST',
        dataType: 'json',
        data: JSON.stringify({ grant_type: 'client_credential', appid: this.appid, secret: this.appsecret, force_refresh: false }),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
      // Ten seconds early, as co-wechat-api does for cgi-bin/token, to stay clear of the edge.
      const token = new API.AccessToken(data.access_token, Date.now() + (data.expires_in - 10) * 1000);
      await this.saveToken(token);
      return token;
    };
  }
  return api;
}

/**
 * Template msgids are 19-digit integers; co-wechat-api parses them with json-bigint into BigNumber
 * objects. Keep them as strings: they must match the MsgID of TEMPLATESENDJOBFINISH exactly.
 */
export const msgIdToString = (msgid: { toString(): string } | number | string): string =>
  typeof msgid === 'number' ? BigInt(msgid).toString() : msgid.toString();

/** co-wechat-api's errors carry the errcode in `code`. */
export const isWeChatApiError = (err: unknown, errcode?: number): err is API.WeChatAPIError =>
  err instanceof Error && err.name === 'WeChatAPIError' && (errcode === undefined || (err as API.WeChatAPIError).code === errcode);
