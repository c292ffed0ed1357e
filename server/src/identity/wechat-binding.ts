/**
 * Ids come only as WeChat vouches for them (issue 15): a client sends the one-use code WeChat gave it (`wx.login` in
 * the mini-program, the OAuth `code` of the official account's web pages) and `vouchedWechatIds` exchanges it with
 * WeChat; an openid typed by a client is never accepted. (The webhook's FromUserName is proven by the push signature.)
 *
 * The binding itself (H6, wechat_users) is the official account's: identity binds the ids WeChat vouched for with
 * wechat/binding.ts, in the transaction of the registration, login or account change that brings them.
 */
import { DomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { WeChatApiError } from '../wechat/api/request.js';
import type { WeChatSns } from '../wechat/api/sns.js';
import type { WechatIds } from '../wechat/binding.js';

export { bindWechat, unbindWechat, wechatBindingOf, type WechatIds } from '../wechat/binding.js';

/** What a client proves its WeChat user with: codes from WeChat, never ids. */
export interface WechatProof {
  /** `wx.login()`'s code (mini-program). */
  mpCode?: string | undefined;
  /** The `code` the official account's OAuth (snsapi_base) redirected the web page with. */
  oaCode?: string | undefined;
}

export const hasWechatProof = (p: WechatProof | undefined | null): p is WechatProof => !!(p?.mpCode || p?.oaCode);

/** Exchanges the codes with WeChat for the ids it vouches for; undefined without codes. */
export async function vouchedWechatIds(sns: WeChatSns, proof: WechatProof | undefined, logger: Logger): Promise<WechatIds | undefined> {
  if (!hasWechatProof(proof)) return undefined;
  try {
    const mp = proof.mpCode ? await sns.miniProgramSession(proof.mpCode) : undefined;
    const oa = proof.oaCode ? await sns.officialAccountOAuth(proof.oaCode) : undefined;
    const unionid = mp?.unionid ?? oa?.unionid;
    return { ...(mp ? { mpOpenid: mp.openid } : {}), ...(oa ? { oaOpenid: oa.openid } : {}), ...(unionid ? { unionid } : {}) };
  } catch (err) {
    const errcode = err instanceof WeChatApiError ? err.errcode : undefined;
    // 40029 invalid / 40163 used / 41008 missing: the client's code is no good (expired, replayed or made up).
    if (errcode !== undefined && errcode !== -1) {
      logger.info({ wechatErrcode: errcode, api: (err as WeChatApiError).api }, 'WeChat code refused');
      throw new DomainError('WECHAT_CODE_INVALID', '微信身份验证已失效，请重新进入后再试', 400);
    }
    logger.warn({ err }, 'WeChat code exchange failed');
    throw new DomainError('WECHAT_UNAVAILABLE', '暂时无法连接微信，请稍后再试', 503);
  }
}
