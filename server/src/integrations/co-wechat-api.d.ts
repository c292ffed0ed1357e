/**
 * Minimal types for co-wechat-api 3.11 (it ships none): the constructor, the URL prefixes we point
 * at the emulator, the token plumbing, and the methods the platform uses.
 */
declare module 'co-wechat-api' {
  namespace API {
    /** What getToken returns and saveToken receives; expireTime is epoch milliseconds. */
    interface Token {
      accessToken: string;
      expireTime: number;
    }

    class AccessToken implements Token {
      constructor(accessToken: string, expireTime: number);
      accessToken: string;
      expireTime: number;
      isValid(): boolean;
    }

    /** httpx request options. */
    interface RequestOptions {
      method?: string;
      data?: string | Buffer;
      dataType?: string;
      headers?: Record<string, string>;
      timeout?: number;
      readTimeout?: number;
      connectTimeout?: number;
    }

    /** Thrown for errcode ≠ 0 (code = errcode) and for non-2xx statuses (no code). */
    interface WeChatAPIError extends Error {
      name: 'WeChatAPIError';
      code?: number;
    }

    interface ErrcodeResult {
      errcode: number;
      errmsg: string;
    }
  }

  class API {
    constructor(
      appid: string,
      appsecret: string,
      getToken?: () => Promise<API.Token | null | undefined>,
      saveToken?: (token: API.Token | null) => Promise<void>,
      tokenFromCustom?: boolean,
    );
    appid: string;
    appsecret: string;
    prefix: string;
    snsPrefix: string;
    mpPrefix: string;
    fileServerPrefix: string;
    payPrefix: string;
    merchantPrefix: string;
    customservicePrefix: string;
    wxaPrefix: string;
    getToken: () => Promise<API.Token | null | undefined>;
    saveToken: (token: API.Token | null) => Promise<void>;

    setOpts(opts: API.RequestOptions): void;
    /** Parses JSON with json-bigint: integers past 2^53 arrive as BigNumber objects. */
    request<T = unknown>(url: string, opts?: API.RequestOptions, retry?: number): Promise<T>;
    getAccessToken(): Promise<API.AccessToken>;
    ensureAccessToken(): Promise<API.AccessToken>;

    createMenu(menu: { button: unknown[] }): Promise<API.ErrcodeResult>;
    getMenu(): Promise<{ menu: { button: unknown[] } }>;
    getMenuConfig(): Promise<{ is_menu_open: number; selfmenu_info?: { button: unknown[] } }>;
    removeMenu(): Promise<API.ErrcodeResult>;
    sendTemplate(
      openid: string,
      templateId: string,
      url: string | undefined,
      topColor: string | undefined,
      data: Record<string, { value: string; color?: string }>,
      miniprogram?: { appid: string; pagepath?: string },
    ): Promise<API.ErrcodeResult & { msgid: { toString(): string } | number }>;
    sendSubscribeMessage(openid: string, templateId: string, page: string | undefined, data: Record<string, { value: string }>): Promise<API.ErrcodeResult>;
    getUser(options: string | { openid: string; lang?: string }): Promise<Record<string, unknown> & { subscribe: number; openid: string; unionid?: string }>;
    code2Session(jsCode: string): Promise<{ openid: string; session_key: string; unionid?: string }>;

    static mixin(obj: object): void;
  }

  export = API;
}
