/**
 * C14 银行卡绑定 (001 二, 2.6): withdrawals are paid only to a card of the member's own name (提取人与银行持卡人必须
 * 一致). The number is kept encrypted with a keyed hash; screens show it masked.
 */
import { createHmac } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { bankCards, type BankCode } from './tables.js';
import { pgErrorCode } from '../db/errors.js';
import { DomainError, conflict, notFound } from '../shared/errors.js';
import { maskBankAccount } from '../shared/mask.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import { listOpen, type PayeeCards } from '../workflow/index.js';
import { BANKS, bankOf, cardNumberProblem, normalizeCardNo } from './banks.js';

/** At most this many active cards a member. */
const MAX_CARDS = 5;

type CardRow = typeof bankCards.$inferSelect;

export interface BankCardView {
  id: number;
  bankCode: BankCode;
  bankName: string;
  cardNoMasked: string;
  holderName: string;
  boundAt: string;
}

const view = (c: CardRow): BankCardView => ({
  id: c.id,
  bankCode: c.bankCode,
  bankName: bankOf(c.bankCode).name,
  cardNoMasked: c.cardNoMasked,
  holderName: c.holderName,
  boundAt: c.boundAt.toISOString(),
});

export class BankCards implements PayeeCards {
  private readonly lookupKey: Buffer;

  constructor(
    private readonly database: Database,
    private readonly core: CoreGateway,
    private readonly cipher: PiiCipher,
  ) {
    this.lookupKey = cipher.deriveKey('hpf/bank-card/lookup');
  }

  private active(memberId: number) {
    return and(eq(bankCards.memberId, memberId), isNull(bankCards.unboundAt));
  }

  async list(memberId: number) {
    const rows = await this.database.db.select().from(bankCards).where(this.active(memberId)).orderBy(desc(bankCards.boundAt), desc(bankCards.id));
    return { cards: rows.map(view), banks: BANKS.map((b) => ({ code: b.code, name: b.name })) };
  }

  async resolve(memberId: number, cardId: number | null) {
    const [row] = await this.database.db
      .select()
      .from(bankCards)
      .where(and(this.active(memberId), cardId === null ? undefined : eq(bankCards.id, cardId)))
      .orderBy(desc(bankCards.boundAt), desc(bankCards.id))
      .limit(1);
    return row ? { id: row.id, bankName: bankOf(row.bankCode).name, cardNoMasked: row.cardNoMasked } : null;
  }

  /** The whole number of an active card of the member (D5 makes it a loan's repayment account); null when not theirs. */
  async reveal(memberId: number, cardId: number) {
    const [row] = await this.database.db
      .select()
      .from(bankCards)
      .where(and(this.active(memberId), eq(bankCards.id, cardId)));
    return row ? { ...view(row), cardNo: this.cipher.decrypt(row.cardNoEnc) } : null;
  }

  async bind(memberId: number, input: { bankCode: BankCode; cardNo: string; holderName: string }): Promise<BankCardView> {
    const bank = bankOf(input.bankCode);
    const cardNo = normalizeCardNo(input.cardNo);
    const problem = cardNumberProblem(bank, cardNo);
    if (problem === 'format') throw new DomainError('BANK_CARD_NUMBER_INVALID', '银行卡号须为16～19位数字', 400);
    if (problem === 'check-digit') throw new DomainError('BANK_CARD_NUMBER_INVALID', `银行卡号有误，请核对后重新输入（${bank.name}卡号校验未通过）`, 400);
    const member = await this.core.getMember(memberId);
    if (!member) throw notFound('MEMBER_NOT_FOUND', '未找到缴存职工信息');
    if (input.holderName.trim() !== member.name) {
      throw conflict('BANK_CARD_HOLDER_MISMATCH', '持卡人须为本人：提取人与银行持卡人必须一致');
    }
    const [{ n } = { n: 0 }] = await this.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(bankCards)
      .where(this.active(memberId));
    if (n >= MAX_CARDS) throw conflict('BANK_CARD_LIMIT', `最多可绑定${MAX_CARDS}张银行卡`);
    try {
      const [row] = await this.database.db
        .insert(bankCards)
        .values({
          memberId,
          bankCode: bank.code,
          cardNoEnc: this.cipher.encrypt(cardNo),
          cardNoHash: createHmac('sha256', this.lookupKey).update(cardNo).digest('base64url'),
          cardNoMasked: maskBankAccount(cardNo),
          holderName: member.name,
        })
        .returning();
      return view(row!);
    } catch (err) {
      if (pgErrorCode(err) === '23505') throw conflict('BANK_CARD_ALREADY_BOUND', '该银行卡已绑定');
      throw err;
    }
  }

  async unbind(memberId: number, cardId: number): Promise<{ message: string }> {
    const open = await listOpen(this.database.db, memberId);
    if (open.some((a) => a.bankCardId === cardId && a.status !== 'draft')) {
      throw conflict('BANK_CARD_IN_USE', '该银行卡是正在办理的提取业务的收款账户，办结后方可解除绑定');
    }
    const rows = await this.database.db
      .update(bankCards)
      .set({ unboundAt: new Date() })
      .where(and(this.active(memberId), eq(bankCards.id, cardId)))
      .returning({ id: bankCards.id });
    if (!rows[0]) throw notFound('BANK_CARD_NOT_FOUND', '未找到该银行卡');
    return { message: '已解除绑定' };
  }
}
