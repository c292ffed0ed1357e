/** What the complaints and the community questions share: their dependencies and the staff's view of the check. */
import type { Database, Db } from '../db/client.js';
import type { SecCheck } from './tables.js';
import type { PushNotice } from '../notifications/service.js';
import type { Clock } from '../shared/clock.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import type { ContentCheck } from './content-check.js';
import { SEC_CHECK_LABELS } from './schema.js';

/** 答复单位 when the agent names none. */
export const DEFAULT_DEPARTMENT = '公积金中心客服';

export interface InteractionDeps {
  database: Database;
  cipher: PiiCipher;
  clock: Clock;
  check: ContentCheck;
  /** Queues the WeChat notice in the caller's transaction; absent: the notification's push stays pending. */
  push: PushNotice | undefined;
}

export abstract class InteractionService {
  constructor(protected readonly deps: InteractionDeps) {}

  protected get db(): Db {
    return this.deps.database.db;
  }
}

/** What msg_sec_check said, as the staff console shows it. */
export const secCheckFields = (secCheck: SecCheck) => ({ secCheck, secCheckLabel: SEC_CHECK_LABELS[secCheck] });
