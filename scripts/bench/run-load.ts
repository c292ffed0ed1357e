import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';

export interface LoadResult { requestsPerSecond: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number; total: number }
export interface LoadSpec { url: string; tokens?: string[]; durationSeconds: number; connections: number; method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> }

const LOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load.ts');

/** Runs autocannon in a second process against 127.0.0.1 and returns its figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load generator exited ${code}`))));
  });
}

/** The baseline: a bare Koa handler answering "success", measured in the same run on the same machine. */
export async function bareKoa(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = 'success';
  });
  const server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const fmt = (r: LoadResult) => `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`;
