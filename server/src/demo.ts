/**
 * The demo center as a whole: the built-in core's people, accounts and loans, then each capability's own demo
 * data (credentials and bindings, content, …). Each capability adds one line to `capabilitySeeders`.
 */
import type { Database } from './db/client.js';
import type { PiiCipher } from './shared/pii-crypto.js';
import { isDatabaseEmpty, seedDemo, type SeedOptions } from './core/builtin/seed/index.js';
import { seedContentDemo } from './content/demo/seed.js';
import { seedIdentityDemo } from './identity/demo.js';
import { seedReviewDemo } from './review/demo.js';
import { seedCommunityDemo, seedInteractionDemo } from './interaction/demo.js';

export interface DemoContext {
  database: Database;
  cipher: PiiCipher;
  /** The day the demo is seeded as of (Asia/Shanghai). */
  today: string;
}

type Seeder = (ctx: DemoContext) => Promise<Record<string, number | string> | void>;

const capabilitySeeders: [name: string, seeder: Seeder][] = [
  ['content', seedContentDemo],
  ['community', seedCommunityDemo], // other members' questions, before the demo members ask theirs
  ['identity', seedIdentityDemo],
  ['review', seedReviewDemo],
  ['interaction', seedInteractionDemo], // after identity and review: a demo member's tickets, answered by kefu
];

export { isDatabaseEmpty };

export async function seedDemoCenter(database: Database, cipher: PiiCipher, opts: SeedOptions) {
  const core = await seedDemo(database, cipher, opts);
  const summary: Record<string, unknown> = { ...core };
  for (const [name, seeder] of capabilitySeeders) {
    summary[name] = (await seeder({ database, cipher, today: core.asOf })) ?? 'ok';
  }
  return summary;
}
