/**
 * Template messages (模板消息, official account) and subscribe messages (订阅消息, mini-program).
 * Template send answers a msgid and, when the app has a webhook, later pushes TEMPLATESENDJOBFINISH
 * with the delivery status — "failed:user block" for a follower who switched messages off.
 */
import type Router from '@koa/router';
import { ok, wxError } from './errors.js';
import { authenticate, fail, jsonBody, reply, replyRawJson, withinQuota, type Ctx, type EmuState } from './http.js';
import { buildEvent } from './messages.js';
import type { EmulatorState, SentMessage } from './state.js';
import type { Webhooks } from './webhooks.js';

/** The documented client_msg_id window: one message per openid + id within 10 minutes. */
const CLIENT_MSG_ID_WINDOW_MS = 10 * 60_000;

/** data must be { key: { value: string } }; WeChat names the offending key in 47003's errmsg. */
function checkData(ctx: Ctx, data: unknown): data is SentMessage['data'] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    fail(ctx, wxError('ARGUMENT_INVALID', 'data invalid'));
    return false;
  }
  for (const [key, v] of Object.entries(data)) {
    if (!v || typeof v !== 'object' || typeof (v as { value?: unknown }).value !== 'string') {
      fail(ctx, wxError('ARGUMENT_INVALID', `data.${key}.value invalid`));
      return false;
    }
  }
  return true;
}

interface MessageRouteDeps {
  state: EmulatorState;
  webhooks: Webhooks;
  templateJobDelayMs: number;
}

export function registerMessageRoutes(router: Router<EmuState>, { state, webhooks, templateJobDelayMs }: MessageRouteDeps): void {
  router.post('/cgi-bin/message/template/send', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const body = jsonBody(ctx);
    if (!body) return;
    const touser = typeof body['touser'] === 'string' ? body['touser'] : '';
    const follower = state.follower(appid, touser);
    if (!follower) return fail(ctx, wxError('INVALID_OPENID'));
    const templateId = typeof body['template_id'] === 'string' ? body['template_id'] : '';
    if (!state.templateIds.has(templateId)) return fail(ctx, wxError('INVALID_TEMPLATE_ID'));
    if (!follower.follows) return fail(ctx, wxError('REQUIRE_SUBSCRIBE'));
    if (!checkData(ctx, body['data'])) return;
    const clientMsgId = typeof body['client_msg_id'] === 'string' ? body['client_msg_id'] : undefined;
    const earlier =
      clientMsgId &&
      state.sent.find(
        (m) =>
          m.kind === 'template' &&
          m.appid === appid &&
          m.touser === touser &&
          m.clientMsgId === clientMsgId &&
          state.nowMs() - m.sentMs < CLIENT_MSG_ID_WINDOW_MS,
      );
    // Assumption: a repeated client_msg_id is answered with the first msgid and not sent again.
    if (earlier) return replyRawJson(ctx, `{"errcode":0,"errmsg":"ok","msgid":${earlier.msgid}}`);
    if (!withinQuota(ctx, state, appid, 'template_send')) return;

    const status = follower.blocksTemplates ? 'failed:user block' : 'success';
    const record: SentMessage = {
      kind: 'template',
      appid,
      msgid: state.newMsgId(),
      touser,
      templateId,
      data: body['data'],
      sentMs: state.nowMs(),
      status,
      ...(typeof body['url'] === 'string' ? { url: body['url'] } : {}),
      ...(isMiniprogram(body['miniprogram']) ? { miniprogram: body['miniprogram'] } : {}),
      ...(clientMsgId ? { clientMsgId } : {}),
    };
    state.sent.push(record);
    webhooks.later(appid, templateJobDelayMs, () =>
      buildEvent({ ToUserName: webhooks.originalId(appid), FromUserName: touser, Event: 'TEMPLATESENDJOBFINISH', MsgID: record.msgid, Status: status }),
    );
    // msgid is written as a bare 19-digit number, as WeChat does; JSON.parse rounds it.
    replyRawJson(ctx, `{"errcode":0,"errmsg":"ok","msgid":${record.msgid}}`);
  });

  router.post('/cgi-bin/message/subscribe/send', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const body = jsonBody(ctx);
    if (!body) return;
    const touser = typeof body['touser'] === 'string' ? body['touser'] : '';
    if (!state.follower(appid, touser)) return fail(ctx, wxError('INVALID_OPENID'));
    const templateId = typeof body['template_id'] === 'string' ? body['template_id'] : '';
    if (!state.subscribeTemplateIds.has(templateId)) return fail(ctx, wxError('INVALID_TEMPLATE_ID'));
    const key = `${appid}/${touser}/${templateId}`;
    const left = state.subscriptions.get(key) ?? 0;
    // Each 'accept' in wx.requestSubscribeMessage allows exactly one message.
    if (left <= 0) return fail(ctx, wxError('USER_REFUSED'));
    if (!checkData(ctx, body['data'])) return;
    const miniprogramState = body['miniprogram_state'];
    if (miniprogramState !== undefined && !['developer', 'trial', 'formal'].includes(String(miniprogramState))) {
      return fail(ctx, wxError('ARGUMENT_INVALID', 'miniprogram_state invalid'));
    }
    if (!withinQuota(ctx, state, appid, 'subscribe_send')) return;
    state.subscriptions.set(key, left - 1);
    state.sent.push({
      kind: 'subscribe',
      appid,
      msgid: state.newMsgId(),
      touser,
      templateId,
      data: body['data'],
      sentMs: state.nowMs(),
      ...(typeof body['page'] === 'string' ? { page: body['page'] } : {}),
    });
    reply(ctx, ok({}));
  });
}

/**
 * Customer-service message (客服消息, cgi-bin/message/custom/send), text only: how an answer that was not ready
 * within the push's 5 seconds reaches the member. Assumption: the 48-hour window after the member's last
 * message is not enforced here (45015 is never answered).
 */
export function registerCustomMessageRoute(router: Router<EmuState>, state: EmulatorState): void {
  router.post('/cgi-bin/message/custom/send', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const body = jsonBody(ctx);
    if (!body) return;
    const touser = typeof body['touser'] === 'string' ? body['touser'] : '';
    const follower = state.follower(appid, touser);
    if (!follower) return fail(ctx, wxError('INVALID_OPENID'));
    if (!follower.follows) return fail(ctx, wxError('REQUIRE_SUBSCRIBE'));
    const text = body['text'] as { content?: unknown } | undefined;
    if (body['msgtype'] !== 'text' || typeof text?.content !== 'string' || text.content === '') {
      return fail(ctx, wxError('ARGUMENT_INVALID', 'text.content invalid'));
    }
    state.sent.push({ kind: 'custom', appid, msgid: state.newMsgId(), touser, templateId: '', data: {}, text: text.content, sentMs: state.nowMs() });
    reply(ctx, ok({}));
  });
}

function isMiniprogram(v: unknown): v is { appid: string; pagepath?: string } {
  return !!v && typeof v === 'object' && typeof (v as { appid?: unknown }).appid === 'string';
}
