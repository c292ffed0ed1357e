/**
 * Writes a rendered page as an HTML file (its DOM + every WXSS simulate injected + app.wxss) under test-output/,
 * and, with SCREENSHOTS=1, a PNG of it from Debian's chromium at 750 px wide (1 rpx = 1 px, as simulate converts).
 * Canvas 2D charts are drawn in the browser with the app's own drawing code (utils/pie.ts).
 */
const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')
const { ROOT, renderComponent } = require('./render')
const { cachedOnDisk } = require('./transform')

const OUT = path.join(ROOT, 'test-output')
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p))

const BASE_CSS = `
html, body { margin: 0; width: 750px; }
wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-picker, wx-rich-text, wx-navigator, wx-label,
wx-radio-group, wx-checkbox-group, wx-cover-view, wx-movable-area, main, parent-wrapper { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; }
wx-input, wx-textarea { display: block; min-height: 1.4em; line-height: 1.4em; }
wx-input { display: flex; align-items: center; } /* WeChat centres an input's one line in its height */
wx-textarea { min-height: 150px; }
wx-canvas { display: inline-block; }
wx-page-meta { display: none; }
wx-button { display: block; }
wx-rich-text p { margin: 0 0 .8em; } wx-rich-text h3, wx-rich-text h4 { margin: .8em 0 .4em; }
wx-rich-text table { border-collapse: collapse; width: 100%; } wx-rich-text td, wx-rich-text th { border: 1px solid #e5e6eb; padding: 8px; }
`

/** rpx → px (1:1 at 750 wide) and `page` → body, as the WeChat runtime applies app.wxss. */
function appCss() {
  const css = fs.readFileSync(path.join(ROOT, 'app.wxss'), 'utf8')
  return css.replace(/(\d+(?:\.\d+)?)rpx/g, '$1px').replace(/(^|[\s,}])page(\s*[{,])/g, '$1body$2')
}

/** utils/pie.ts as a browser script (compiled once per version of the file: transform.js's cachedOnDisk). */
function pieJs() {
  const file = path.join(ROOT, 'utils/pie.ts')
  return cachedOnDisk('browser', file, fs.readFileSync(file, 'utf8'), (source) => {
    const ts = require('typescript')
    return ts
      .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.None, target: ts.ScriptTarget.ES2019 } })
      .outputText.replace(/^.*exports.*$/gm, '')
  })
}

function pieScript() {
  const js = pieJs()
  return `<script>${js}
document.querySelectorAll('canvas[data-slices]').forEach(function (c) {
  var w = c.clientWidth || 260, h = c.clientHeight || 260; c.width = w * 2; c.height = h * 2;
  var ctx = c.getContext('2d'); ctx.scale(2, 2);
  drawPie(ctx, w, h, JSON.parse(c.getAttribute('data-slices')), c.getAttribute('data-center') || '');
});
</script>`
}

/** The WXSS simulate injected for this render only (every page uses the same class prefix). */
const stylesOf = (comp) => {
  const el = document.getElementById(comp.simulateId)
  return el ? el.outerHTML : ''
}

function pageHtml(comp, opts) {
  let body = comp.dom.outerHTML
  // canvas: a real one, drawn by the app's drawing code
  body = body.replace(/<wx-canvas([^>]*)>(.*?)<\/wx-canvas>/g, (all, attrs) => {
    if (!/data-slices=/.test(attrs)) return all
    const cls = /class="([^"]*)"/.exec(attrs)
    return `<canvas${attrs.replace(/class="[^"]*"/, '')} class="${cls ? cls[1] : ''}"></canvas>`
  })
  // image paths of the package → files on disk
  body = body.replace(/url\(\/(assets\/[^)]+)\)/g, (_all, p) => `url(file://${path.join(ROOT, p)})`)
  const style = ((comp.data && comp.data.pageStyle) || '').replace(/(\d+(?:\.\d+)?)rpx/g, '$1px')
  const tabBar = opts.tabBar === undefined ? '' : tabBarHtml(opts.tabBar, comp.data && comp.data.elder)
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}</style><style>${appCss()}</style>
${stylesOf(comp)}</head><body style="${style}">${body}${tabBar}${pieScript()}</body></html>`
}

function tabBarHtml(selected, elder) {
  const bar = renderComponent('custom-tab-bar/index', {}, 'tab-bar')
  bar.setData({ selected, elder: !!elder })
  const html = stylesOf(bar) + bar.dom.outerHTML.replace(/src="\/(assets\/[^"]+)"/g, (_a, p) => `src="file://${path.join(ROOT, p)}"`)
  return html.replace(/url\(\/(assets\/[^)]+)\)/g, (_all, p) => `url(file://${path.join(ROOT, p)})`)
}

/**
 * Saves test-output/<name>.html (always) and <name>.png (SCREENSHOTS=1). `patch(dom)` may fill what simulate leaves
 * empty (rich-text nodes). Returns the paths written.
 */
function snapshot(comp, name, opts = {}) {
  fs.mkdirSync(OUT, { recursive: true })
  if (opts.patch) opts.patch(comp.dom)
  const html = path.join(OUT, `${name}.html`)
  fs.writeFileSync(html, pageHtml(comp, opts))
  const written = { html }
  if (process.env.SCREENSHOTS === '1' && CHROMIUM) {
    const png = path.join(OUT, `${name}.png`)
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--allow-file-access-from-files',
        `--screenshot=${png}`,
        `--window-size=750,${opts.height || 1334}`,
        '--virtual-time-budget=2000',
        `file://${html}`,
      ],
      { stdio: 'ignore', timeout: 60000 },
    )
    written.png = png
  }
  return written
}

module.exports = { snapshot }
