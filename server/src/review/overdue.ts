/**
 * The center's limit for an item waiting at one review node (issue 20 point 5): longer is marked 超时 in the queue and
 * counted on the desk. From config: REVIEW_OVERDUE_HOURS for every node, REVIEW_OVERDUE_HOURS_BY_NODE for some.
 */
import type { ReviewNodeKey } from '../workflow/tables.js';
import { reviewNodeKey } from '../staff/auth.js';

export type OverdueLimits = Readonly<Record<ReviewNodeKey, number>>;

/** Every node: the withdrawals' 初审/复审/终审 and D4's 受理/审批/签约/放款. */
const NODES: readonly ReviewNodeKey[] = reviewNodeKey.options;
export const DEFAULT_OVERDUE_HOURS = 48;

/** `first=24,final=72` → { first: 24, final: 72 }; a string saying what is wrong when it is not that. */
export function parseOverdueByNode(text: string): Partial<Record<ReviewNodeKey, number>> | string {
  const out: Partial<Record<ReviewNodeKey, number>> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = new RegExp(`^(${NODES.join('|')})\\s*=\\s*(\\d{1,5})$`).exec(part);
    if (!m || Number(m[2]) < 1)
      return `must be node=hours pairs separated by commas (nodes: ${NODES.join(', ')}; hours ≥ 1), e.g. first=24,final=72; not "${part}"`;
    out[m[1] as ReviewNodeKey] = Number(m[2]);
  }
  return out;
}

export function overdueLimits(hours: number = DEFAULT_OVERDUE_HOURS, byNode?: string): OverdueLimits {
  const parsed = byNode ? parseOverdueByNode(byNode) : {};
  if (typeof parsed === 'string') throw new RangeError(parsed);
  return Object.freeze(Object.fromEntries(NODES.map((n) => [n, parsed[n] ?? hours])) as Record<ReviewNodeKey, number>);
}

/** Has an item that reached its node at `since` waited longer than the node's limit at `now`? */
export const isOverdue = (limits: OverdueLimits, node: ReviewNodeKey, since: Date, now: number) => now - since.getTime() > limits[node] * 3600_000;
