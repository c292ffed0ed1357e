/** 互动交流's services (G2 投诉建议, G3 互动社区) as the composition root (root.ts) builds them once. */
import type { Database } from '../db/client.js';
import type { PushNotice } from '../notifications/service.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import type { WeChat } from '../wechat/index.js';
import { CommunityQuestions } from './community.js';
import { Complaints } from './complaints.js';
import { ContentCheck } from './content-check.js';
import type { InteractionDeps } from './deps.js';

export interface Interaction {
  complaints: Complaints;
  community: CommunityQuestions;
}

export function createInteraction(deps: {
  database: Database;
  cipher: PiiCipher;
  clock: Clock;
  logger: Logger;
  wechat: Pick<WeChat, 'clients'>;
  push: PushNotice;
}): Interaction {
  const shared: InteractionDeps = {
    database: deps.database,
    cipher: deps.cipher,
    clock: deps.clock,
    // msg_sec_check is a mini-program API: the mini-program's token.
    check: new ContentCheck(deps.database.db, deps.wechat.clients.miniProgram.call, deps.logger.child({ capability: 'interaction' })),
    push: deps.push,
  };
  return { complaints: new Complaints(shared), community: new CommunityQuestions(shared) };
}
