/**
 * Issue 8 as staff use it: the console at /console/ in a real browser (Debian's chromium through playwright-core)
 * against the real server with the demo center. Each step is checked on the member's side through the API, and
 * every page is saved as a screenshot under server/test-output/console/.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import type { Page } from 'playwright-core';
import { serveConsole } from '../src/console/static.js';
import { DEMO_STAFF_PASSWORD } from '../src/review/demo.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, pngPicture, type TestBrowser } from './helpers/browser.js';
import { auth, bindCard, confirm, decide, login, staffLogin, upload, withLuhn } from './workflow-helpers.js';

/**
 * What staff must never read (issue 20 point 4): ISO times, raw field keys, regexes, raw statuses, audit codes and
 * targets, JSON, developer words. Every page the tests open is scanned before its screenshot.
 */
const RAW_TEXT: [RegExp, string][] = [
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'an ISO time'],
  [/\b[a-z]+(?:[A-Z][a-z]+)+\b/, 'a camelCase field key'],
  [/\/\^|\$\//, 'a regular expression'],
  [/\b(?:in_review|hidden|published|draft|pending|returned|approved|rejected|submitted|replied|unclaimed)\b/, 'a raw status'],
  [/\b(?:review|content|staff|staff-users|broadcasts|complaint|community)\.[a-z-]+/, 'an audit action code'],
  [/\b(?:application|staff|complaint|broadcast|community-question|articles):\S/, 'a raw audit target'],
  [/\{"|":/, 'JSON'],
  [/\b(?:undefined|null|NaN|Invalid|Error)\b|\[object /, 'developer text'],
];
async function scanText(page: Page, name: string): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  for (const [re, what] of RAW_TEXT) {
    const m = re.exec(text);
    assert.equal(m, null, `${name} shows ${what}: …${m ? text.slice(Math.max(0, m.index - 40), m.index + 40) : ''}…`);
  }
}

const input = (page: Page, name: string) =>
  page.locator(`[data-test=${name}] input, input[data-test=${name}], [data-test=${name}] textarea, textarea[data-test=${name}]`).first();

/** Draft → every required photo (real pictures) → A9 → submit, as the mini-program does; returns the serial number. */
async function submitWithPictures(server: TestServer, token: string, form: Record<string, unknown>): Promise<string> {
  const app = (
    await server.json('/api/me/applications', { method: 'POST', headers: auth(token), json: { kind: 'subsistence', form, channel: 'mini-program' } })
  ).body;
  const colours: [number, number, number][] = [
    [66, 133, 244],
    [52, 168, 83],
    [251, 188, 5],
  ];
  for (const [i, c] of app.photoCategories.filter((x: { required: boolean }) => x.required).entries()) {
    const up = await upload(server, token, app.serialNo, c.key, pngPicture(colours[i % 3]!), 'image/png');
    assert.equal(up.status, 200, JSON.stringify(up.body));
  }
  const confirmationToken = await confirm(server, token, app);
  const submitted = await server.json(`/api/me/applications/${app.serialNo}/submit`, { method: 'POST', headers: auth(token), json: { confirmationToken } });
  assert.equal(submitted.body.status, 'in_review', JSON.stringify(submitted.body));
  return app.serialNo;
}

async function consoleLogin(page: Page, server: TestServer, username: string, password = DEMO_STAFF_PASSWORD) {
  await page.goto(`${server.url}/console/login`);
  await input(page, 'username').fill(username);
  await input(page, 'password').fill(password);
  await page.locator('[data-test=login-submit]').click();
}

describe('the staff console in a browser', () => {
  let server: TestServer;
  let browser: TestBrowser;
  /** Scans the page for developer text, then keeps its screenshot. */
  const see = async (page: Page, name: string) => {
    await scanText(page, name);
    await browser.shot(page, name);
  };
  let approveSerial: string;
  let returnSerial: string;
  let duanToken: string;
  let gaoToken: string;

  before(async () => {
    ensureConsoleBuilt();
    // 超时 after one hour at 初审 (the center's limit, REVIEW_OVERDUE_HOURS), 72 at 终审.
    [server, browser] = await Promise.all([
      startTestServer('pglite', { env: { REVIEW_OVERDUE_HOURS: '1', REVIEW_OVERDUE_HOURS_BY_NODE: 'final=72' } }),
      launchBrowser(),
    ]);
    duanToken = await login(server, 'duanDemei');
    await bindCard(server, duanToken, '段德梅', '6223691095740548', 'YNRCC');
    approveSerial = await submitWithPictures(server, duanToken, { subsistenceCertificateNo: 'DB-53', amountFen: 50_000 });
    gaoToken = await login(server, 'gaoZhenhua');
    await bindCard(server, gaoToken, '高振华', withLuhn('622202020011223399'), 'ICBC');
    returnSerial = await submitWithPictures(server, gaoToken, { subsistenceCertificateNo: 'DB-88', amountFen: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('login shows the server’s wrong-password message, then its 安全验证 question, and gets in with the answer', async () => {
    const page = await browser.newPage();
    await consoleLogin(page, server, 'fushen', 'wrong-password');
    await page.locator('[data-test=login-error]').getByText('用户名或密码错误').waitFor();
    await see(page, 'login-wrong-password');
    for (let i = 0; i < 4; i++) {
      await input(page, 'password').fill(`wrong-${i}`);
      await page.locator('[data-test=login-submit]').click();
      await page.waitForResponse((r) => r.url().endsWith('/api/staff/login'));
    }
    const label = await page.getByText(/安全验证：请计算：\d+ \+ \d+ = \?/).textContent();
    await see(page, 'login-challenge');
    const [, a, b] = /(\d+) \+ (\d+)/.exec(label ?? '')!;
    await input(page, 'password').fill('Review@2026');
    await input(page, 'challenge-answer').fill(String(Number(a) + Number(b)));
    await page.locator('[data-test=login-submit]').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.close();
  });

  test('a reviewer reads the photos large, must claim before deciding, confirms amount, card and node; the member sees it paid', async () => {
    const first = await browser.newPage();
    await consoleLogin(first, server, 'chushen');
    await first.locator('[data-test=who]').getByText('和晓梅（审核人员）').waitFor();
    await first.locator('[data-test=menu-review]').click();
    await first.locator(`[data-test=open-${approveSerial}]`).waitFor();
    await see(first, 'review-queue');
    await first.locator(`[data-test=open-${approveSerial}]`).click();
    await first.locator('[data-test=balance]').getByText('30,921.43 元').waitFor();
    await first.locator('[data-test=photo]').first().waitFor();
    assert.match((await first.locator('[data-test=photo]').first().getAttribute('src')) ?? '', /^blob:/, 'photos come through the authenticated URL as blobs');
    // The three required photos, each fetched with the staff session and shown as a decoded picture.
    await first.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-test=photo]')];
      return imgs.length === 3 && imgs.every((img) => img.complete && img.naturalWidth === 96);
    });
    // Not claimed yet: the decisions are off, and say why; the server refuses one all the same.
    assert.equal(await first.locator('[data-test=approve]').isDisabled(), true, '通过 needs the claim');
    await first.locator('[data-test=decision-blocked]').getByText('请先领取该申请，再作审批决定').waitFor();
    const unclaimed = await server.json(`/api/staff/applications/${approveSerial}/approve`, {
      method: 'POST',
      headers: auth(await staffLogin(server, 'chushen')),
      json: {},
    });
    assert.deepEqual([unclaimed.status, unclaimed.body.code], [409, 'CLAIM_REQUIRED']);
    // The rule check, rule by rule with its figures, and the member's earlier applications of the kind (none).
    const ruleRow = (rule: string) => first.locator('[data-test=rule-check] tr', { hasText: rule });
    await ruleRow('账户未销户').getByText('账户状态 正常，人员状态 正常').waitFor();
    await ruleRow('账户余额 > 0').getByText('账户余额 30,921.43 元').waitFor();
    await ruleRow('申请金额 ≤ 账户余额').getByText('500.00 元 < 30,921.43 元').waitFor();
    assert.deepEqual(
      await first.locator('[data-test=rule-check] tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-test^=rule-]')?.textContent?.trim())),
      ['✓ 符合', '✓ 符合', '✓ 符合', '✓ 符合'],
      'every rule of 享受低保 with its result',
    );
    await first.locator('[data-test=rule-figures]').getByText('账户余额').waitFor();
    await first.locator('[data-test=previous-none]').waitFor();
    await see(first, 'application');

    // The evidence viewer: large, zoomed, rotated, stepped through, beside the fields it proves.
    await first.locator('[data-test=photo]').first().click();
    const viewer = first.locator('[data-test=viewer]');
    await viewer.locator('[data-test=viewer-img]').waitFor();
    // Large once the dialog has opened (it grows in with an animation): the 96 px picture at 480 px or more.
    await first.waitForFunction(() => document.querySelector('[data-test=viewer-img]')!.getBoundingClientRect().width >= 480);
    await viewer.locator('[data-test=viewer-fields]').getByText('低保证号').waitFor();
    await viewer.locator('[data-test=viewer-fields]').getByText('DB-53').waitFor();
    await viewer.locator('[data-test=viewer-fields]').getByText('500.00').waitFor();
    await viewer.locator('[data-test=viewer-zoom-in]').click();
    await viewer.locator('[data-test=viewer-zoom-in]').click();
    await viewer.locator('[data-test=viewer-scale]').getByText('156%').waitFor();
    await viewer.locator('[data-test=viewer-rotate]').click();
    // rotate(90deg) scale(1.5625) is matrix(0, 1.5625, -1.5625, 0, …) once the transition has run.
    await first.waitForFunction(() => {
      const m = /matrix\(([^,]+), ([^,]+)/.exec(getComputedStyle(document.querySelector('[data-test=viewer-img]')!).transform);
      return !!m && Math.abs(Number(m[1])) < 0.01 && Math.abs(Number(m[2]) - 1.5625) < 0.01;
    });
    await see(first, 'photo-viewer-zoomed');
    await viewer.locator('[data-test=viewer-next]').click();
    await viewer.locator('[data-test=viewer-position]').getByText('2 / 3').waitFor();
    await viewer.locator('[data-test=viewer-scale]').getByText('100%').waitFor();
    await first.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });

    await first.locator('[data-test=claim]').click();
    await first.locator('[data-test=claim-state]').getByText('您正在办理').waitFor();
    await input(first, 'opinion').fill('材料齐全');
    await first.locator('[data-test=approve]').click();
    const confirmBox = first.locator('[data-test=confirm-details]');
    await confirmBox.locator('[data-test=confirm-amount]').getByText('500.00 元').waitFor();
    assert.match(await confirmBox.locator('[data-test=confirm-card]').innerText(), /^\S+ 6223\s?\*+\s?0548$|^\S+ .*0548$/);
    await confirmBox.locator('[data-test=confirm-node]').getByText('初审（通过后进入终审）').waitFor();
    await see(first, 'application-confirm-approve');
    let mine = (await server.json(`/api/me/applications/${approveSerial}`, { headers: auth(duanToken) })).body;
    assert.equal(mine.currentNodeLabel, '初审', 'nothing is decided before the confirmation');
    await first.locator('[data-test=confirm] .t-dialog__footer').getByRole('button', { name: '确认通过' }).click();
    await first.locator('[data-test=app-notice]').getByText('已审批通过').waitFor();
    await see(first, 'application-approved-first');
    mine = (await server.json(`/api/me/applications/${approveSerial}`, { headers: auth(duanToken) })).body;
    assert.equal(mine.currentNodeLabel, '终审');
    // Now at 终审, which is not 和晓梅's node: her buttons are off and say so.
    await first.reload();
    await first.locator('[data-test=decision-blocked]').getByText('您无权办理终审环节').waitFor();
    assert.equal(await first.locator('[data-test=claim]').isDisabled(), true);

    // One browser profile shares one staff session between its tabs: the next person logs in after 和晓梅 logs out.
    await first.locator('[data-test=logout]').click();
    await consoleLogin(first, server, 'zhongshen');
    await first.locator('[data-test=who]').getByText('李春华（审核人员）').waitFor();
    await first.goto(`${server.url}/console/review/${approveSerial}`);
    await first.locator('[data-test=claim]').click();
    await first.locator('[data-test=approve]').click();
    await first.locator('[data-test=confirm-node]').getByText('终审（通过后办结并向收款账户付款）').waitFor();
    await first.locator('[data-test=confirm] .t-dialog__footer').getByRole('button', { name: '确认通过' }).click();
    await first.locator('[data-test=app-notice]').getByText('已审批通过').waitFor();
    await first.locator('[data-test=history]').getByText('银行付款', { exact: true }).waitFor();
    await see(first, 'application-paid');
    mine = (await server.json(`/api/me/applications/${approveSerial}`, { headers: auth(duanToken) })).body;
    assert.equal(mine.status, 'paid');
    assert.deepEqual(
      mine.history.slice(1, 3).map((h: any) => [h.node, h.handler, h.opinion]),
      [
        ['初审', '和晓梅', '材料齐全'],
        ['终审', '李春华', '同意'],
      ],
    );
    await first.locator('[data-test=logout]').click();
    await first.close();
  });

  test('the same person cannot decide a second node: the console says so before anyone clicks', async () => {
    const token = await login(server, 'zhangRuixia');
    await bindCard(server, token, '张瑞霞', withLuhn('622202020011224488'), 'ICBC');
    const serial = await submitWithPictures(server, token, { subsistenceCertificateNo: 'DB-12', amountFen: 20_000 });
    const all = await staffLogin(server, 'shenhe');
    assert.equal((await decide(server, all, serial, 'approve')).status, 200);
    const page = await browser.newPage();
    await consoleLogin(page, server, 'shenhe');
    await page.locator('[data-test=who]').waitFor();
    await page.goto(`${server.url}/console/review/${serial}`);
    await page.locator('[data-test=decision-blocked]').getByText('同一申请的不同审批节点须由不同人员办理').waitFor();
    assert.deepEqual(await Promise.all(['claim', 'approve', 'return', 'reject'].map((b) => page.locator(`[data-test=${b}]`).isDisabled())), [
      true,
      true,
      true,
      true,
    ]);
    await see(page, 'application-same-reviewer');
    const claimed = await server.json(`/api/staff/applications/${serial}/claim`, { method: 'POST', headers: auth(all) });
    assert.deepEqual([claimed.status, claimed.body.code], [409, 'SAME_REVIEWER'], 'the server refuses the claim the console does not offer');
    await page.locator('[data-test=logout]').click();
    await page.close();
  });

  test('the queue sorts, searches on Enter and refreshes when others claim; a second tab shares the session, which needs the CSRF token', async () => {
    const page = await browser.newPage();
    await consoleLogin(page, server, 'chushen');
    await page.locator('[data-test=who]').waitFor();
    const [cookie] = (await browser.context.cookies(`${server.url}/api/staff/meta`)).filter((c) => c.name === 'hpf_staff');
    assert.ok(cookie, 'the session is a cookie');
    assert.deepEqual([cookie.httpOnly, cookie.secure, cookie.sameSite, cookie.path], [true, true, 'Strict', '/api/staff']);
    assert.equal(
      await page.evaluate(() => document.cookie.includes('hpf_staff') || JSON.stringify(sessionStorage).includes('hpfst_')),
      false,
      'no script can read the session',
    );

    // An item that has waited two hours at 初审 is past the configured one-hour limit: 超时, and the summary says the limit.
    await server.database.query(`UPDATE applications SET updated_at = now() - interval '2 hours' WHERE serial_no = $1`, [returnSerial]);
    // A new tab opens the queue without logging in again.
    const tab = await browser.newPage();
    await tab.goto(`${server.url}/console/review`);
    await tab.locator(`[data-test=open-${returnSerial}]`).waitFor();
    const overdueRow = tab.locator('[data-test=queue] tbody tr', { has: tab.locator(`[data-test=open-${returnSerial}]`) });
    await overdueRow.locator('[data-test=overdue]').getByText('超时').waitFor();
    assert.equal(await overdueRow.locator('[data-test=overdue]').getAttribute('title'), '在本环节等待超过 1 小时');
    await tab.locator('[data-test=queue-summary]').getByText('（在本环节等待超过 1 小时）').waitFor();
    assert.equal(await tab.locator('[data-test=queue] tbody [data-test=overdue]').count(), 1, 'items younger than the limit are not marked');
    await see(tab, 'review-queue-overdue');
    await page.goto(`${server.url}/console/`);
    await page.locator('[data-test=desk-waiting]').getByText('1 件超过 1 小时').waitFor();
    assert.equal(new URL(tab.url()).pathname, '/console/review');
    // The cookie alone does not change anything: a change needs the session's CSRF token.
    const forged = await tab.evaluate(async (serial) => {
      const r = await fetch(`/api/staff/applications/${serial}/claim`, { method: 'POST' });
      return [r.status, (await r.json()).code];
    }, returnSerial);
    assert.deepEqual(forged, [403, 'STAFF_CSRF_FAILED']);

    // Sorted by amount, largest first, on the server.
    const sortedAnswer = tab.waitForResponse((r) => r.url().includes('/api/staff/review/queue') && r.url().includes('sort=amount&order=desc'));
    await tab.locator('[data-test=queue] th[data-colkey=amountFen] .t-table-sort-desc').first().click();
    await sortedAnswer;
    await tab
      .locator('[data-test=queue] .t-table__loading, [data-test=queue] .t-loading')
      .first()
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
    const amounts = (await tab.locator('[data-test=queue] tbody [data-test=amount]').allInnerTexts()).map((t) => Number(t.replace(/[,\s]/g, '')));
    assert.ok(amounts.length > 0 && amounts.every((x, i) => i === 0 || x <= amounts[i - 1]!), `largest first: ${amounts}`);
    await tab
      .locator('[data-test=queue-summary]')
      .getByText(/共 \d+ 件待审/)
      .waitFor();

    // Enter searches.
    await input(tab, 'filter-serial').fill(returnSerial);
    const searched = tab.waitForResponse((r) => r.url().includes(`serialNo=${returnSerial}`));
    await input(tab, 'filter-serial').press('Enter');
    await searched;
    await tab.locator('[data-test=queue-summary]').getByText('共 1 件待审').waitFor();

    // Someone else claims it; the queue shows it when the tab is shown again, without a reload.
    const other = await staffLogin(server, 'shenhe');
    assert.equal((await server.json(`/api/staff/applications/${returnSerial}/claim`, { method: 'POST', headers: auth(other) })).status, 200);
    await tab.evaluate(() => window.dispatchEvent(new Event('focus')));
    await tab.locator(`[data-test=claimed-${returnSerial}]`).getByText('赵文斌 办理中').waitFor();
    await see(tab, 'review-queue-refreshed');
    await tab.close();

    // A rule that no longer holds is shown failing, with the figure behind it.
    await server.database.query(`UPDATE fund_accounts SET status = 'closed' WHERE member_id = (SELECT member_id FROM applications WHERE serial_no = $1)`, [
      returnSerial,
    ]);
    await page.goto(`${server.url}/console/review/${returnSerial}`);
    const closedRow = page.locator('[data-test=rule-check] tr', { hasText: '账户未销户' });
    await closedRow.getByText('账户状态 销户，人员状态 正常').waitFor();
    assert.equal((await closedRow.locator('[data-test=rule-fail]').textContent())?.trim(), '✗ 不符合');
    await see(page, 'application-rule-failing');
    await server.database.query(`UPDATE fund_accounts SET status = 'normal' WHERE member_id = (SELECT member_id FROM applications WHERE serial_no = $1)`, [
      returnSerial,
    ]);
    await page.reload();
    await page.locator('[data-test=claim-state]').getByText('赵文斌 正在办理，您暂不能办理').waitFor();
    assert.equal(await page.locator('[data-test=return]').isDisabled(), true);
    await page.locator('[data-test=decision-blocked]').getByText('该申请已由赵文斌领取办理').waitFor();
    await see(page, 'application-claimed-by-other');
    await page.close();
  });

  test('an expired session asks for the password in place and the typed 退回 reason survives; an error stays until read', async () => {
    const other = await staffLogin(server, 'shenhe');
    await server.json(`/api/staff/applications/${returnSerial}/release`, { method: 'POST', headers: auth(other) });
    const page = await browser.newPage();
    await consoleLogin(page, server, 'chushen');
    await page.locator('[data-test=who]').waitFor();
    await page.goto(`${server.url}/console/review/${returnSerial}`);
    await page.locator('[data-test=claim]').click();
    await page.locator('[data-test=claim-state]').getByText('您正在办理').waitFor();
    await page.locator('[data-test=return]').click();
    await page.locator('[data-test=app-error]').getByText('请填写退回原因').waitFor();
    const reason = '低保证明照片不清晰，请重新上传';
    await input(page, 'opinion').fill(reason);

    // The session ends (as after a working day) while the reason is typed.
    await server.database.query('UPDATE staff_sessions SET revoked_at = now() WHERE revoked_at IS NULL');
    await page.locator('[data-test=return]').click();
    await page.locator('[data-test=confirm] .t-dialog__footer').getByRole('button', { name: '确认退回修改' }).click();
    await page.locator('[data-test=relogin]').getByText('请重新输入密码').waitFor();
    await page.locator('[data-test=app-error]').getByText('登录已失效，请重新登录后再操作；您填写的内容已保留').waitFor();
    await see(page, 'session-expired-relogin');
    await input(page, 'relogin-password').fill(DEMO_STAFF_PASSWORD);
    await page.locator('[data-test=relogin-submit]').click();
    await page.locator('[data-test=relogin]').waitFor({ state: 'hidden' });
    assert.equal(await input(page, 'opinion').inputValue(), reason, 'the typed reason is still there after the re-login');
    // …and after a reload of the page, too.
    await page.reload();
    await page.locator('[data-test=claim-state]').getByText('您正在办理').waitFor();
    assert.equal(await input(page, 'opinion').inputValue(), reason);
    // The error stays until it is read and closed.
    await page.locator('[data-test=return]').click();
    await page.locator('[data-test=confirm] .t-dialog__footer').getByRole('button', { name: '确认退回修改' }).click();
    await page.locator('[data-test=app-notice]').getByText('已退回申请人修改').waitFor();
    await see(page, 'application-returned');
    const mine = (await server.json(`/api/me/applications/${returnSerial}`, { headers: auth(gaoToken) })).body;
    assert.deepEqual([mine.status, mine.returnReason], ['returned', reason]);
    assert.equal(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('hpf-console-opinion-')).length),
      0,
      'the draft is gone once decided',
    );
    await page.locator('[data-test=logout]').click();
    await page.close();
  });

  test('a content editor writes an article with the rich-text editor and publishes it; members read it sanitized', async () => {
    const page = await browser.newPage();
    await consoleLogin(page, server, 'bianji');
    await page.locator('[data-test=who]').getByText('周雪梅（内容编辑）').waitFor();
    assert.deepEqual(await page.locator('[data-test=menu] .t-menu__item').allInnerTexts(), ['首页', '内容管理', '消息群发']);
    await page.locator('[data-test=menu-content]').click();
    await page.locator('[data-test=content-table]').waitFor();
    await see(page, 'content-articles');
    await page.locator('[data-test=content-new]').click();
    const title = '关于调整住房公积金缴存基数的通知';
    await input(page, 'field-title').fill(title);
    const editor = page.locator('[data-test=rte]');
    await editor.click();
    await page.keyboard.type('自2027年1月1日起，缴存基数按上年度月平均工资核定。');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.type('请各单位按时办理。');
    // What a paste from a web page can bring in: attributes and a script, which the server must drop.
    await editor.evaluate((el) => {
      el.insertAdjacentHTML('beforeend', '<p onclick="steal()" style="color:red">咨询电话 12329</p><script>steal()</script>');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // The console's CSP already refuses the pasted handler and style in the editor itself.
    await page.waitForFunction(() => true);
    const refused = browser.problems.splice(0).map((p) => /^(Executing inline event handler|Applying inline style)/.exec(p)?.[1] ?? p);
    assert.deepEqual(refused.sort(), ['Applying inline style', 'Executing inline event handler']);
    await see(page, 'content-article-editor');
    await page.locator('[data-test=content-save-publish]').click();
    await page.locator('[data-test=content-notice]').getByText(`已发布：${title}`).waitFor();
    await page.locator('[data-test=content-table]').getByText('已发布').first().waitFor();
    await see(page, 'content-article-published');
    const list = (await server.json(`/api/public/articles?q=${encodeURIComponent('缴存基数按上年度')}`)).body;
    assert.equal(list.items[0]?.title, title, JSON.stringify(list));
    const article = (await server.json(`/api/public/articles/${list.items[0].id}`)).body;
    assert.match(article.bodyHtml, /<strong>请各单位按时办理。<\/strong>|<b>请各单位按时办理。<\/b>/);
    assert.match(article.bodyHtml, /<p>咨询电话 12329<\/p>/);
    assert.doesNotMatch(article.bodyHtml, /onclick|style=|script|steal/);

    // Deleting a published article is refused (409); the reason stays on the page after the list reloads.
    const row = page.locator('[data-test=content-table] tbody tr', { hasText: title });
    await row.getByText('删除').click();
    const reloaded = page.waitForResponse((r) => r.url().includes('/api/staff/content/articles?') && r.request().method() === 'GET');
    await page.locator('.t-popconfirm').getByRole('button', { name: '确定' }).click();
    await reloaded;
    await page.locator('[data-test=content-error]').getByText('已发布').waitFor();
    await page.locator('[data-test=content-table] tbody tr').first().waitFor();
    assert.equal(await page.locator('[data-test=content-error]').isVisible(), true, 'the refusal is still there after the list reloaded');
    await see(page, 'content-delete-refused');
    await page.locator('[data-test=content-error] .t-alert__close').click();
    await page.locator('[data-test=content-error]').waitFor({ state: 'hidden' });

    // A page of another role says 无权限 instead of silently showing 首页.
    await page.goto(`${server.url}/console/review`);
    await page.locator('[data-test=forbidden]').getByText('无权访问该页面：业务审批').waitFor();
    await see(page, 'forbidden');
    await page.close();
  });

  test('a service agent claims a member’s complaint and replies; the member sees the reply', async () => {
    const member = await login(server, 'luQingyi');
    const filed = await server.json('/api/me/complaints', {
      method: 'POST',
      headers: auth(member),
      json: { kind: 'complaint', title: '提取到账慢', content: '上周申请的租房提取还没有到账，请帮忙查一下。' },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const page = await browser.newPage();
    await consoleLogin(page, server, 'kefu');
    await page.locator('[data-test=who]').getByText('陈晓燕（客服人员）').waitFor();
    await page.locator('[data-test=menu-complaints]').click();
    await page.locator(`[data-test=complaint-${filed.body.id}]`).waitFor();
    await see(page, 'complaints');
    await page.locator(`[data-test=complaint-${filed.body.id}]`).click();
    await page.locator('[data-test=complaint-claim]').click();
    await page.locator('[data-test=complaint-claimed-by]').getByText('陈晓燕').waitFor();
    const answer = '您好，您的提取已于今日划款，预计1个工作日内到账。';
    await input(page, 'complaint-reply').fill(answer);
    await page.locator('[data-test=complaint-send]').click();
    await page.locator('[data-test=complaint-notice]').getByText('已答复，会员将收到通知').waitFor();
    await see(page, 'complaint-replied');
    const mine = (await server.json(`/api/me/complaints/${filed.body.id}`, { headers: auth(member) })).body;
    assert.deepEqual([mine.status, mine.reply?.content], ['replied', answer]);
    await page.close();
  });

  test('an administrator opens every page of the menu, each content resource included, without an error', async () => {
    const page = await browser.newPage();
    await consoleLogin(page, server, 'admin');
    await page.locator('[data-test=who]').getByText('系统管理员（系统管理员）').waitFor();
    const menu = await page.locator('[data-test=menu] .t-menu__item').allInnerTexts();
    assert.deepEqual(menu, ['首页', '业务审批', '内容管理', '消息群发', '投诉建议', '互动社区', '统计分析', '操作日志', '人员管理']);
    const visit = async (path: string, ready: string, name: string) => {
      await page.goto(`${server.url}/console/${path}`);
      await page.locator(ready).first().waitFor();
      await page
        .locator('.t-table__loading, .t-loading')
        .first()
        .waitFor({ state: 'hidden' })
        .catch(() => undefined);
      const alerts = await page.locator('.t-alert--error').allInnerTexts();
      assert.deepEqual(alerts, [], `${path}: ${alerts.join(' ')}`);
      await see(page, name);
    };
    for (const [resource, text] of [
      ['housing-projects', '楼盘'],
      ['outlets', '网点'],
      ['faqs', '问题'],
      ['forms', '名称'],
      ['rates', '年利率'],
      ['agreements', '版本'],
    ]) {
      await visit(`content/${resource}`, `[data-test=content-table] th:has-text("${text}")`, `content-${resource}`);
      assert.ok((await page.locator('[data-test=content-table] tbody tr').count()) > 0, `${resource} lists the demo content`);
    }
    await visit('community', '[data-test=community] tbody tr', 'community');
    // ECharts draws each chart once the figures are in (a loading veil until then).
    await visit('stats', '[data-test=chart-kinds] .echart[aria-busy=false] svg text:has-text("享受低保")', 'stats');
    // Readable axes (round steps, not only 0 and the maximum), 失败 in red, and an Excel export of the same range.
    // Three applications of one kind: the value axis reads 0 1 2 3 4, not only 0 and 3.
    const numbers = async (chart: string) => (await page.locator(`[data-test=${chart}] svg text`).allTextContents()).filter((t) => /^\d+$/.test(t)).map(Number);
    assert.deepEqual(
      (await numbers('chart-kinds')).sort((a, b) => a - b),
      [0, 1, 2, 3, 4],
    );
    assert.ok((await numbers('chart-applications')).filter((n) => n <= 4).length >= 4, 'the daily chart has several ticks too');
    const colours = Object.fromEntries(
      (await page.locator('[data-test=chart-pushes] .echart').getAttribute('data-series'))!.split(',').map((p) => p.split(':')),
    );
    assert.deepEqual(colours, { 成功: '#2ba471', 失败: '#d54941' }, '成功 green, 失败 red');
    assert.ok((await page.locator('[data-test=chart-pushes] svg path[stroke="#d54941"]').count()) > 0, 'the 失败 line is drawn in red');
    const download = page.waitForEvent('download');
    await page.locator('[data-test=stats-export]').click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^统计-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.xlsx$/);
    const bytes = await readFile((await file.path())!);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx (zip) file');
    await visit('', '[data-test=desk]', 'home-admin');
    await visit('audit', '[data-test=audit] tbody tr', 'audit');
    assert.ok((await page.locator('[data-test=audit] tbody').getByText('和晓梅').count()) > 0, 'the reviewer’s decisions are in the audit log');
    // Filtered by the action's Chinese name.
    await input(page, 'audit-action').click();
    await page.locator('.t-select-option', { hasText: /^审批通过$/ }).click();
    const filtered = page.waitForResponse((r) => r.url().includes('/api/staff/audit?') && r.url().includes('action=review.approve'));
    await page.locator('[data-test=audit-search]').click();
    await filtered;
    await page.locator('[data-test=audit] tbody tr').first().waitFor();
    const actions = await page.locator('[data-test=audit] tbody [data-test=audit-action-label]').allInnerTexts();
    assert.ok(actions.length > 0 && actions.every((a) => a === '审批通过'), actions.join());
    await page.locator('[data-test=audit] tbody').getByText(`业务申请 ${approveSerial}`).first().waitFor();
    await page.locator('[data-test=audit] tbody').getByText('环节：初审；结果：审核中；意见：材料齐全').first().waitFor();
    await see(page, 'audit-filtered');
    // The page-size selector changes how many rows a page holds.
    await input(page, 'audit-action').hover();
    await page
      .locator('[data-test=audit-action] .t-input__suffix-clear, [data-test=audit-action] .t-select__right-icon-clear')
      .first()
      .click()
      .catch(() => undefined);
    await page.locator('[data-test=audit-search]').click();
    await page
      .locator('[data-test=pager] .t-pagination__total')
      .getByText(/共 \d+ (项|条)/)
      .waitFor();
    await page.locator('[data-test=pager] .t-select').click();
    const resized = page.waitForResponse((r) => r.url().includes('/api/staff/audit?') && r.url().includes('pageSize=10'));
    await page.locator('.t-select-option', { hasText: /^10 条\/页$/ }).click();
    await resized;
    await page.waitForFunction(() => document.querySelectorAll('[data-test=audit] tbody tr').length === 10);

    await visit('users', '[data-test=users] tbody tr', 'staff-users');
    await page.locator('[data-test=users] tbody').getByText('chushen').waitFor();
    assert.match(
      await page.locator('[data-test=users] tbody tr', { hasText: 'chushen' }).locator('[data-test=last-login]').innerText(),
      /^\d{4}-\d\d-\d\d \d\d:\d\d$/,
    );
    // Disabling an account asks first.
    await page.locator('[data-test=edit-user-kefu]').click();
    await page.locator('[data-test=user-active]').click();
    await page.locator('[data-test=user-save]').click();
    await page.locator('[data-test=confirm-disable]').getByText('将立即退出登录').waitFor();
    await see(page, 'staff-user-disable-confirm');
    assert.equal(
      (await server.json('/api/staff/login', { method: 'POST', json: { username: 'kefu', password: DEMO_STAFF_PASSWORD } })).status,
      200,
      'not disabled before the confirmation',
    );
    await page.locator('[data-test=confirm-disable] .t-dialog__footer').getByRole('button', { name: '停用' }).click();
    await page.locator('.t-alert--success').getByText('已停用：陈晓燕').waitFor();
    assert.equal((await server.json('/api/staff/login', { method: 'POST', json: { username: 'kefu', password: DEMO_STAFF_PASSWORD } })).status, 401);

    await visit('broadcasts', '[data-test=bc-title]', 'broadcasts');
    const title = '12月缴存基数调整提醒';
    await input(page, 'bc-title').fill(title);
    await input(page, 'bc-content').fill('2027年度缴存基数调整将于12月开始，请关注单位通知。');
    await page.locator('[data-test=bc-send]').click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.locator('[data-test=broadcasts] tbody').getByText(title).waitFor();
    await page
      .locator('[data-test=bc-progress]')
      .first()
      .getByText(/共 \d+ 位会员/)
      .waitFor();
    await see(page, 'broadcast-sent');
    const deadline = Date.now() + 20_000;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      const n = await server.json('/api/me/notifications?pageSize=50', { headers: auth(duanToken) });
      seen = JSON.stringify(n.body).includes(title);
      if (!seen) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(seen, 'the member has the broadcast among their notifications');
    await page.close();
  });

  test('staff routes refuse member tokens and member routes refuse staff tokens', async () => {
    const staff = await staffLogin(server, 'admin');
    for (const path of [
      '/api/staff/me',
      '/api/staff/review/queue',
      '/api/staff/meta',
      '/api/staff/content/articles',
      '/api/staff/complaints',
      '/api/staff/audit',
    ]) {
      const r = await server.json(path, { headers: auth(duanToken) });
      assert.deepEqual([r.status, r.body.code], [401, 'STAFF_UNAUTHENTICATED'], path);
    }
    for (const path of ['/api/me/account', '/api/me/applications', '/api/me/complaints', '/api/me/notifications']) {
      assert.equal((await server.json(path, { headers: auth(staff) })).status, 401, path);
    }
  });

  test('the server serves the built console: SPA fallback, long cache for hashed assets, a strict CSP', async () => {
    const page = await fetch(`${server.url}/console/review/20261126000001`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    const html = await page.text();
    const script = /<script type="module" crossorigin src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    assert.doesNotMatch(html.replace(/<script[^>]*src=[^>]*><\/script>/g, ''), /<script/, 'no inline script');
    const asset = await fetch(server.url + script);
    assert.deepEqual([asset.status, asset.headers.get('cache-control')], [200, 'public, max-age=31536000, immutable']);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await fetch(`${server.url}/console/assets/gone-1234.js`)).status, 404, 'a missing asset is not answered with the page');
    assert.equal((await fetch(`${server.url}/console/..%2f..%2fpackage.json`)).status, 404);
    const bare = await fetch(`${server.url}/console`, { redirect: 'manual' });
    assert.deepEqual([bare.status, bare.headers.get('location')], [302, '/console/']);
  });

  test('without a build the console answers a Chinese page that says how to build it', async () => {
    const app = new Koa();
    app.use(serveConsole(mkdtempSync(path.join(os.tmpdir(), 'hpf-no-console-'))));
    const http = app.listen(0, '127.0.0.1');
    await once(http, 'listening');
    try {
      const r = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/console/`);
      assert.equal(r.status, 503);
      assert.match(await r.text(), /工作人员后台尚未构建[\s\S]*npm run build:console/);
    } finally {
      http.close();
    }
  });

  test('the console keeps a strict CSP without breaking a page', () => {
    assert.deepEqual(browser.problems, []);
  });
});

describe('the staff console in a browser, with a center’s own core', () => {
  let server: TestServer;
  let browser: TestBrowser;
  before(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestServer('pglite', { core: 'external' }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the core’s reference data tabs list what the core has, say why it is read only, and open an item without a way to change it', async () => {
    const page = await browser.newPage();
    await consoleLogin(page, server, 'bianji');
    await page.locator('[data-test=who]').waitFor();
    for (const [resource, label, first] of [
      ['rates', '利率', (await server.coreEmulator!.system.listInterestRates()).map((r) => `${r.annualRatePercent}`)],
      ['outlets', '服务网点', (await server.coreEmulator!.system.listOutlets()).map((o) => o.name)],
      ['housing-projects', '楼盘', (await server.coreEmulator!.system.listHousingProjects()).map((p) => p.name)],
    ] as const) {
      await page.goto(`${server.url}/console/content/${resource}`);
      await page
        .locator('[data-test=content-read-only]')
        .getByText(`${label}由中心的核心业务系统维护，这里显示的是核心系统的数据；如需修改，请在核心业务系统中办理`)
        .waitFor();
      const rows = page.locator('[data-test=content-table] tbody tr');
      await rows.first().waitFor();
      const firstRow = await rows.first().innerText();
      assert.ok(
        first.some((text) => firstRow.includes(text)),
        `${resource}: the first row is one of the core’s (${firstRow})`,
      );
      assert.equal(await page.locator('[data-test=content-new]').count(), 0, `${resource}: nothing to create`);
      assert.equal(await rows.first().getByText('编辑').count(), 0, `${resource}: nothing to edit`);
      assert.equal(await rows.first().getByText('删除').count(), 0, `${resource}: nothing to delete`);
      assert.deepEqual(await page.locator('.t-alert--error').allInnerTexts(), [], `${resource}: no error`);
      await scanText(page, `content-${resource}-external-core`);
      await browser.shot(page, `content-${resource}-external-core`);

      await rows.first().getByText('查看').click();
      const form = page.locator('[data-test=content-form]');
      await form.waitFor();
      await page
        .locator('.t-drawer__header')
        .getByText(new RegExp(`^查看.*${label}$`))
        .waitFor(); // 查看签约楼盘: the tab's name
      assert.equal(await form.locator('[data-test=content-save]').count(), 0, `${resource}: no 保存 in the drawer`);
      const inputs = form.locator('input:not([type=file])');
      assert.ok((await inputs.count()) > 0);
      for (const input of await inputs.all()) assert.ok(await input.isDisabled(), `${resource}: every field read only`);
      const shown = await form.innerText();
      for (const hint of ['历史记录', '新增一条', '逗号分隔', 'GCJ-02'])
        assert.ok(!shown.includes(hint), `${resource}: no editing hint on a form that cannot be edited (${hint})`);
      assert.equal(await form.locator('.t-form__label--required').count(), 0, `${resource}: nothing marked required`);
      await scanText(page, `content-${resource}-external-core-item`);
      await browser.shot(page, `content-${resource}-external-core-item`);
      await form.locator('[data-test=content-close]').click();
      await form.waitFor({ state: 'detached' });
    }
    await page.goto(`${server.url}/console/content/articles`);
    await page.locator('[data-test=content-table] tbody tr').first().waitFor();
    assert.equal(await page.locator('[data-test=content-read-only]').count(), 0, 'the product’s own articles are edited here');
    assert.equal(await page.locator('[data-test=content-new]').count(), 1);
    assert.deepEqual(await page.locator('.t-alert--error').allInnerTexts(), []);
  });
});
