/**
 * The layout check that pages.test.js runs over every page (support/layout-check.js) catches what issue 19 names:
 * a page built to break each rule, and the same page done right.
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpf-layout-test-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A page in the shape snapshot.js writes (1 px = 1 rpx), its sizes in 长辈模式 or not. */
function page(name, { elder, good }) {
  const fs1 = elder ? (good ? 38 : 30) : 28
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; width: 750px; font-size: ${fs1}px; font-family: sans-serif; }
wx-view, wx-button { display: block; }
.tile { width: ${good ? 200 : 60}px; height: ${good ? 120 : 60}px; text-align: center; }
.link { display: inline-block; width: ${good ? 88 : 40}px; height: ${good ? 88 : 40}px; }
.wide { width: ${good ? 700 : 820}px; }
wx-button { height: ${elder && good ? 126 : 96}px; font-size: ${elder && good ? 42 : 32}px; }
</style></head><body>
<wx-view class="tile" data-hit="">常见问题</wx-view>
<wx-view class="link" data-hit="">更多</wx-view>
<wx-view class="wide">一行放不下的文字</wx-view>
<wx-button data-hit="">开始计算</wx-button>
<wx-view>正文</wx-view>
</body></html>`
  const file = path.join(dir, `${name}.html`)
  fs.writeFileSync(file, html)
  return file
}

const check = (good) => {
  const list = path.join(dir, `${good ? 'good' : 'bad'}.json`)
  const name = good ? 'good' : 'bad'
  fs.writeFileSync(list, JSON.stringify([{ name, normal: page(`${name}-n`, { elder: false, good }), elder: page(`${name}-e`, { elder: true, good }) }]))
  return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'support/layout-check.js'), list], { encoding: 'utf8', timeout: 120000 }))
}

it('reports small hit areas, wrapped short labels, overflow and elder sizes under 1.3 ×, and passes the page done right', () => {
  const problems = check(false)
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^bad: hit area under 88×88: 常见问题 60×/),
      'bad: hit area under 88×88: 更多 40×40',
      'bad: wraps: «常见问题»',
      expect.stringMatching(/^bad: past 750: 一行放不下的文字 spans 0–820/),
      'bad: past 750: the page is 820 wide',
      'bad (长辈模式): under ×1.3: button «开始计算» font 32 → 32 (×1)',
      'bad (长辈模式): under ×1.3: button «开始计算» height 96 → 96 (×1)',
      'bad (长辈模式): under ×1.3: text «正文» 28 → 30 (×1.07)',
    ]),
  )
  expect(check(true)).toEqual([])
})
