/**
 * One clock for business decisions (shared/clock.ts): no server file reads the machine's time for a business decision.
 * The files below may read it, each for the reason given (elapsed time, leases, security expiry, protocol
 * timestamps, records kept on the database's clock). A new file that reads `new Date()` / `Date.now()` fails here:
 * take the clock from its dependencies instead (or, for elapsed time, add it here with the reason).
 * `todayShanghai` takes an instant (no default), so "today" can only come from a clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

const MACHINE_TIME_ALLOWED: Record<string, string> = {
  'shared/clock.ts': 'the clock itself',
  'console/broadcasts.ts': 'fan-out progress times of a broadcast (how long sending took)',
  'console/desk.ts': 'claim leases and how long items have waited (elapsed time against the database’s stamps)',
  'content/editor/articles.ts': 'publication instants, compared with the database’s now() by the public lists',
  'content/editor/forms.ts': 'publication instants, compared with the database’s now() by the public lists',
  'staff/users.ts': 'staff lock-out expiry (security, elapsed time)',
  'db/data-lock.ts': 'when a process took the data folder (shown to a second process that is refused)',
  'identity/demo.ts': 'demo registration records',
  'identity/face.ts': 'FaceID BizToken expiry (security, elapsed time)',
  'identity/password-checks.ts': 'password lock-out expiry (security, elapsed time)',
  'identity/session-cache.ts': 'how long a session is remembered in memory',
  'identity/sessions.ts': 'session idle and absolute expiry (security, elapsed time)',
  'http/retry.ts': 'how long a retried request waits for the pool to reconnect (elapsed time)',
  'identity/store.ts': 'when passwords were set (security records)',
  'identity/tickets.ts': 'registration and reset ticket expiry (security, elapsed time)',
  'wechat/binding.ts': 'when a WeChat id was bound (a record)',
  'integrations/wechat-api.ts': 'access_token expiry (WeChat counts real seconds)',
  'notifications/service.ts': 'how long ago a message was written (its row’s time is the database’s)',
  'review/service.ts': 'claim leases and waiting time of a review item (elapsed time)',
  'staff/auth.ts': 'staff session expiry and lock-out (security, elapsed time)',
  'wechat/dispatcher.ts': 'the 5-second reply deadline of a push',
  'wechat/outbox/worker.ts': 'how often the outbox worker looks at saturation',
  'wechat/protocol/crypto.ts': 'the timestamp of an encrypted reply (WeChat checks real time)',
  'wechat/protocol/inbound.ts': 'the timestamp window of a signed push',
  'wechat/protocol/reply.ts': 'CreateTime of a reply',
  'wechat/protocol/signature.ts': 'the timestamp window of a signature',
  'wechat/push-log.ts': 'waiting for another instance’s answer to a repeated push',
  'withdrawals/cards.ts': 'when a bank card was unbound (a record)',
  'core/builtin/business.ts': 'when the core finished a business (the core’s own record, on its own machine: the emulator’s)',
  'core/builtin/events.ts': 'when an event happened at the core (the core’s own record, on its own machine: the emulator’s)',
  'core/external/cache.ts': 'how long a member read is remembered in memory (elapsed time)',
  'core/external/signing.ts': 'the timestamp window of a signature between the product and the core (real time on both sides)',
};

/** `new Date()` without an argument, or `Date.now()`, outside comments. */
const MACHINE_TIME = /new Date\(\s*\)|Date\.now\(\s*\)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'emulators' ? [] : sourceFiles(p); // the emulators stand in for WeChat's and Tencent's servers
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const withoutComments = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');

test('no server file reads the machine’s time for a business decision: it takes the server’s clock', () => {
  const offenders = sourceFiles(SRC)
    .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
    .filter((rel) => !(rel in MACHINE_TIME_ALLOWED))
    .filter((rel) => MACHINE_TIME.test(withoutComments(readFileSync(path.join(SRC, rel), 'utf8'))));
  assert.deepEqual(offenders, [], 'use the Clock handed to the capability (clock.now() / clock.today())');
});

test('every file allowed the machine’s time still uses it (the list does not go stale)', () => {
  const stale = Object.keys(MACHINE_TIME_ALLOWED)
    .filter((rel) => rel !== 'shared/clock.ts')
    .filter((rel) => !MACHINE_TIME.test(withoutComments(readFileSync(path.join(SRC, rel), 'utf8'))));
  assert.deepEqual(stale, []);
});

test('the check finds what it looks for', () => {
  assert.ok(MACHINE_TIME.test(withoutComments('const t = new Date();')));
  assert.ok(MACHINE_TIME.test(withoutComments('if (Date.now() > x) {}')));
  assert.ok(!MACHINE_TIME.test(withoutComments('const t = new Date(at.getTime() + 1);')));
  assert.ok(!MACHINE_TIME.test(withoutComments('// a comment about new Date()')));
});
