import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConfig } from '../src/config.js';
import { idNumberProblem } from '../src/shared/id-number.js';
import { namedMembers } from '../src/core/builtin/seed/people.js';
import { SEED_AS_OF } from './helpers/database.js';

const README = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

test('README starts with the two commands of a fresh machine', () => {
  const head = README.split('\n').slice(0, 20).join('\n');
  assert.match(head, /npm install && npm start/);
  assert.match(head, /npm test/);
});

test('README’s configuration table lists every variable the server reads', () => {
  for (const { name } of describeConfig()) assert.match(README, new RegExp(`\\| \`${name}\` \\|`), name);
});

test('README’s demo identities are the seeded people, with valid ID numbers', () => {
  const rows = [...README.matchAll(/^\| (\S+) \| (\d{17}[\dX]) \| (\d{11}) \|/gm)];
  const people = namedMembers(SEED_AS_OF);
  assert.equal(rows.length, people.length);
  for (const [, name, id, phone] of rows) {
    const p = people.find((x) => x.name === name);
    assert.ok(p, `${name} is seeded`);
    assert.equal(p.idNumber, id, name);
    assert.equal(p.phone, phone, name);
    assert.equal(idNumberProblem(id!), null);
  }
});

test('README’s layout table has a row for every folder of server/src, and only for those, in their order', () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
  const folders = readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const rows = [...README.matchAll(/^\| `server\/src\/([^/`]+)\/`/gm)].map((m) => m[1]!);
  assert.deepEqual(
    folders.filter((f) => !rows.includes(f)),
    [],
    'add a row to README’s “What is here” table',
  );
  assert.deepEqual(
    rows.filter((r) => !folders.includes(r)),
    [],
    'README’s “What is here” table names folders that are gone',
  );
  assert.deepEqual(rows, folders, 'one row per folder, in the folders’ (alphabetical) order');
});

test('the files and folders README’s layout table names inside server/src exist', () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
  const table = README.slice(README.indexOf('## What is here'), README.indexOf('## Configuration'));
  const named = [...table.matchAll(/^\| `server\/src\/([^/`]+)\/`[^|]*\| (.*) \|$/gm)].flatMap(([, folder, what]) =>
    [...what!.matchAll(/`([\w-]+(?:\/[\w.-]*)*(?:\.ts|\/))`/g)].map((m) => ({ folder: folder!, name: m[1]! })),
  );
  assert.ok(named.length > 5, 'the table names files');
  assert.deepEqual(
    // A name is the folder's own (`builtin/seed/`) or from server/src (`content/editor/`).
    named.filter(({ folder, name }) => !existsSync(path.join(src, folder, name)) && !existsSync(path.join(src, name))).map((n) => `${n.folder}: ${n.name}`),
    [],
    'README’s “What is here” table names files that are gone',
  );
});
