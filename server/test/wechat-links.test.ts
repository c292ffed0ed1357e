/**
 * The official account's links (menu, bot replies, notices, SMS) open mini-program pages: each must be a page
 * the mini-program has (miniprogram/app.json, main package or a subpackage), or WeChat opens nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MP_PAGES } from '../src/wechat/links.js';

const APP_JSON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../miniprogram/app.json');

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
}

test('every page the official account links to is a page of the mini-program (app.json)', () => {
  const app = JSON.parse(readFileSync(APP_JSON, 'utf8')) as AppJson;
  const pages = new Set([
    ...app.pages,
    ...(app.subPackages ?? app.subpackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/+$/, '')}/${page}`)),
  ]);
  const missing = Object.entries(MP_PAGES)
    .filter(([, p]) => !pages.has(p))
    .map(([name, p]) => `${name}: ${p}`);
  assert.deepEqual(missing, [], 'pages linked to but not in miniprogram/app.json');
});
