/**
 * Fault injection for the fault tests (test/faults-*.test.ts): a TCP proxy in front of PostgreSQL that can cut
 * every connection (what a failover or a restart does to the clients) and refuse new ones while "down", and
 * pg_terminate_backend on the real server (57P01, what an operator or a crash of a backend does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface DbProxy {
  /** postgres://… through the proxy for the same database as `databaseUrl`. */
  url(databaseUrl: string): string;
  /** Destroys every connection through the proxy: their clients see "Connection terminated unexpectedly". */
  cut(): void;
  /** Cuts every connection and refuses new ones (ECONNREFUSED) until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startDbProxy(target: string): Promise<DbProxy> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  let port = 0;
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((inbound) => {
        const outbound = net.connect(Number(to.port || 5432), to.hostname);
        for (const sock of [inbound, outbound]) {
          sockets.add(sock);
          sock.on('error', () => undefined);
          sock.on('close', () => {
            sockets.delete(sock);
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await listen();
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    url(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    async down() {
      const s = server;
      server = undefined;
      if (s)
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          cut();
        });
    },
    async up() {
      if (!server) await listen();
    },
    async close() {
      const s = server;
      server = undefined;
      cut();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

/** pg_terminate_backend on every other connection to the database of `databaseUrl`; how many were ended. */
export async function terminateBackends(adminUrl: string, databaseUrl: string): Promise<number> {
  const db = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [db],
    );
    return r.rows[0]?.n ?? 0;
  } finally {
    await c.end();
  }
}

/** Collects what would end a real process (an unhandled 'error' event, a rejection nobody handles) while fn runs. */
export async function withCrashWatch<T>(fn: () => Promise<T>): Promise<{ result: T; crashes: unknown[] }> {
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => void crashes.push(err);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    return { result: await fn(), crashes };
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPO_DIR = path.resolve(SERVER_DIR, '..');

export interface Child {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
}

/** Runs a TypeScript entry point of the repository (`server/src/main.ts`, `scripts/seed.ts`) as `npm start` / `npm run` would. */
export function runEntry(entry: string, env: Record<string, string>, args: string[] = []): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(REPO_DIR, entry), ...args], {
    cwd: REPO_DIR,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** A server process (`npm start`) on port 0; resolves with its address once it prints it. */
export async function startServerProcess(env: Record<string, string>, ms = 120_000): Promise<Child & { url: string }> {
  const c = runEntry('server/src/main.ts', { PORT: '0', HOST: '127.0.0.1', ...env });
  const started = Date.now();
  for (;;) {
    const m = /health:\s+(http:\/\/[\d.:]+)\/healthz/.exec(c.output());
    if (m) return { ...c, url: m[1]! };
    if (c.child.exitCode !== null) throw new Error(`the server exited (${c.child.exitCode}): ${c.output()}`);
    if (Date.now() - started > ms) {
      c.child.kill('SIGKILL');
      throw new Error(`the server did not start within ${ms} ms: ${c.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
