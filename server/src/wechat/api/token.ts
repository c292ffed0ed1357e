/**
 * The access_token shared by every instance (H2, K4). It lives in wechat_access_tokens; an instance that finds
 * it missing, about to expire or refused by WeChat refreshes it while holding a PostgreSQL advisory lock, and
 * re-reads the row after taking the lock, so a token another instance just fetched is used instead of fetched
 * again. Tokens come from POST cgi-bin/stable_token, which keeps returning the same token until near its expiry
 * (a fresh cgi-bin/token call would invalidate the token the other instances hold).
 * PGlite has one connection and one instance: Database.withSession already runs refreshes one at a time.
 */
import type API from 'co-wechat-api';
import type { Database, RawSession } from '../../db/client.js';
import { wrap, type AccessTokenSource } from './request.js';

/** Advisory-lock namespace of the token refresh (first key of pg_advisory_lock(int, int)); the second is hashtext(appid). */
const TOKEN_LOCK_NAMESPACE = 72_100_401;
/** A token with less than this left is not handed out: it could expire on the way to WeChat. */
const MIN_REMAINING_MS = 60_000;

interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Fetches a token from WeChat; `force` asks stable_token for a new one even if the current one is still valid. */
type TokenFetcher = (force: boolean) => Promise<FetchedToken>;

const isConnectionReset = (err: unknown) => /ECONNRESET|socket hang up/.test(String((err as Error)?.message ?? err));

/** Asks again, up to three times in all, while the answer is a connection reset before anything was sent. */
async function withResetRetry<T>(ask: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (err) {
      if (attempt >= 3 || !isConnectionReset(err)) throw err;
    }
  }
}

/** POST cgi-bin/stable_token through co-wechat-api's transport. */
export function stableTokenFetcher(api: API): TokenFetcher {
  const request = (force: boolean) =>
    api.request<{ access_token: string; expires_in: number }>(
      `${api.prefix}stable_token`,
      {
        method: 'POST',
        data: JSON.stringify({ grant_type: 'client_credential', appid: api.appid, secret: api.appsecret, force_refresh: force }),
        headers: { 'Content-Type': 'application/json' },
      },
      0,
    );
  return async (force) => {
    try {
      // A kept-alive connection the server closed just as it was reused fails with ECONNRESET before anything was
      // sent: asking again is safe (stable_token gives the same token while it is valid). The pool may hold several
      // such connections after a quiet spell, so up to three times.
      const data = await withResetRetry(() => request(force));
      return { accessToken: data.access_token, expiresInSeconds: Number(data.expires_in) };
    } catch (err) {
      throw wrap(err, 'stable_token');
    }
  };
}

interface Row {
  token: string;
  expiresAtMs: number;
}

export class SharedAccessToken implements AccessTokenSource {
  private cached: Row | undefined;
  private inflight: Promise<string> | undefined;
  /** Tokens fetched from WeChat by this instance (tests and the bench compare instances with it). */
  fetches = 0;

  constructor(
    private readonly database: Database,
    readonly appId: string,
    private readonly fetchToken: TokenFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<string> {
    if (this.usable(this.cached)) return this.cached!.token;
    const row = await this.read(this.database.query);
    if (this.usable(row)) return (this.cached = row)!.token;
    return this.refresh();
  }

  /** A new token: after WeChat refused `rejected`, or because none is usable. */
  refresh(rejected?: string): Promise<string> {
    return this.singleFlight(() =>
      this.locked(async (q) => {
        const row = await this.read(q);
        if (this.usable(row) && row!.token !== rejected) return row!;
        return this.fetchAndSave(q, rejected);
      }),
    );
  }

  /** The scheduled refresh: renews when less than `aheadMs` is left. True when a token was fetched. */
  async refreshIfExpiring(aheadMs: number): Promise<boolean> {
    let fetched = false;
    await this.singleFlight(() =>
      this.locked(async (q) => {
        const row = await this.read(q);
        if (row && row.expiresAtMs - this.now() > aheadMs) return row;
        fetched = true;
        return this.fetchAndSave(q);
      }),
    );
    return fetched;
  }

  private usable(row: Row | undefined): boolean {
    return !!row && row.expiresAtMs - this.now() > MIN_REMAINING_MS;
  }

  private async singleFlight(fn: () => Promise<Row>): Promise<string> {
    this.inflight ??= fn()
      .then((row) => {
        this.cached = row;
        return row.token;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async fetchAndSave(q: RawSession['query'], rejected?: string): Promise<Row> {
    this.fetches++;
    let fresh = await this.fetchToken(false);
    // stable_token may still hand out the token WeChat just refused (e.g. revoked elsewhere): force a new one.
    if (rejected !== undefined && fresh.accessToken === rejected) fresh = await this.fetchToken(true);
    const row = { token: fresh.accessToken, expiresAtMs: this.now() + fresh.expiresInSeconds * 1000 };
    await q(
      `INSERT INTO wechat_access_tokens (app_id, access_token, expires_at) VALUES ($1, $2, to_timestamp($3::float8 / 1000))
       ON CONFLICT (app_id) DO UPDATE SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at,
         refreshed_at = now(), refresh_count = wechat_access_tokens.refresh_count + 1`,
      [this.appId, row.token, row.expiresAtMs],
    );
    return row;
  }

  private async read(q: RawSession['query']): Promise<Row | undefined> {
    const [r] = await q<{ access_token: string; expires_ms: number }>(
      `SELECT access_token, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms FROM wechat_access_tokens WHERE app_id = $1`,
      [this.appId],
    );
    return r ? { token: r.access_token, expiresAtMs: Number(r.expires_ms) } : undefined;
  }

  /** Runs fn on one connection holding the app's advisory lock (PostgreSQL); PGlite's sessions already take turns. */
  private locked<T>(fn: (q: RawSession['query']) => Promise<T>): Promise<T> {
    return this.database.withSession(async (s) => {
      const lock = this.database.kind === 'postgres';
      if (lock) await s.query('SELECT pg_advisory_lock($1, hashtext($2))', [TOKEN_LOCK_NAMESPACE, this.appId]);
      try {
        return await fn(s.query);
      } finally {
        if (lock) await s.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TOKEN_LOCK_NAMESPACE, this.appId]);
      }
    });
  }
}

/**
 * A token kept in this process only, for command-line tools that must not open the server's embedded database.
 * Harmless beside running servers: stable_token hands them all the same token.
 */
export function processAccessToken(fetchToken: TokenFetcher, now: () => number = Date.now): AccessTokenSource {
  let held: Row | undefined;
  const fetchRow = async (force: boolean) => {
    const t = await fetchToken(force);
    held = { token: t.accessToken, expiresAtMs: now() + t.expiresInSeconds * 1000 };
    return held.token;
  };
  return {
    current: async () => (held && held.expiresAtMs - now() > MIN_REMAINING_MS ? held.token : fetchRow(false)),
    refresh: async (rejected) => {
      const token = await fetchRow(false);
      return token === rejected ? fetchRow(true) : token;
    },
  };
}
