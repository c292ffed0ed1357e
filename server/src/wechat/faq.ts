/**
 * FAQ matches for the bot's free-text answers. The FAQ itself (G1: the faqs table, its staff editing and the
 * Chinese relevance ranking) belongs to content/; the bot asks its service and shows the best matches.
 */
import { ContentService } from '../content/service.js';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { FaqSource } from './bot.js';

export function contentFaqs(database: Database, core: CoreGateway, dataDir: string): FaqSource {
  const content = new ContentService(database.db, core, dataDir);
  return {
    async search(text, limit) {
      return (await content.searchFaqs(text, limit)).map((f) => ({ question: f.question, answer: f.answer }));
    },
  };
}
