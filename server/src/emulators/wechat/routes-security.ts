/**
 * wxa/msg_sec_check (文本内容安全识别). Version 2 answers a verdict in `result` (suggest
 * pass / review / risky, label 100 = normal) with per-strategy `detail`; the retired version 1
 * answers 87014 for risky text. Verdicts come from small configurable word lists.
 */
import type Router from '@koa/router';
import { randomUUID } from 'node:crypto';
import { ok, wxError } from './errors.js';
import { authenticate, fail, jsonBody, reply, withinQuota, type EmuState } from './http.js';
import type { EmulatorState } from './state.js';

const LABEL_NORMAL = 100;
const LABEL_OTHER = 21000;

/** openid must have used the mini-program within the last two hours. */
const RECENT_VISIT_MS = 2 * 3600_000;

interface SecurityWords {
  /** word → label (20006 违法犯罪, 20008 欺诈, …). */
  risky: Record<string, number>;
  review: string[];
}

function classify(text: string, words: SecurityWords): { suggest: 'pass' | 'review' | 'risky'; label: number; keyword?: string } {
  for (const [word, label] of Object.entries(words.risky)) if (text.includes(word)) return { suggest: 'risky', label, keyword: word };
  for (const word of words.review) if (text.includes(word)) return { suggest: 'review', label: LABEL_OTHER, keyword: word };
  return { suggest: 'pass', label: LABEL_NORMAL };
}

export function registerSecurityRoutes(router: Router<EmuState>, state: EmulatorState, words: SecurityWords): void {
  router.post('/wxa/msg_sec_check', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const body = jsonBody(ctx);
    if (!body) return;
    const text = ['title', 'nickname', 'signature', 'content']
      .map((k) => body[k])
      .filter((v): v is string => typeof v === 'string')
      .join('\n');
    if (typeof body['content'] !== 'string') return fail(ctx, wxError('DATA_FORMAT_ERROR'));

    if (Number(body['version']) !== 2) {
      const verdict = classify(text, words);
      return reply(ctx, verdict.suggest === 'risky' ? wxError('RISKY_CONTENT') : ok({}));
    }
    if (![1, 2, 3, 4].includes(Number(body['scene']))) return fail(ctx, wxError('INVALID_SCENE'));
    const user = typeof body['openid'] === 'string' ? state.follower(appid, body['openid']) : undefined;
    if (!user) return fail(ctx, wxError('INVALID_OPENID'));
    if (state.nowMs() - user.lastSeenMs > RECENT_VISIT_MS) return fail(ctx, wxError('USER_ACCESS_EXPIRED'));
    if (!withinQuota(ctx, state, appid, 'msg_sec_check')) return;

    const verdict = classify(text, words);
    const keywordDetail = verdict.keyword
      ? { strategy: 'keyword', errcode: 0, suggest: verdict.suggest, label: verdict.label, level: 20, keyword: verdict.keyword }
      : { strategy: 'keyword', errcode: 0 };
    reply(
      ctx,
      ok({
        result: { suggest: verdict.suggest, label: verdict.label },
        detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: 90 }, keywordDetail],
        trace_id: randomUUID(),
      }),
    );
  });
}
