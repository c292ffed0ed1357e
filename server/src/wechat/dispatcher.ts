/**
 * Between the protocol and the bot (H1): each push is worked on once however often WeChat repeats it, every
 * repeat gets the same answer, and WeChat always has an answer within its 5 seconds. When the bot is not done
 * by the deadline, the member gets "success" now and the answer follows as a customer-service message
 * (queued in the outbox in the same transaction that records the push as answered that way).
 */
import type { Logger } from '../shared/logger.js';
import type { Bot } from './bot.js';
import { dedupeKey } from './protocol/dedupe.js';
import { replyAddress, textReply } from './protocol/reply.js';
import type { WeChatPush } from './protocol/types.js';
import type { PushLog } from './push-log.js';
import { busy } from './replies.js';

interface DispatcherDeps {
  log: PushLog;
  bot: Bot;
  /** How long the bot may work before "success" is answered instead (config WECHAT_REPLY_DEADLINE_MS). */
  deadlineMs: number;
  /**
   * Records the push as answered "success" and queues `content` as a customer-service message, in one
   * transaction; does neither (false) when another attempt of the push answered it first.
   */
  defer(key: string, push: WeChatPush, content: string): Promise<boolean>;
  logger: Logger;
}

/** Returns the plain answer to a push: reply XML, or "success" for none. */
export type Dispatch = (push: WeChatPush) => Promise<string>;

const kindOf = (push: WeChatPush): string =>
  push.MsgType === 'event' ? `event:${push.Event}` : push.MsgType === 'unknown' ? `unknown:${push.Event ?? push.OriginalMsgType}` : push.MsgType;

export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const { log, bot } = deps;
  return async function dispatch(push: WeChatPush): Promise<string> {
    const key = dedupeKey(push);
    const until = Date.now() + deps.deadlineMs;
    // working → answered (the reply goes back in this response) or late (deadline passed: "success" went back).
    let state: 'working' | 'answered' | 'late' = 'working';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => {
        if (state !== 'working') return;
        state = 'late';
        resolve('success');
      }, deps.deadlineMs);
    });

    const work = async (): Promise<string> => {
      const claim = await log.claim(key, push.FromUserName, kindOf(push));
      if (claim.state === 'answered') return claim.reply;
      if (claim.state === 'in_progress') {
        const waited = await log.waitForAnswer(key, until, claim.stale);
        if (waited !== 'take-over') return waited ?? 'success';
      }
      const reply = await bot(push);
      // Past the deadline even if its timer has not fired yet (a busy event loop runs timers late).
      if (state === 'late' || Date.now() >= until) {
        state = 'late';
        if (reply.kind === 'text') {
          if (await deps.defer(key, push, reply.content)) {
            deps.logger.warn({ kind: kindOf(push) }, 'wechat answer was late: it goes out as a customer-service message');
          } else {
            deps.logger.warn({ kind: kindOf(push) }, 'wechat answer was late and another attempt of the push answered first: not sent again');
          }
        } else {
          await log.answer(key, 'success');
        }
        return 'success';
      }
      state = 'answered';
      const xml = reply.kind === 'text' ? textReply(replyAddress(push), reply.content) : 'success';
      await log.answer(key, xml);
      return xml;
    };

    const guarded = work().catch((err: unknown) => {
      deps.logger.error({ err, kind: kindOf(push) }, 'wechat push failed');
      if (state === 'late') return 'success';
      state = 'answered';
      // A member who wrote gets a word; an event gets nothing (WeChat shows nothing for those anyway).
      return push.MsgType === 'event' || push.MsgType === 'unknown' ? 'success' : textReply(replyAddress(push), busy());
    });
    try {
      return await Promise.race([guarded, deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}
