/**
 * A real browser for the staff console tests: playwright-core driving Debian's chromium (`apt-get install chromium`;
 * .ci/run installs it when missing), headless, with a fresh profile, no network beyond this machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = path.join(SERVER_DIR, 'test-output', 'console');

/** Builds server/console/dist when it is missing or older than its sources (fast when it is up to date). */
export function ensureConsoleBuilt(): void {
  const r = spawnSync(process.execPath, [path.join(SERVER_DIR, 'console', 'ensure-built.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:console failed');
}

export interface TestBrowser {
  context: BrowserContext;
  /** Every CSP violation and uncaught page error seen so far (a strict CSP must not break the console). */
  problems: string[];
  newPage(): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH)`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'hpf-chromium-'));
  rmSync(SCREENSHOTS, { recursive: true, force: true }); // this run's pictures only
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
        const at = m.location();
        problems.push(`${m.text()} (${page.url()} ${at.url}:${at.lineNumber})`);
      }
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  let n = 0;
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    async shot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${String(++n).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export { pngPicture } from './images.js';
