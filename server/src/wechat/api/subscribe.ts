/**
 * Mini-program subscribe messages (订阅消息, cgi-bin/message/subscribe/send), sent with the mini-program's own
 * token. Each 允许 the member tapped in wx.requestSubscribeMessage allows one message; 43101 means there is none.
 */
import type { TemplateData } from './template.js';
import type { WeChatCall } from './request.js';

interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: TemplateData;
  /** developer / trial / formal (the default). */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

export async function sendSubscribeMessage(call: WeChatCall, m: SubscribeMessage): Promise<void> {
  await call('message/subscribe/send', {
    touser: m.touser,
    template_id: m.templateId,
    page: m.page,
    data: m.data,
    ...(m.miniprogramState ? { miniprogram_state: m.miniprogramState } : {}),
    lang: 'zh_CN',
  });
}
