#!/usr/bin/env node
/**
 * The layout check of the rendered pages (issue 19), in Debian's chromium at 750 px wide, where 1 px is 1 rpx as
 * snapshot.js writes them. For each page, given its HTML in normal and in 长辈模式, it reports:
 *  - anything tappable (data-hit, which render.js puts on every tag with a tap handler) or typed into with a hit area
 *    under 88 × 88 rpx;
 *  - a label of up to eight characters (an element whose whole text it is: tiles, tabs, buttons, captions, badges)
 *    that breaks onto a second line, and an input whose text or placeholder does not fit on its one line;
 *  - text or controls reaching past the 750 rpx width;
 *  - in 长辈模式, a button (font and height) or text under 36 rpx that is not at least 1.3 × its normal size.
 *
 *   node test/support/layout-check.js pages.json   # [{ name, normal, elder }] of HTML paths; prints the problems (JSON)
 */
const fs = require('fs')
const os = require('os')
const path = require('path')

const CHROMIUM = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p))
const WIDTH = 750
const MIN_HIT = 88
const SHORT_LABEL = 8
const ELDER_SCALE = 1.3
/** Text at this size or larger (amounts, headings) is big already; elder mode need not grow it by 1.3. */
const LARGE_TEXT = 36

/** Runs in the page: what the rules need, measured by the browser's layout. */
function measure({ width, minHit, shortLabel }) {
  const rect = (el) => el.getBoundingClientRect()
  const shown = (el) => {
    const r = rect(el)
    if (r.width === 0 && r.height === 0) return false
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e)
      if (cs.display === 'none' || cs.visibility === 'hidden') return false
    }
    return true
  }
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim()
  const nameOf = (el) =>
    clean(el.textContent).slice(0, 24) || (el.id ? `#${el.id}` : el.tagName.toLowerCase() + '.' + String(el.className).trim().split(/\s+/)[0])
  /** Distinct lines a text node occupies. */
  const lines = (node) => {
    const range = document.createRange()
    range.selectNodeContents(node)
    const tops = [...range.getClientRects()]
      .filter((r) => r.width > 0)
      .map((r) => r.top)
      .sort((a, b) => a - b)
    let n = 0
    let last = -Infinity
    for (const t of tops) {
      if (t - last > 4) n++
      last = t
    }
    return n
  }
  const texts = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement
    const t = clean(node.nodeValue)
    if (!t || !el || el.closest('script, style') || !shown(el)) continue
    texts.push({ node, el, t })
  }

  const small = []
  for (const el of document.querySelectorAll('[data-hit], wx-input, wx-textarea')) {
    if (!shown(el)) continue
    const r = rect(el)
    if (r.width < minHit - 0.5 || r.height < minHit - 0.5) small.push(`${nameOf(el)} ${Math.round(r.width)}×${Math.round(r.height)}`)
  }

  const wraps = []
  for (const { node, el, t } of texts) {
    const input = el.closest('wx-input')
    if (input) {
      if (lines(node) > 1) wraps.push(`input «${t}» does not fit on its line`)
      continue
    }
    if ([...t].length > shortLabel || clean(el.textContent) !== t) continue
    if (lines(node) > 1) wraps.push(`«${t}»`)
  }

  const overflow = []
  const scrolls = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) if (/auto|scroll/.test(getComputedStyle(e).overflowX)) return true
    return false
  }
  if (document.documentElement.scrollWidth > width + 0.5) overflow.push(`the page is ${document.documentElement.scrollWidth} wide`)
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('script, style') || !shown(el)) continue
    const r = rect(el)
    if (r.right <= width + 0.5 && r.left >= -0.5) continue
    const p = el.parentElement
    if (p && p !== document.body) {
      const pr = rect(p)
      if (pr.right > width + 0.5 || pr.left < -0.5) continue // report the outermost only
    }
    if (!clean(el.textContent) && !el.matches('[data-hit], wx-input, wx-textarea')) continue // decoration
    if (scrolls(el)) continue // a row that scrolls sideways (scroll-view scroll-x)
    overflow.push(`${nameOf(el)} spans ${Math.round(r.left)}–${Math.round(r.right)}`)
  }

  // Sizes to compare between the modes, keyed by text (the n-th occurrence of the same text).
  const seen = {}
  const key = (t) => {
    seen[t] = (seen[t] || 0) + 1
    return `${t}#${seen[t]}`
  }
  const sizes = {}
  for (const { el, t } of texts) sizes[key(t.slice(0, 40))] = parseFloat(getComputedStyle(el).fontSize)
  const buttons = {}
  for (const b of document.querySelectorAll('wx-button')) {
    if (!shown(b)) continue
    buttons[key(`button ${nameOf(b)}`)] = { font: parseFloat(getComputedStyle(b).fontSize), height: rect(b).height }
  }
  return { small, wraps, overflow, sizes, buttons }
}

/** What the elder page fails to enlarge. */
function elderProblems(normal, elder) {
  const out = []
  const short = (r) => Math.round(r * 100) / 100
  for (const [k, n] of Object.entries(normal.buttons)) {
    const e = elder.buttons[k]
    if (!e) continue
    const label = k.replace(/^button /, '').replace(/#\d+$/, '')
    if (e.font < n.font * ELDER_SCALE - 0.01) out.push(`button «${label}» font ${n.font} → ${e.font} (×${short(e.font / n.font)})`)
    if (e.height < n.height * ELDER_SCALE - 0.5) out.push(`button «${label}» height ${n.height} → ${e.height} (×${short(e.height / n.height)})`)
  }
  for (const [k, n] of Object.entries(normal.sizes)) {
    const e = elder.sizes[k]
    if (e === undefined || n >= LARGE_TEXT || k.startsWith('button ')) continue
    if (e < n * ELDER_SCALE - 0.01) out.push(`text «${k.replace(/#\d+$/, '')}» ${n} → ${e} (×${short(e / n)})`)
  }
  return out
}

async function check(pages) {
  if (!CHROMIUM) throw new Error('no chromium: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH)')
  const { chromium } = require('playwright-core')
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hpf-layout-'))
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
      '--allow-file-access-from-files',
    ],
    viewport: { width: WIDTH, height: 1334 },
    locale: 'zh-CN',
  })
  const problems = []
  try {
    const page = await context.newPage()
    const load = async (file) => {
      await page.goto(`file://${file}`)
      return page.evaluate(measure, { width: WIDTH, minHit: MIN_HIT, shortLabel: SHORT_LABEL })
    }
    for (const p of pages) {
      const modes = {}
      for (const mode of ['normal', 'elder']) {
        if (!p[mode]) continue
        const m = (modes[mode] = await load(p[mode]))
        const at = `${p.name}${mode === 'elder' ? ' (长辈模式)' : ''}`
        for (const s of m.small) problems.push(`${at}: hit area under ${MIN_HIT}×${MIN_HIT}: ${s}`)
        for (const w of m.wraps) problems.push(`${at}: wraps: ${w}`)
        for (const o of m.overflow) problems.push(`${at}: past ${WIDTH}: ${o}`)
      }
      if (modes.normal && modes.elder)
        for (const e of elderProblems(modes.normal, modes.elder)) problems.push(`${p.name} (长辈模式): under ×${ELDER_SCALE}: ${e}`)
    }
  } finally {
    await context.close()
    fs.rmSync(profile, { recursive: true, force: true })
  }
  return problems
}

module.exports = { check }

if (require.main === module) {
  check(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))).then(
    (problems) => process.stdout.write(JSON.stringify(problems)),
    (err) => {
      process.stderr.write(`${err.stack || err}\n`)
      process.exit(1)
    },
  )
}
