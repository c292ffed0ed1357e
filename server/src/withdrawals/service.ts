/**
 * 我要提取 (001 二, 003 5.2.1): every withdrawal tile with its live eligibility — greyed with the manual's reason when
 * not allowed, the amount that may be withdrawn now when it is — and the details one tile opens to.
 */
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { DomainError } from '../shared/errors.js';
import {
  NODE_LABELS,
  confirmationPurpose,
  listOpen,
  progressText,
  type ApplicationKind,
  type ApplicationRow,
  type Clock,
  type Eligibility,
  type KindRegistry,
} from '../workflow/index.js';
import type { BankCards } from './cards.js';
import type { CoreGateway } from '../core/gateway.js';

type TileState = 'available' | 'unavailable' | 'in-progress';

export class Withdrawals {
  constructor(private readonly deps: { database: Database; kinds: KindRegistry; cards: BankCards; clock: Clock; core: CoreGateway }) {}

  private kind(keyOrCode: string): ApplicationKind {
    const kind = this.deps.kinds.list('withdrawal').find((k) => k.key === keyOrCode || k.code === keyOrCode);
    if (!kind) throw new DomainError('KIND_UNKNOWN', '不支持的提取业务', 404);
    return kind;
  }

  private tile(kind: ApplicationKind, e: Eligibility, open: ApplicationRow | undefined, hasCard: boolean) {
    const state: TileState = open ? 'in-progress' : e.allowed ? 'available' : 'unavailable';
    return {
      kind: kind.key,
      code: kind.code,
      name: kind.name,
      state,
      allowed: e.allowed && !open,
      reasonCode: open ? 'APPLICATION_ALREADY_OPEN' : e.code,
      reason: open ? `您有一笔${kind.name}申请正在办理中（流水号${open.serialNo}，${progressText(open)}）` : e.reason,
      amountFen: e.allowed ? e.amountFen : null,
      fixedAmount: e.fixedAmount,
      openApplication: open ? { serialNo: open.serialNo, status: open.status, progress: progressText(open) } : null,
      // 001 二 (2.2): 线上提取需要绑定银行卡，若银行卡未绑定，系统将提示需要先绑定自己的银行卡.
      bankCardRequired: kind.needsBankCard && !hasCard,
    };
  }

  async tiles(memberId: number) {
    const today = this.deps.clock.today();
    const memo = new Map<string, Promise<unknown>>();
    const [open, { cards }] = await Promise.all([listOpen(this.deps.database.db, memberId), this.deps.cards.list(memberId)]);
    // The manual's order (C1 … C13), whichever capability registered a kind first.
    const byCode = (code: string) => Number(code.replace(/\D/g, ''));
    const kinds = [...this.deps.kinds.list('withdrawal')].sort((a, b) => byCode(a.code) - byCode(b.code));
    const results = await Promise.all(kinds.map((k) => k.eligibility({ memberId, today, memo })));
    return {
      asOf: today,
      bankCardBound: cards.length > 0,
      tiles: kinds.map((k, i) =>
        this.tile(
          k,
          results[i]!,
          open.find((a) => a.kind === k.key),
          cards.length > 0,
        ),
      ),
    };
  }

  async eligibility(memberId: number, keyOrCode: string) {
    const kind = this.kind(keyOrCode);
    const today = this.deps.clock.today();
    const [e, open, { cards }, account, allOpen] = await Promise.all([
      kind.eligibility({ memberId, today }),
      listOpen(this.deps.database.db, memberId, kind.key),
      this.deps.cards.list(memberId),
      this.deps.core.getFundAccount(memberId),
      listOpen(this.deps.database.db, memberId),
    ]);
    const withdrawalKinds = new Set(this.deps.kinds.list('withdrawal').map((k) => k.key));
    return {
      ...this.tile(kind, e, open[0], cards.length > 0),
      asOf: today,
      processName: kind.processName,
      details: e.details,
      // 002 / 003 5.2.1.4: every withdrawal page opens with the account — 账户余额, 冻结金额 (withdrawals applied for and
      // not yet paid out), 上次提取日期.
      account: account
        ? {
            balanceFen: account.balanceFen,
            lastWithdrawalOn: account.lastWithdrawalOn,
            frozenFen: allOpen.filter((a) => withdrawalKinds.has(a.kind) && a.status !== 'draft').reduce((s, a) => s + (a.amountFen ?? 0), 0),
          }
        : null,
      nodes: kind.nodes.map((n) => NODE_LABELS[n]),
      autoApprove: kind.autoApprove,
      photoCategories: kind.photos.map((c) => ({ ...c, max: 4 })),
      form: z.toJSONSchema(kind.form, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      bankCards: cards,
      confirmationPurpose: confirmationPurpose(kind),
    };
  }
}
