/**
 * Article bodies are stored as a small, safe subset of HTML that the mini-program's <rich-text> and the staff
 * console render as they are: block and list tags, emphasis and simple tables, with no attribute at all (so no
 * href, src, style or on* handler can get through). Everything else is dropped (script/style with its content)
 * and text is escaped. Staff editing (I2) stores through sanitizeHtml too.
 */
const ALLOWED = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ol', 'ul', 'li', 'h3', 'h4', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const VOID = new Set(['br']);
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'textarea', 'title', 'svg', 'math']);
const BLOCK = new Set(['p', 'br', 'li', 'h3', 'h4', 'blockquote', 'tr', 'table', 'ul', 'ol']);

const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const ENTITY = /^&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/;

function escapeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '&') out += ENTITY.test(text.slice(i, i + 40)) ? '&' : '&amp;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '"') out += '&quot;';
    else out += c;
  }
  return out;
}

/** Keeps the allowed tags (without attributes), balances them, escapes the text, drops everything else. */
export function sanitizeHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping: string | null = null;
  let last = 0;
  for (const m of input.matchAll(TAG)) {
    const text = input.slice(last, m.index);
    last = m.index + m[0].length;
    if (!dropping) out.push(escapeText(text));
    if (!m[2]) continue; // a comment
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (dropping) {
      if (closing && tag === dropping) dropping = null;
      continue;
    }
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing && !m[0].endsWith('/>')) dropping = tag;
      continue;
    }
    if (!ALLOWED.has(tag)) continue;
    if (VOID.has(tag)) {
      if (!closing) out.push(`<${tag}>`);
      continue;
    }
    if (!closing) {
      open.push(tag);
      out.push(`<${tag}>`);
      continue;
    }
    const at = open.lastIndexOf(tag);
    if (at < 0) continue; // a stray closing tag
    while (open.length > at) out.push(`</${open.pop()!}>`);
  }
  if (!dropping) out.push(escapeText(input.slice(last)));
  while (open.length) out.push(`</${open.pop()!}>`);
  return out.join('');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ldquo: '“', rdquo: '”', mdash: '—' };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return NAMED[name] ?? whole;
  });
}

/** Plain text of sanitized HTML: one line per block, for search and for the list's summary. */
export function htmlToText(html: string): string {
  const text = html.replace(/<(\/?)([a-z0-9]+)>/g, (_m, _close: string, tag: string) => (BLOCK.has(tag) ? '\n' : tag === 'td' || tag === 'th' ? ' ' : ''));
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Plain paragraphs (the demo content and simple staff input) into the stored HTML: blank-line separated <p>. */
export function paragraphsToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeText(p)}</p>`)
    .join('');
}

/** The first characters of the text, for list summaries when staff leave the summary empty. */
export function excerpt(text: string, max = 80): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}
