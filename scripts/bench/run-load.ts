import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
}
export interface LoadSpec {
  url: string;
  tokens?: string[];
  durationSeconds: number;
  connections: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

const LOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load.ts');

/**
 * BENCH_PIN (default on; 2+ cores, Linux with taskset): while a figure is measured, the load generator and
 * PostgreSQL's backends are kept off core 0, which the server then has to itself, as with the database on a
 * machine of its own. Unconfined, the one Node thread and twenty backends take turns on the same cores and the
 * scheduler's turns show as 40–100 ms outliers in p99 from run to run (PostgreSQL alone, pgbench, answers the
 * same kind of query at a p99 of 1.3 ms).
 */
const canPin = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2 && spawnSync('taskset', ['-V']).error === undefined;
const otherCores = os.cpus().length === 2 ? '1' : `1-${os.cpus().length - 1}`;
export const pinning = canPin ? `load generator and PostgreSQL confined to core ${otherCores}` : 'nothing confined';

/** Confines the database backends `pids` to the cores the load generator uses (a backend that just ended is no matter). */
export function confineBackends(pids: number[]): void {
  if (!canPin) return;
  for (const pid of pids) spawnSync('taskset', ['-p', '-c', otherCores, String(pid)], { stdio: 'ignore' });
}

/** A load generator's process, on the cores left to it when pinning. */
function spawnGenerator(command: string, args: string[]) {
  return canPin
    ? spawn('taskset', ['-c', otherCores, command, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** wrk (Debian's package) when installed and not BENCH_LOAD=autocannon. */
const useWrk = process.env.BENCH_LOAD !== 'autocannon' && spawnSync('wrk', ['--version']).error === undefined;
/** Which load generator the figures come from, for the report. */
export const loadGenerator = useWrk ? 'wrk (1 thread)' : 'autocannon';

/**
 * Runs the load from a second process against 127.0.0.1 and returns its figures: wrk when installed (C, about a
 * tenth of a core at these rates), else autocannon (Node: a quarter of a core or more, taken from the server on
 * this 2-core machine, and its own pauses count in the latencies it reports).
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return useWrk ? runWrk(spec) : runAutocannon(spec);
}

function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGenerator(process.execPath, ['--import', 'tsx', LOAD, JSON.stringify(spec)]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load generator exited ${code}`))));
  });
}

const lua = (v: string) => JSON.stringify(v); // a JSON string is a valid Lua string literal for these (ASCII) values

/** wrk with a script that rotates the bearer tokens like load.ts does; its --latency distribution read back. */
function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-wrk-'));
  const script = path.join(dir, 'load.lua');
  const headers = Object.entries(spec.headers ?? {})
    .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
    .join(', ');
  writeFileSync(
    script,
    `
local tokens = { ${(spec.tokens ?? []).map(lua).join(', ')} }
local i = 0
request = function()
  local h = { ${headers} }
  if #tokens > 0 then
    i = i + 1
    h["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1]
  end
  return wrk.format(${lua(spec.method ?? 'GET')}, nil, h, ${spec.body !== undefined ? lua(spec.body) : 'nil'})
end
`,
  );
  return new Promise((resolve, reject) => {
    const child = spawnGenerator('wrk', ['-t1', `-c${spec.connections}`, `-d${spec.durationSeconds}s`, '--latency', '-s', script, spec.url]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      try {
        resolve(parseWrk(out));
      } catch (err) {
        reject(err);
      }
    });
  });
}

const toMs = (value: string, unit: string) => Math.round(Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? NaN) * 10) / 10;

function parseWrk(out: string): LoadResult {
  const pct = (p: number) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`no ${p}% latency in wrk's output: ${out}`);
    return toMs(m[1]!, m[2]!);
  };
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: num(/^Requests\/sec:\s+([\d.]+)/m),
    p50: pct(50),
    p99: pct(99),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    errors: errors ? Number(errors[1]) + Number(errors[2]) + Number(errors[3]) : 0,
    timeouts: errors ? Number(errors[4]) : 0,
    total: num(/^\s*(\d+) requests in/m),
  };
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

export const fmt = (r: LoadResult) =>
  `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`;
