/**
 * Renders a page or component with miniprogram-simulate the way the mini-program runs it: TDesign from
 * miniprogram_npm, our components by absolute path, page lifecycles (onLoad / onShow) called as WeChat would.
 */
const fs = require('fs')
const path = require('path')
const simulate = require('miniprogram-simulate')
const jComponent = require('j-component')
const { state } = require('./wx')

const ROOT = path.resolve(__dirname, '../..')
const { process: compile, cachedOnDisk } = require('./transform')

/**
 * simulate runs a component's JS with require() and then deletes it from require.cache, which jest ignores, so a
 * page rendered twice would not register again. Run the component file itself afresh each time instead; what it
 * imports (services, utils) stays in jest's registry, shared like modules in the mini-program.
 */
require('miniprogram-simulate/src/utils').runJs = (filePath) => {
  const file = ['.ts', '.js'].map((ext) => filePath + ext).find((f) => fs.existsSync(f))
  if (!file) throw new Error(`no script for ${filePath}`)
  const code = cachedOnDisk('component', file, fs.readFileSync(file, 'utf8'), (source) => compile(source, file).code)
  const dir = path.dirname(file)
  const localRequire = (id) => require(id.startsWith('.') ? path.resolve(dir, id) : id)
  const module = { exports: {} }
  new Function('require', 'module', 'exports', code)(localRequire, module, module.exports)
}

/** simulate compiles every component's WXSS (postcss, csso) at every render: the same input, kept on disk. */
const wxss = require('miniprogram-simulate/src/wxss')
const compileWxss = wxss.compile
const SIMULATE_VERSION = require('miniprogram-simulate/package.json').version
wxss.compile = (source, options = {}) => cachedOnDisk(`wxss ${SIMULATE_VERSION} ${JSON.stringify(options)}`, '', source, (s) => compileWxss(s, options))

/**
 * Marks every element that listens for a tap (ours and TDesign's) with data-hit, which the DOM keeps (event bindings
 * it does not), so the layout check (layout-check.js) finds everything a finger can aim at.
 */
const exparser = require('miniprogram-exparser')
const addListenerToElement = exparser.addListenerToElement
exparser.addListenerToElement = function (node, name, ...rest) {
  if (name === 'tap' && node && node.$$ && typeof node.$$.setAttribute === 'function') node.$$.setAttribute('data-hit', '')
  return addListenerToElement.call(this, node, name, ...rest)
}

/** t-xxx → /miniprogram_npm/tdesign-miniprogram/xxx/xxx, from every json of ours (simulate does not resolve npm names). */
function tdesignComponents() {
  const map = {}
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (entry.name.endsWith('.json')) {
        const json = JSON.parse(fs.readFileSync(p, 'utf8'))
        for (const [tag, ref] of Object.entries(json.usingComponents || {})) {
          if (String(ref).startsWith('tdesign-miniprogram/')) map[tag] = `/miniprogram_npm/${ref}`
        }
      }
    }
  }
  for (const d of ['pages', 'components', 'custom-tab-bar']) walk(path.join(ROOT, d))
  return map
}
const TDESIGN = tdesignComponents()

// Built-in components that show something in a screenshot (simulate renders them as empty slots).
const showText = "{{value ? (password ? '●●●●●●' : value) : placeholder}}"
jComponent.register({
  id: 'image',
  tagName: 'wx-image',
  properties: { src: String, mode: String },
  template: '<view style="width:100%;height:100%;background:url({{src}}) center / contain no-repeat"></view>',
})
for (const name of ['input', 'textarea']) {
  jComponent.register({
    id: name,
    tagName: `wx-${name}`,
    properties: { value: String, placeholder: String, password: Boolean, type: String, disabled: Boolean, maxlength: Number },
    template: `<view style="color:{{value ? 'inherit' : '#b8bec8'}};white-space:pre-wrap">${showText}</view>`,
  })
}

function renderComponent(relPath, props = {}, tagName = 'main') {
  const id = simulate.load(path.join(ROOT, relPath), tagName, { rootPath: ROOT, usingComponents: { ...TDESIGN } })
  const comp = simulate.render(id, props)
  comp.simulateId = id
  const parent = document.createElement('parent-wrapper')
  document.body.appendChild(parent)
  comp.attach(parent)
  return comp
}

/** Renders a page (route without leading slash, e.g. pages/mine/index/index) and runs onLoad(query) and onShow(). */
function renderPage(route, query = {}) {
  const comp = renderComponent(route)
  state.pages.push({ route, options: query, comp })
  if (typeof comp.instance.onLoad === 'function') comp.instance.onLoad(query)
  if (typeof comp.instance.onShow === 'function') comp.instance.onShow()
  comp.triggerPageLifeTime('show')
  return comp
}

/** Leaves every page (the stack getCurrentPages() answers with). */
function closePages() {
  for (const p of state.pages) {
    try {
      p.comp.detach()
    } catch {
      // already detached
    }
  }
  state.pages.length = 0
  document.body.innerHTML = ''
  document.head.innerHTML = ''
}

const SETTLE_MS = 15_000

/**
 * Waits until no request is in flight and the pages have applied what came back. The requests go to a real server,
 * which on a loaded machine may take seconds (a certificate's first PDF loads pdf-lib and the font), hence 15 s.
 */
async function settle() {
  const until = Date.now() + SETTLE_MS
  while (Date.now() < until) {
    await simulate.sleep(5)
    if (state.pending === 0) {
      await simulate.sleep(5)
      if (state.pending === 0) return
    }
  }
  throw new Error(`requests still pending after ${SETTLE_MS / 1000} s`)
}

/** The visible text of a rendered page, whitespace collapsed. */
const text = (comp) => comp.dom.textContent.replace(/\s+/g, ' ').trim()

/**
 * Where a finger lands on an element: itself, or for a component with a virtual host (TDesign's t-button has no
 * element of its own) the first element of its template, whose handler triggers the component's event.
 */
function hostOf(el) {
  if (el.dom) return el
  const inner = (el._exparserNode.shadowRoot.childNodes || []).find((n) => n.$$)
  if (!inner) throw new Error('the component renders no element to tap')
  return new el.constructor(inner)
}

/** Dispatches an event on the element with this id and lets the page handle it (j-component dispatches async). */
async function fire(comp, selector, type = 'tap', detail = {}) {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`no element ${selector}`)
  hostOf(el).dispatchEvent(type, { detail })
  await simulate.sleep(1)
}

module.exports = { ROOT, renderPage, renderComponent, closePages, settle, text, fire, simulate }
