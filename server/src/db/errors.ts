/** The SQLSTATE of a database error, whether the driver's error or drizzle's wrapper around it. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Socket-level codes and SQLSTATEs meaning "the database cannot be reached right now": the connection was refused,
 * cut or timed out, or the server is shutting down or starting (57P01 admin_shutdown from pg_terminate_backend,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, class 08 connection_exception).
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'PGlite is closed',
];

/** True when err (or what it wraps) says the database is unreachable, not that the statement was wrong. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || /^(08[0-9A-Z]{3}|57P0[123])$/.test(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((m) => message.includes(m))) return true;
  }
  return false;
}

/** DATABASE_URL names a PostgreSQL that cannot be used (unreachable, refused login, no such database, malformed). */
export class DatabaseUrlError extends Error {
  constructor(url: string, cause: unknown) {
    const reason = (cause as { message?: string })?.message || String(cause);
    super(
      `DATABASE_URL ${redactUrl(url)} cannot be used: ${reason}. Check host, port, user, password and database name, or unset DATABASE_URL for the embedded PGlite.`,
    );
    this.name = 'DatabaseUrlError';
  }
}

/** The URL without its password. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a valid URL)';
  }
}
