/**
 * Template messages (模板消息, cgi-bin/message/template/send). Since 2023 the first/remark fields are gone: every
 * value goes in a keyed field. The msgid is a 19-digit integer that json-bigint hands over as a BigNumber; it is
 * kept as text so that it matches TEMPLATESENDJOBFINISH's MsgID exactly.
 */
import { msgIdToString } from '../../integrations/wechat-api.js';
import type { WeChatCall } from './request.js';

export type TemplateData = Record<string, { value: string }>;

interface TemplateMessage {
  touser: string;
  templateId: string;
  data: TemplateData;
  /** Web page opened by the message (and by clients that cannot open the mini-program). */
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  /** WeChat sends one message per openid + client_msg_id within 10 minutes: a repeat answers the first msgid. */
  clientMsgId?: string;
}

export async function sendTemplate(call: WeChatCall, m: TemplateMessage): Promise<string> {
  const r = await call<{ msgid: { toString(): string } | number | string }>('message/template/send', {
    touser: m.touser,
    template_id: m.templateId,
    ...(m.url ? { url: m.url } : {}),
    ...(m.miniprogram ? { miniprogram: m.miniprogram } : {}),
    ...(m.clientMsgId ? { client_msg_id: m.clientMsgId } : {}),
    data: m.data,
  });
  return msgIdToString(r.msgid);
}
