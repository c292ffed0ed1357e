/**
 * URL Links for messages read outside WeChat (the SMS fallback of notices): one per page-with-query, kept in
 * the database and shared by every instance so that a retried SMS, or a second SMS about the same application,
 * reuses the link instead of spending the daily generation limit. A link is reused while it has at least
 * REUSE_MARGIN_MS left, so that a member who reads the SMS late still finds it working.
 */
import type { Database } from '../db/client.js';
import { generateUrlLink } from './api/urllink.js';
import type { WeChatCall } from './api/request.js';

const REUSE_MARGIN_MS = 3 * 86_400_000;

export class UrlLinks {
  constructor(
    private readonly database: Database,
    private readonly mpCall: WeChatCall,
    private readonly days: number,
  ) {}

  /** The URL Link of `pathWithQuery` (pages/…/index?serialNo=…), generating one when none is valid long enough. */
  async linkFor(pathWithQuery: string): Promise<string> {
    const [known] = await this.database.query<{ url_link: string }>(
      `SELECT url_link FROM wechat_url_links WHERE page = $1 AND expires_at > now() + make_interval(secs => $2::float8 / 1000)`,
      [pathWithQuery, REUSE_MARGIN_MS],
    );
    if (known) return known.url_link;
    const [path = '', query = ''] = splitOnce(pathWithQuery, '?');
    const url = await generateUrlLink(this.mpCall, { path, query, days: this.days });
    // Two instances generating at once: both links work; the later one is kept for reuse.
    await this.database.query(
      `INSERT INTO wechat_url_links (page, url_link, expires_at) VALUES ($1, $2, now() + make_interval(days => $3::int))
       ON CONFLICT (page) DO UPDATE SET url_link = EXCLUDED.url_link, expires_at = EXCLUDED.expires_at, created_at = now()`,
      [pathWithQuery, url, this.days],
    );
    return url;
  }

  /** Forgets expired links. */
  async purge(): Promise<number> {
    const [row] = await this.database.query<{ n: number }>(
      'WITH d AS (DELETE FROM wechat_url_links WHERE expires_at < now() RETURNING 1) SELECT count(*)::int AS n FROM d',
    );
    return row?.n ?? 0;
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}
