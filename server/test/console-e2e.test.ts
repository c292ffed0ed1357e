/**
 * Issue 8 as staff use it: the console at /console/ in a real browser (Debian's chromium through playwright-core)
 * against the real server with the demo center. Each step is checked on the member's side through the API, and
 * every page is saved as a screenshot under server/test-output/console/.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import type { Page } from 'playwright-core';
import { serveConsole } from '../src/console/static.js';
import { DEMO_STAFF_PASSWORD } from '../src/review/demo.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, pngPicture, type TestBrowser } from './helpers/browser.js';
import { auth, bindCard, confirm, login, staffLogin, upload, withLuhn } from './workflow-helpers.js';

const input = (page: Page, name: string) => page.locator(`[data-test=${name}] input, input[data-test=${name}], [data-test=${name}] textarea, textarea[data-test=${name}]`).first();

/** Draft → every required photo (real pictures) → A9 → submit, as the mini-program does; returns the serial number. */
async function submitWithPictures(server: TestServer, token: string, form: Record<string, unknown>): Promise<string> {
  const app = (await server.json('/api/me/applications', { method: 'POST', headers: auth(token), json: { kind: 'subsistence', form, channel: 'mini-program' } })).body;
  const colours: [number, number, number][] = [[66, 133, 244], [52, 168, 83], [251, 188, 5]];
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
  let approveSerial: string;
  let returnSerial: string;
  let duanToken: string;
  let gaoToken: string;

  before(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
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
    await browser.shot(page, 'login-wrong-password');
    for (let i = 0; i < 4; i++) {
      await input(page, 'password').fill(`wrong-${i}`);
      await page.locator('[data-test=login-submit]').click();
      await page.waitForResponse((r) => r.url().endsWith('/api/staff/login'));
    }
    const label = await page.getByText(/安全验证：请计算：\d+ \+ \d+ = \?/).textContent();
    await browser.shot(page, 'login-challenge');
    const [, a, b] = /(\d+) \+ (\d+)/.exec(label ?? '')!;
    await input(page, 'password').fill('Review@2026');
    await input(page, 'challenge-answer').fill(String(Number(a) + Number(b)));
    await page.locator('[data-test=login-submit]').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.close();
  });

  test('a reviewer approves one application at 初审, another 终审, and the member sees it paid', async () => {
    const first = await browser.newPage();
    await consoleLogin(first, server, 'chushen');
    await first.locator('[data-test=who]').getByText('和晓梅（审核人员）').waitFor();
    await first.locator('[data-test=menu-review]').click();
    await first.locator(`[data-test=open-${approveSerial}]`).waitFor();
    await browser.shot(first, 'review-queue');
    await first.locator(`[data-test=open-${approveSerial}]`).click();
    await first.locator('[data-test=balance]').getByText('30,921.43 元').waitFor();
    await first.locator('[data-test=photo]').first().waitFor();
    assert.match(await first.locator('[data-test=photo]').first().getAttribute('src') ?? '', /^blob:/, 'photos come through the authenticated URL as blobs');
    // The three required photos, each fetched with the staff token and shown as a decoded picture.
    await first.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-test=photo]')];
      return imgs.length === 3 && imgs.every((img) => img.complete && img.naturalWidth === 96);
    });
    await browser.shot(first, 'application');
    await first.locator('[data-test=claim]').click();
    await first.locator('[data-test=claim-state]').getByText('您正在办理').waitFor();
    await input(first, 'opinion').fill('材料齐全');
    await first.locator('[data-test=approve]').click();
    await first.locator('[data-test=app-notice]').getByText('已审批通过').waitFor();
    await browser.shot(first, 'application-approved-first');
    let mine = (await server.json(`/api/me/applications/${approveSerial}`, { headers: auth(duanToken) })).body;
    assert.equal(mine.currentNodeLabel, '终审');

    const final = await browser.newPage();
    await consoleLogin(final, server, 'zhongshen');
    await final.locator('[data-test=who]').waitFor();
    await final.goto(`${server.url}/console/review/${approveSerial}`);
    await final.locator('[data-test=approve]').click();
    await final.locator('[data-test=app-notice]').getByText('已审批通过').waitFor();
    await final.locator('[data-test=history]').getByText('银行付款', { exact: true }).waitFor();
    await browser.shot(final, 'application-paid');
    mine = (await server.json(`/api/me/applications/${approveSerial}`, { headers: auth(duanToken) })).body;
    assert.equal(mine.status, 'paid');
    assert.deepEqual(mine.history.slice(1, 3).map((h: any) => [h.node, h.handler, h.opinion]), [['初审', '和晓梅', '材料齐全'], ['终审', '李春华', '同意']]);
    await Promise.all([first.close(), final.close()]);
  });

  test('a claim by someone else is shown and blocks the decision; after release the reviewer returns it with a reason', async () => {
    const other = await staffLogin(server, 'shenhe');
    assert.equal((await server.json(`/api/staff/applications/${returnSerial}/claim`, { method: 'POST', headers: auth(other) })).status, 200);
    const page = await browser.newPage();
    await consoleLogin(page, server, 'chushen');
    await page.locator('[data-test=who]').waitFor();
    await page.goto(`${server.url}/console/review/${returnSerial}`);
    await page.locator('[data-test=claim-state]').getByText('赵文斌 正在办理，您暂不能办理').waitFor();
    assert.equal(await page.locator('[data-test=return]').isDisabled(), true);
    await browser.shot(page, 'application-claimed-by-other');
    await server.json(`/api/staff/applications/${returnSerial}/release`, { method: 'POST', headers: auth(other) });
    await page.reload();
    await page.locator('[data-test=claim]').click();
    await page.locator('[data-test=claim-state]').getByText('您正在办理').waitFor();
    await page.locator('[data-test=return]').click();
    await page.locator('[data-test=app-error]').getByText('请填写退回原因').waitFor();
    await input(page, 'opinion').fill('低保证明照片不清晰，请重新上传');
    await page.locator('[data-test=return]').click();
    await page.locator('[data-test=app-notice]').getByText('已退回申请人修改').waitFor();
    await browser.shot(page, 'application-returned');
    const mine = (await server.json(`/api/me/applications/${returnSerial}`, { headers: auth(gaoToken) })).body;
    assert.deepEqual([mine.status, mine.returnReason], ['returned', '低保证明照片不清晰，请重新上传']);
    await page.close();
  });

  test('a content editor writes an article with the rich-text editor and publishes it; members read it sanitized', async () => {
    const page = await browser.newPage();
    await consoleLogin(page, server, 'bianji');
    await page.locator('[data-test=who]').getByText('周雪梅（内容编辑）').waitFor();
    assert.deepEqual(await page.locator('[data-test=menu] .t-menu__item').allInnerTexts(), ['首页', '内容管理', '消息群发']);
    await page.locator('[data-test=menu-content]').click();
    await page.locator('[data-test=content-table]').waitFor();
    await browser.shot(page, 'content-articles');
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
    await browser.shot(page, 'content-article-editor');
    await page.locator('[data-test=content-save-publish]').click();
    await page.locator('[data-test=content-notice]').getByText(`已发布：${title}`).waitFor();
    await page.locator('[data-test=content-table]').getByText('已发布').first().waitFor();
    await browser.shot(page, 'content-article-published');
    const list = (await server.json(`/api/public/articles?q=${encodeURIComponent('缴存基数按上年度')}`)).body;
    assert.equal(list.items[0]?.title, title, JSON.stringify(list));
    const article = (await server.json(`/api/public/articles/${list.items[0].id}`)).body;
    assert.match(article.bodyHtml, /<strong>请各单位按时办理。<\/strong>|<b>请各单位按时办理。<\/b>/);
    assert.match(article.bodyHtml, /<p>咨询电话 12329<\/p>/);
    assert.doesNotMatch(article.bodyHtml, /onclick|style=|script|steal/);
    await page.close();
  });

  test('a service agent claims a member’s complaint and replies; the member sees the reply', async () => {
    const member = await login(server, 'luQingyi');
    const filed = await server.json('/api/me/complaints', {
      method: 'POST', headers: auth(member), json: { kind: 'complaint', title: '提取到账慢', content: '上周申请的租房提取还没有到账，请帮忙查一下。' },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const page = await browser.newPage();
    await consoleLogin(page, server, 'kefu');
    await page.locator('[data-test=who]').getByText('陈晓燕（客服人员）').waitFor();
    await page.locator('[data-test=menu-complaints]').click();
    await page.locator(`[data-test=complaint-${filed.body.id}]`).waitFor();
    await browser.shot(page, 'complaints');
    await page.locator(`[data-test=complaint-${filed.body.id}]`).click();
    await page.locator('[data-test=complaint-claim]').click();
    await page.locator('[data-test=complaint-claimed-by]').getByText('陈晓燕').waitFor();
    const answer = '您好，您的提取已于今日划款，预计1个工作日内到账。';
    await input(page, 'complaint-reply').fill(answer);
    await page.locator('[data-test=complaint-send]').click();
    await page.locator('[data-test=complaint-notice]').getByText('已答复，会员将收到通知').waitFor();
    await browser.shot(page, 'complaint-replied');
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
      await page.locator('.t-table__loading, .t-loading').first().waitFor({ state: 'hidden' }).catch(() => undefined);
      const alerts = await page.locator('.t-alert--error').allInnerTexts();
      assert.deepEqual(alerts, [], `${path}: ${alerts.join(' ')}`);
      await browser.shot(page, name);
    };
    for (const [resource, text] of [['housing-projects', '楼盘'], ['outlets', '网点'], ['faqs', '问题'], ['forms', '名称'], ['rates', '年利率'], ['agreements', '版本']]) {
      await visit(`content/${resource}`, `[data-test=content-table] th:has-text("${text}")`, `content-${resource}`);
      assert.ok(await page.locator('[data-test=content-table] tbody tr').count() > 0, `${resource} lists the demo content`);
    }
    await visit('community', '[data-test=community] tbody tr', 'community');
    await visit('stats', '[data-test=chart-applications] svg rect:not([height="0"])', 'stats');
    await visit('audit', '[data-test=audit] tbody tr', 'audit');
    assert.ok(await page.locator('[data-test=audit] tbody').getByText('和晓梅').count() > 0, 'the reviewer’s decisions are in the audit log');
    await visit('users', '[data-test=users] tbody tr', 'staff-users');
    await page.locator('[data-test=users] tbody').getByText('chushen').waitFor();

    await visit('broadcasts', '[data-test=bc-title]', 'broadcasts');
    const title = '12月缴存基数调整提醒';
    await input(page, 'bc-title').fill(title);
    await input(page, 'bc-content').fill('2027年度缴存基数调整将于12月开始，请关注单位通知。');
    await page.locator('[data-test=bc-send]').click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.locator('[data-test=broadcasts] tbody').getByText(title).waitFor();
    await page.locator('[data-test=bc-progress]').first().getByText(/共 \d+ 位会员/).waitFor();
    await browser.shot(page, 'broadcast-sent');
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
    for (const path of ['/api/staff/me', '/api/staff/review/queue', '/api/staff/meta', '/api/staff/content/articles', '/api/staff/complaints', '/api/staff/audit']) {
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
