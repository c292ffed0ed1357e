import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../src/main.js';
import { Writable } from 'node:stream';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');
const quiet = () => new Writable({ write: (_c, _e, cb) => cb() });

test('a first start on an empty folder seeds the demo center; a second start keeps the data', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-start-'));
  try {
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
    const first = await start(env, { log: quiet() });
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    const [before] = await first.database.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
    assert.ok(before!.n >= 40, 'demo members were created');
    await first.database.query(`UPDATE members SET address = '第一次启动后修改' WHERE id = 1`);
    await first.stop();

    const second = await start(env, { log: quiet() });
    const [after] = await second.database.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
    const [m] = await second.database.query<{ address: string }>('SELECT address FROM members WHERE id = 1');
    await second.stop();
    assert.equal(after!.n, before!.n, 'not seeded twice');
    assert.equal(m!.address, '第一次启动后修改', 'the data survived the restart');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM: new connections are refused, the request in flight completes, the process exits 0', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-term-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, SEED_DEMO: 'never', LOG_LEVEL: 'info', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 90_000);
    // A request whose body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ method: 'equal-principal', principalFen: 24000000, months: 240, annualRatePercent: 3.25 });
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    let response = '';
    sock.on('data', (d) => (response += d));
    const closed = new Promise((r) => sock.on('close', r));
    sock.write(
      `POST /api/public/tools/loan-calculator HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'new connections are refused while draining');
    sock.write(body.slice(20));
    await closed;
    assert.match(response, /^HTTP\/1\.1 200/);
    assert.match(response, /"principalFen":100000/, 'the in-flight calculation was answered in full');
    assert.equal(await exited, 0, out);
    assert.match(out, /shutdown complete/);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a DATABASE_URL that cannot be used: one line naming the variable (password hidden), exit code 2, no stack', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-badurl-'));
  try {
    const port = await freePort(); // nothing listens there
    const r = await run({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: `postgres://hpf:s3cret@127.0.0.1:${port}/hpf` });
    assert.equal(r.code, 2, r.out);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^not started: DATABASE_URL postgres://hpf:\\*\\*\\*@127\\.0\\.0\\.1:${port}/hpf cannot be used: connect ECONNREFUSED`));
    assert.doesNotMatch(r.out, /s3cret| {4}at |running/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a PORT already in use is reported, naming it, with exit code 4 before anything is migrated or seeded', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-busy-'));
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  const port = (taken.address() as net.AddressInfo).port;
  try {
    const r = await run({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: '' });
    assert.equal(r.code, 4, r.out);
    assert.equal(
      r.stderr.trim(),
      `not started: PORT ${port} on 127.0.0.1 is already in use (is another server running?): stop it, or set PORT to a free port.`,
    );
    assert.ok(!existsSync(path.join(dir, 'pglite')), 'the embedded database was not even created');
    assert.doesNotMatch(r.out, /migrations applied|seeded/);
  } finally {
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs the server's entry point as `npm start` would, until it exits. */
async function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => ((stderr += d), (out += d)));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stderr, out };
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error('timed out waiting for the server');
    await new Promise((r) => setTimeout(r, 200));
  }
}
