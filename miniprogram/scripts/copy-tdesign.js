#!/usr/bin/env node
/**
 * Copies the TDesign components the mini-program uses into miniprogram/miniprogram_npm/tdesign-miniprogram/,
 * as WeChat DevTools' "构建 npm" does (it copies the package's miniprogram_dist there). Only the components named in
 * our pages' and components' usingComponents are copied, with everything they reach: their own usingComponents,
 * the modules their JS imports, the WXSS they @import, the WXML/WXS they include, and the package's nested
 * miniprogram_npm (tslib, dayjs …). miniprogram_npm is git-ignored: `npm test` runs this first.
 *
 *   node scripts/copy-tdesign.js          copy (idempotent)
 *   node scripts/copy-tdesign.js --list   print the components found, copy nothing
 */
const fs = require('fs')
const path = require('path')

const ROOT = path.resolve(__dirname, '..')
const PREFIX = 'tdesign-miniprogram/'
const DIST = path.dirname(require.resolve('tdesign-miniprogram/package.json', { paths: [ROOT] })) + '/miniprogram_dist'
const TARGET = path.join(ROOT, 'miniprogram_npm', 'tdesign-miniprogram')

/** Every json under pages/, components/ and custom-tab-bar/, and app.json. */
function ourJsonFiles() {
  const out = [path.join(ROOT, 'app.json')]
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (entry.name.endsWith('.json')) out.push(p)
    }
  }
  for (const d of ['pages', 'components', 'custom-tab-bar']) walk(path.join(ROOT, d))
  return out
}

function usedComponents() {
  const used = new Set()
  for (const file of ourJsonFiles()) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'))
    const maps = [json.usingComponents || {}]
    for (const sub of json.subpackages || json.subPackages || []) maps.push(sub.usingComponents || {})
    for (const map of maps) {
      for (const ref of Object.values(map)) {
        if (typeof ref === 'string' && ref.startsWith(PREFIX)) used.add(ref.slice(PREFIX.length))
      }
    }
  }
  return [...used].sort()
}

/** Files (relative to DIST) reached from a component, found by following references. */
function closure(componentRefs) {
  const files = new Set()
  const packages = new Set()
  const queue = []
  const addFile = (rel) => {
    const norm = path.normalize(rel)
    if (norm.startsWith('..') || files.has(norm) || !fs.existsSync(path.join(DIST, norm))) return false
    files.add(norm)
    queue.push(norm)
    return true
  }
  const addModule = (relNoExt) => {
    for (const ext of ['.js', '/index.js']) if (addFile(relNoExt + ext)) return
  }
  const addComponent = (relNoExt) => {
    for (const ext of ['.js', '.json', '.wxml', '.wxss']) addFile(relNoExt + ext)
  }
  for (const ref of componentRefs) addComponent(ref)
  while (queue.length) {
    const rel = queue.shift()
    const dir = path.dirname(rel)
    const text = fs.readFileSync(path.join(DIST, rel), 'utf8')
    if (rel.endsWith('.json')) {
      for (const ref of Object.values(JSON.parse(text).usingComponents || {})) addComponent(path.join(dir, ref))
    } else if (rel.endsWith('.js')) {
      for (const m of text.matchAll(/(?:from\s*|require\(\s*|import\s*)["']([^"']+)["']/g)) {
        if (m[1].startsWith('.')) addModule(path.join(dir, m[1].replace(/\.js$/, '')))
        else packages.add(m[1].split('/')[0])
      }
    } else if (rel.endsWith('.wxss')) {
      for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) addFile(path.join(dir, m[1]))
    } else if (rel.endsWith('.wxml') || rel.endsWith('.wxs')) {
      for (const m of text.matchAll(/<(?:import|include|wxs)[^>]*\bsrc=["']([^"']+)["']/g)) addFile(path.join(dir, m[1]))
      for (const m of text.matchAll(/require\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) addFile(path.join(dir, m[1]))
    }
  }
  return { files, packages }
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true })
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name)
    const b = path.join(to, entry.name)
    if (entry.isDirectory()) copyDir(a, b)
    else fs.copyFileSync(a, b)
  }
}

function main() {
  const used = usedComponents()
  if (process.argv.includes('--list')) {
    console.log(used.join('\n'))
    return
  }
  const { files, packages } = closure(used)
  fs.rmSync(TARGET, { recursive: true, force: true })
  for (const rel of files) {
    if (rel.endsWith('.d.ts')) continue
    fs.mkdirSync(path.join(TARGET, path.dirname(rel)), { recursive: true })
    fs.copyFileSync(path.join(DIST, rel), path.join(TARGET, rel))
  }
  // The package's own npm dependencies that the copied code imports (tslib …), which the mini-program resolves from
  // the nearest miniprogram_npm folder, as DevTools builds them.
  for (const pkg of packages) {
    const nested = path.join(DIST, 'miniprogram_npm', pkg)
    if (fs.existsSync(nested)) copyDir(nested, path.join(TARGET, 'miniprogram_npm', pkg))
  }
  const components = [...new Set([...files].filter((f) => f.endsWith('.json')).map((f) => path.dirname(f)))]
  console.log(
    `tdesign-miniprogram: ${used.length} used (${used.join(', ')}), ${components.length} components and ${[...packages].join(', ') || 'no packages'} copied to ${path.relative(process.cwd(), TARGET) || '.'}`,
  )
}

main()
