/**
 * Content security (文本内容安全识别, POST wxa/msg_sec_check), called with the mini-program's token.
 * Version 2 wants the member's mini-program openid (a visit within the last two hours, else 61010) and a scene
 * (1 资料, 2 评论, 3 论坛, 4 社交日志) and answers `result: { suggest, label }`; version 1 takes the content alone,
 * answers errcode 0, or 87014 for risky text, and has no "review" verdict.
 */
import type { WeChatCall } from './request.js';
import { WeChatApiError } from './request.js';

export type SecScene = 1 | 2 | 3 | 4;
type SecSuggest = 'pass' | 'review' | 'risky';

export interface SecVerdict {
  suggest: SecSuggest;
  /** 100 normal; 20001 时政, 20006 违法犯罪, 20008 欺诈 … */
  label: number;
  version: 1 | 2;
  traceId?: string;
}

interface V2Answer {
  result?: { suggest?: string; label?: number };
  trace_id?: string;
}

export async function msgSecCheckV2(call: WeChatCall, m: { content: string; title?: string; openid: string; scene: SecScene }): Promise<SecVerdict> {
  const answer = await call<V2Answer>(
    'msg_sec_check',
    {
      content: m.content,
      version: 2,
      scene: m.scene,
      openid: m.openid,
      ...(m.title ? { title: m.title } : {}),
    },
    { prefix: 'wxa' },
  );
  const suggest = answer.result?.suggest;
  if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
    throw new WeChatApiError(undefined, `msg_sec_check: unexpected answer ${JSON.stringify(answer.result ?? null)}`, 'msg_sec_check');
  }
  return { suggest, label: answer.result?.label ?? 0, version: 2, ...(answer.trace_id ? { traceId: answer.trace_id } : {}) };
}

/** errcode 87014 of version 1. */
const RISKY_CONTENT = 87014;

export async function msgSecCheckV1(call: WeChatCall, content: string): Promise<SecVerdict> {
  try {
    await call('msg_sec_check', { content }, { prefix: 'wxa' });
    return { suggest: 'pass', label: 100, version: 1 };
  } catch (err) {
    if (err instanceof WeChatApiError && err.errcode === RISKY_CONTENT) return { suggest: 'risky', label: 0, version: 1 };
    throw err;
  }
}
