/**
 * Relevance for Chinese text without a search engine. Chinese has no spaces, so a query like "公积金密码忘了怎么办"
 * is cut into its written segments and, inside each segment, into overlapping two-character terms (bigrams);
 * words that every question of a 公积金 center contains (公积金, 怎么, 办理 …) weigh little. A document scores
 * for whole segments found in it, for its keywords found in the query, and for each bigram, more in the
 * title/question than in the body/answer. Corpora here are a few hundred rows, ranked in memory.
 */

/** Full-width letters and digits to half-width, lower case, no spaces or punctuation. */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

/** Bigrams that say nothing about which question is meant. */
const COMMON = new Set([
  '公积',
  '积金',
  '住房',
  '房公',
  '怎么',
  '么办',
  '如何',
  '什么',
  '可以',
  '能否',
  '能不',
  '不能',
  '是否',
  '需要',
  '要什',
  '么时',
  '时候',
  '请问',
  '问一',
  '一下',
  '我的',
  '我想',
  '想问',
  '的是',
  '了怎',
  '吗',
  '办理',
  '理什',
  '哪些',
  '些情',
  '有哪',
  '多少',
]);
const COMMON_WORDS = ['住房公积金', '公积金', '怎么办', '怎么', '如何', '什么', '可以', '请问', '一下', '需要', '办理', '哪些', '是否'];

interface Query {
  /** Written segments of the query, normalized (split on spaces and punctuation). */
  segments: string[];
  /** Distinct bigrams (single characters for one-character segments), each with its weight. */
  terms: { term: string; weight: number }[];
  /** The query with common words removed, for keyword containment. */
  core: string;
}

function parseQuery(raw: string): Query {
  const segments = normalize(raw).split(' ').filter(Boolean);
  const seen = new Map<string, number>();
  for (const s of segments) {
    const chars = [...s];
    if (chars.length === 1) seen.set(s, 1);
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i]! + chars[i + 1]!;
      // ASCII runs (12329, app) stay whole: a bigram of digits matches far too much.
      if (/^[a-z0-9]{2}$/.test(bigram)) continue;
      seen.set(bigram, COMMON.has(bigram) ? 0.2 : 1);
    }
    for (const run of s.match(/[a-z0-9]+/g) ?? []) seen.set(run, run.length >= 3 ? 2 : 1);
  }
  let core = segments.join(' ');
  for (const w of COMMON_WORDS) core = core.replaceAll(w, ' ');
  return { segments, terms: [...seen].map(([term, weight]) => ({ term, weight })), core: core.replace(/\s+/g, ' ').trim() };
}

interface Searchable {
  /** The title or question. */
  title: string;
  /** The body or answer. */
  body: string;
  keywords?: string[];
}

/** Relevance of one document for a parsed query; 0 means it does not match. */
function score(q: Query, doc: Searchable): number {
  if (q.terms.length === 0) return 0;
  const title = normalize(doc.title);
  const body = normalize(doc.body);
  const keywords = (doc.keywords ?? []).map(normalize).filter(Boolean);
  let s = 0;
  let matchedWeight = 0;
  let totalWeight = 0;
  for (const { term, weight } of q.terms) {
    totalWeight += weight;
    const inTitle = title.includes(term);
    const inKeywords = keywords.some((k) => k.includes(term));
    const inBody = body.includes(term);
    if (inTitle || inKeywords || inBody) matchedWeight += weight;
    s += weight * ((inTitle ? 3 : 0) + (inKeywords ? 3 : 0) + (inBody ? 1 : 0));
  }
  // A keyword the member typed in full ("密码找回" in "登录密码找回不了") is the strongest signal.
  for (const k of keywords) if (k.length >= 2 && q.core.includes(k)) s += 4 * [...k].length;
  // So is the member's own phrase found whole in the question.
  for (const seg of q.segments) if ([...seg].length >= 2 && title.includes(seg)) s += 2 * [...seg].length;
  if (matchedWeight === 0) return 0;
  // Documents that cover only the common words of the query ("怎么办理") are not answers.
  if (matchedWeight / totalWeight < 0.3 && q.terms.some((t) => t.weight >= 1)) {
    const strong = q.terms
      .filter((t) => t.weight >= 1)
      .some(({ term }) => title.includes(term) || body.includes(term) || keywords.some((k) => k.includes(term)));
    if (!strong) return 0;
  }
  return Math.round(s * (0.5 + matchedWeight / totalWeight) * 100) / 100;
}

/** Below this share of the best score a document only shares a stray bigram with the query: left out. */
const RELATIVE_CUTOFF = 0.1;

/** Ranks documents by relevance (best first; ties keep the given order) and drops those that do not match. */
export function rank<T>(raw: string, docs: T[], view: (d: T) => Searchable): { doc: T; score: number }[] {
  const q = parseQuery(raw);
  const scored = docs.map((doc, i) => ({ doc, i, score: score(q, view(doc)) })).filter((x) => x.score > 0);
  const best = Math.max(0, ...scored.map((x) => x.score));
  return scored
    .filter((x) => x.score >= best * RELATIVE_CUTOFF)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ doc, score: s }) => ({ doc, score: s }));
}
