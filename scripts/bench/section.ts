/**
 * What a bench section is and the helpers sections share: a fresh database (PGlite in a temporary folder, or a
 * new PostgreSQL database when BENCH_DATABASE_URL is set), the server started in this process on it, the load
 * generator in a second process, and aligned printing of figures next to their targets.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { start, type RunningServer } from '../../server/src/main.js';
import type { PushLoadResult, PushLoadSpec } from './wechat-load.js';

export interface BenchSection {
  name: string;
  title: string;
  run(out: Report): Promise<void>;
}

export interface Report {
  /** One figure: label, value, and the target it is measured against (printed, never asserted). */
  figure(label: string, value: string, target?: string): void;
  note(text: string): void;
}

export function consoleReport(): Report {
  return {
    figure: (label, value, target) => process.stdout.write(`  ${label.padEnd(46)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}\n`),
    note: (text) => process.stdout.write(`  ${text}\n`),
  };
}

interface BenchDatabase {
  env: Record<string, string>;
  label: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one section; the server seeds the demo center into it on start. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpf-bench-'));
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    return { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, label: 'embedded PGlite', drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `bench_${randomBytes(5).toString('hex')}`;
  const q = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await q(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString(), DB_POOL_SIZE: '20' },
    label: `PostgreSQL (${url.host})`,
    drop: async () => {
      await q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const quiet = () => new Writable({ write: (_c, _e, cb) => cb() });

/** The real server in this process: sandbox mode, demo center seeded, logging at info as in production (lines discarded). */
export function startBenchServer(db: BenchDatabase, env: Record<string, string> = {}): Promise<RunningServer> {
  return start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', SEED_DEMO: 'auto', ...db.env, ...env }, { log: quiet() });
}

const PUSH_LOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wechat-load.ts');

/** Runs the WeChat push load generator in a second process and returns its figures. */
export function pushLoadFromSecondProcess(spec: PushLoadSpec): Promise<PushLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(PUSH_LOAD, [JSON.stringify(spec)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: PushLoadResult | undefined;
    child.on('message', (m) => (result = m as PushLoadResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
  });
}

export const fmt = {
  rate: (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`,
  ms: (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`,
  pct: (n: number) => `${(n * 100).toFixed(0)} %`,
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  n: (n: number) => n.toLocaleString('en-US'),
};

const EMULATOR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wechat-emulator.ts');

/** The WeChat emulator in a second process, reached over HTTP (its API and /__control/). */
export function emulatorInSecondProcess(options: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = fork(EMULATOR, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('message', (m) =>
      resolve({
        url: (m as { url: string }).url,
        close: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.disconnect();
          }),
      }),
    );
  });
}

/** A call to the emulator's control API. */
export async function control<T = unknown>(base: string, method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/__control${route}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`emulator control ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
