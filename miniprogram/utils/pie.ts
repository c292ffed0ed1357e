/**
 * The principal-vs-interest pie of the calculator (G5, 001 6.4) drawn on a canvas 2D context. Pure drawing, no wx
 * calls, so the same code draws the test screenshots.
 */
export interface Slice {
  label: string
  value: number
  color: string
}

export interface Ctx2D {
  beginPath(): void
  moveTo(x: number, y: number): void
  arc(x: number, y: number, r: number, start: number, end: number, ccw?: boolean): void
  closePath(): void
  fill(): void
  clearRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
}

/** Each slice's share in percent, one decimal, summing to 100.0. */
export function shares(slices: Slice[]): number[] {
  const total = slices.reduce((s, x) => s + Math.max(0, x.value), 0)
  if (total <= 0) return slices.map(() => 0)
  const tenths = slices.map((x) => Math.round((Math.max(0, x.value) / total) * 1000))
  const drift = 1000 - tenths.reduce((a, b) => a + b, 0)
  if (tenths.length) tenths[tenths.length - 1] = (tenths[tenths.length - 1] as number) + drift
  return tenths.map((t) => t / 10)
}

/** A ring (donut) with the first slice's share in the middle. */
export function drawPie(ctx: Ctx2D, width: number, height: number, slices: Slice[], centerLabel = ''): void {
  const cx = width / 2
  const cy = height / 2
  const r = Math.min(width, height) / 2 - 4
  const total = slices.reduce((s, x) => s + Math.max(0, x.value), 0)
  ctx.clearRect(0, 0, width, height)
  if (total <= 0) return
  let start = -Math.PI / 2
  for (const slice of slices) {
    const angle = (Math.max(0, slice.value) / total) * Math.PI * 2
    ctx.beginPath()
    ctx.moveTo(cx, cy)
    ctx.arc(cx, cy, r, start, start + angle)
    ctx.closePath()
    ctx.fillStyle = slice.color
    ctx.fill()
    start += angle
  }
  ctx.beginPath()
  ctx.arc(cx, cy, r * 0.58, 0, Math.PI * 2)
  ctx.fillStyle = '#ffffff'
  ctx.fill()
  const first = shares(slices)[0] ?? 0
  ctx.fillStyle = '#1d2129'
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.font = `600 ${Math.round(r * 0.26)}px sans-serif`
  ctx.fillText(`${first.toFixed(1)}%`, cx, cy - r * 0.08)
  ctx.fillStyle = '#86909c'
  ctx.font = `${Math.round(r * 0.15)}px sans-serif`
  if (centerLabel) ctx.fillText(centerLabel, cx, cy + r * 0.2)
}
