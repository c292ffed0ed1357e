/**
 * Each rule of a withdrawal kind as a reviewer reads it (issue 20 point 8): the rule, whether it holds, the figures
 * behind it (账户余额 30,921.43 元 > 1,500.00 元). The first rule that fails gives the member's refusal, in the
 * order the kind checks them, so the member sees what they saw before.
 */
import { yuanWithUnit } from '../shared/money.js';
import { memberStatusLabels } from '../core/jgj320.js';
import type { Eligibility, RuleResult } from '../workflow/kinds.js';

/** Two amounts with the relation that truly holds between them: 500.00 元 < 30,921.43 元. */
export const compared = (a: number, b: number) => `${yuanWithUnit(a)} ${a < b ? '<' : a > b ? '>' : '='} ${yuanWithUnit(b)}`;

const ACCOUNT_STATUS: Record<string, string> = { normal: '正常', suspended: '封存', closed: '销户' };
export const accountStatusText = (s: string) => ACCOUNT_STATUS[s] ?? s;
export const memberStatusText = (s: string) => memberStatusLabels[s as keyof typeof memberStatusLabels] ?? s;

export class RuleBook {
  readonly checks: RuleResult[] = [];
  private first: Eligibility | null = null;

  /** Records one rule with its figures; returns whether it holds. The first that fails decides the refusal. */
  check(rule: string, pass: boolean, figures: string, refusal: () => Eligibility): boolean {
    this.checks.push({ rule, pass, figures });
    if (!pass && !this.first) this.first = refusal();
    return pass;
  }

  /** A figure worked out once every rule held (提取金额 = 账户余额 + 销户利息), shown as a rule that holds. */
  figure(rule: string, figures: string): void {
    this.checks.push({ rule, pass: true, figures });
  }

  get failed(): boolean {
    return this.first !== null;
  }

  /** The first refusal, or (every rule holding) what `allowed` gives, with the rules checked. */
  verdict(allowed?: () => Eligibility): Eligibility {
    const e = this.first ?? allowed?.();
    if (!e) throw new Error('RuleBook.verdict: no rule failed and no allowance given');
    return { ...e, checks: this.checks };
  }
}
