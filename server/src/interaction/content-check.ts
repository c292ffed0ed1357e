/**
 * Member-written text passes WeChat's content security check before it is stored (interaction/README in the
 * repository README, "G2/G3 and msg_sec_check"):
 *   - with the member's mini-program openid: msg_sec_check v2 (scene, openid); when WeChat refuses the openid
 *     (40003, or 61010: no visit within two hours — e.g. a member writing from the official account's web pages)
 *     or the member has none, v1 with the content alone, as WeChat's documentation allows;
 *   - risky → 400 CONTENT_RISKY and nothing is stored; review → stored, flagged 'review' for the staff;
 *   - WeChat unreachable or answering an error → the member's text is not lost: stored, flagged 'unchecked',
 *     and it never goes public before a person has answered it (community questions are published by staff only).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { wechatUsers } from '../wechat/tables.js';
import { type SecCheck } from './tables.js';
import { DomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { WeChatApiError, type WeChatCall } from '../wechat/api/request.js';
import { msgSecCheckV1, msgSecCheckV2, type SecScene, type SecVerdict } from '../wechat/api/security.js';

/** errcodes about the openid rather than the text: ask again without one. */
const OPENID_REFUSED = new Set([40003, 61010]);

export const SCENE = { complaint: 2, forum: 3 } as const satisfies Record<string, SecScene>;

const contentRisky = () => new DomainError('CONTENT_RISKY', '内容含有违规信息，请修改后再提交', 400);

interface TextToCheck {
  title?: string;
  content: string;
}

export class ContentCheck {
  constructor(
    private readonly db: Db,
    private readonly call: WeChatCall,
    private readonly logger: Logger,
  ) {}

  /** The verdict to store with the text; throws CONTENT_RISKY for text that must not be stored. */
  async check(memberId: number, text: TextToCheck, scene: SecScene): Promise<SecCheck> {
    let verdict: SecVerdict;
    try {
      verdict = await this.ask(memberId, text, scene);
    } catch (err) {
      const errcode = err instanceof WeChatApiError ? err.errcode : undefined;
      this.logger.warn(
        { memberId, errcode, err: err instanceof Error ? err.message : String(err) },
        'msg_sec_check unavailable: text kept for a person to check',
      );
      return 'unchecked';
    }
    if (verdict.suggest === 'risky') {
      this.logger.info({ memberId, label: verdict.label, version: verdict.version }, 'msg_sec_check: risky text refused');
      throw contentRisky();
    }
    return verdict.suggest;
  }

  private async ask(memberId: number, text: TextToCheck, scene: SecScene): Promise<SecVerdict> {
    const [ids] = await this.db.select({ mp: wechatUsers.mpOpenid }).from(wechatUsers).where(eq(wechatUsers.memberId, memberId)).limit(1);
    if (ids?.mp) {
      try {
        return await msgSecCheckV2(this.call, { ...text, openid: ids.mp, scene });
      } catch (err) {
        if (!(err instanceof WeChatApiError && err.errcode !== undefined && OPENID_REFUSED.has(err.errcode))) throw err;
      }
    }
    // v1 has no title field: the title goes with the content.
    return msgSecCheckV1(this.call, text.title ? `${text.title}\n${text.content}` : text.content);
  }
}
