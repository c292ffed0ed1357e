/**
 * Customer-service messages (客服消息, cgi-bin/message/custom/send): how a bot answer that was not ready within the
 * push's 5 seconds still reaches the member. Allowed within 48 hours of the member's last message; text may
 * hold <a href> and mini-program links.
 */
import type { WeChatCall } from './request.js';

export async function sendCustomText(call: WeChatCall, touser: string, content: string): Promise<void> {
  await call('message/custom/send', { touser, msgtype: 'text', text: { content } });
}
