/**
 * What an application kind is, for the workflow: its names as the manuals write them, its review nodes, its photo
 * categories and form, and the hooks through which the capability that owns it (withdrawals/ now, the loan business
 * and C12 later) decides eligibility and posts on approval. The workflow itself knows no business rule.
 */
import type { Db } from '../db/client.js';
import type { z } from 'zod';
import type { ApplicationStatus, ReviewNodeKey } from './tables.js';
import type { IsoDate } from '../shared/dates.js';
import type { ApplicationRow } from './store.js';
import type { BusinessRequest, BusinessResult } from '../core/protocol.js';

export type { ReviewNodeKey };

/** 004 2.2: 初审 / 复审 / 终审 (贷款受理初审 … 终审); a loan application (D4) passes 受理 → 审批 → 签约 → 放款. */
export const NODE_LABELS: Record<ReviewNodeKey, string> = {
  first: '初审',
  second: '复审',
  final: '终审',
  acceptance: '受理',
  approval: '审批',
  signing: '签约',
  disbursement: '放款',
};

export interface PhotoCategory {
  key: string;
  /** As the manual's 档案上传 page names it: 身份证（正面）, 解除劳动合同书 … */
  label: string;
  /** 003 5.2.1: 必传项 must all be uploaded before 提交中心审批. */
  required: boolean;
}

export interface Eligibility {
  allowed: boolean;
  /** 'OK', or the stable English code of the reason. */
  code: string;
  /** What the greyed tile shows (Chinese), null when allowed. */
  reason: string | null;
  /** What may be withdrawn now (fen), when the kind moves money. */
  amountFen: number | null;
  /** True when the member cannot choose the amount (销户 kinds, 002's “您本次可以提取的金额为”). */
  fixedAmount: boolean;
  /** Figures the tile and the form show: balance, 销户利息, last withdrawal, next possible day … */
  details: Record<string, string | number | boolean | null>;
  /** Server-side facts stored with the application at submit (the loan year of C8, the registered contract …). */
  derived?: Record<string, string | number | null>;
  /** Each rule checked, with the figures behind it, for the reviewer's rule check (never shown to members). */
  checks?: RuleResult[];
}

/** A kind's refusal: the greyed tile with its code and Chinese reason (every kind's eligibility answers this way). */
export const refuse = (code: string, reason: string, details: Eligibility['details'] = {}): Eligibility => ({
  allowed: false,
  code,
  reason,
  amountFen: null,
  fixedAmount: false,
  details,
});

/** One rule of a kind: 账户余额超过物业费限额 · holds · 30,921.43 元 > 1,500.00 元. */
export interface RuleResult {
  rule: string;
  pass: boolean;
  figures: string;
}

export interface EligibilityInput {
  memberId: number;
  today: IsoDate;
  /** Per-request memo, so that the tiles load the member's record once for every kind. */
  memo?: Map<string, Promise<unknown>>;
}

export interface SettleInput<P> {
  tx: Db;
  app: ApplicationRow;
  today: IsoDate;
  prepared: P;
}

export interface SettleResult {
  /** E1 反馈信息 when done: 银行付款成功，中心入账成功! */
  feedback: string;
  /** false: the money leaves later (an asynchronous bank); the application rests at 'approved' until paid. */
  paid: boolean;
  /** What was actually paid, when it differs from the amount applied for (销户利息 accrues until the day of approval). */
  amountFen?: number;
}

export interface ApplicationKind<F = Record<string, unknown>, P = unknown> {
  key: string;
  /** PRODUCT.md id: C1 … C14, D1 … */
  code: string;
  group: 'withdrawal' | 'loan';
  /** 业务 (E1, 000 (九)): 离退休提取, 享受低保, 偿还公积金贷款提取 … */
  name: string;
  /** 流程名称 (E2, 003 5.2.2): 缴存人离休、退休提取 */
  processName: string;
  /** 业务名称 / 业务类型 (E2): 提取业务, 个人贷款业务 */
  businessType: string;
  /** The review nodes in order. */
  nodes: ReviewNodeKey[];
  /** Approved by the system at 初审 when the rules hold at submit (documented per kind in withdrawals/). */
  autoApprove: boolean;
  needsBankCard: boolean;
  photos: PhotoCategory[];
  /** The manual's form fields. Drafts are checked with .partial(), submits in full. */
  form: z.ZodObject;
  /** Where a submitted application goes: review, or first the spouse's confirmation (C12). */
  afterSubmit?: 'review' | 'awaiting_spouse';
  /**
   * Inside the submit's transaction, after the state change (C12: names the spouse, sets the answer's deadline and
   * queues the spouse's message). Returns the application as it is then.
   */
  submitted?: {
    /** Before the transaction (PGlite has one connection: inside it only tx may query). */
    prepare(app: ApplicationRow, today: IsoDate): Promise<unknown>;
    within(input: { tx: Db; app: ApplicationRow; today: IsoDate; prepared: unknown }): Promise<ApplicationRow>;
  };
  eligibility(input: EligibilityInput): Promise<Eligibility>;
  /** The amount applied for, from the form and what is allowed now; throws a DomainError when the form asks too much. */
  amountOf(form: F, allowed: Eligibility): number | null;
  /** E1 信息: 卢青怡申请提取，条件：离退休提取金额：1399元 */
  describe(memberName: string, amountFen: number | null, form: F): string;
  /** Outside the approval transaction: re-checks the rules and works out what settle posts. */
  prepare(app: ApplicationRow, today: IsoDate): Promise<P>;
  /** Inside the approval transaction: posts to the core with the state change. */
  settle(input: SettleInput<P>): Promise<SettleResult>;
  /**
   * An external core said done to the request settle queued (workflow/core-submissions.ts), inside the transaction
   * that makes the application paid: the kind records what the core made (放款: the contract number). Answers the
   * 反馈信息 to show, or undefined for the one queued with the request.
   */
  onCoreDone?(input: { tx: Db; app: ApplicationRow; request: BusinessRequest; result: BusinessResult }): Promise<string | undefined>;
}

/** A kind with typed form and prepared values, stored in the registry with them erased. */
export function defineKind<S extends z.ZodObject, P>(kind: Omit<ApplicationKind<z.output<S>, P>, 'form'> & { form: S }): ApplicationKind {
  return kind as unknown as ApplicationKind;
}

export class KindRegistry {
  private readonly kinds = new Map<string, ApplicationKind>();

  register(kind: ApplicationKind): void {
    if (this.kinds.has(kind.key)) throw new Error(`application kind ${kind.key} is registered twice`);
    const sameCode = [...this.kinds.values()].find((k) => k.code === kind.code);
    if (sameCode) throw new Error(`application kinds ${sameCode.key} and ${kind.key} have the same code ${kind.code}`);
    if (kind.nodes.length === 0) throw new Error(`application kind ${kind.key} has no review node`);
    this.kinds.set(kind.key, kind);
  }

  get(key: string): ApplicationKind | undefined {
    return this.kinds.get(key);
  }

  list(group?: ApplicationKind['group']): ApplicationKind[] {
    return [...this.kinds.values()].filter((k) => !group || k.group === group);
  }
}

/** Statuses an application is still open in (one open application of a kind per member: 0007's partial index). */
export const OPEN_STATUSES: ApplicationStatus[] = ['draft', 'submitted', 'awaiting_spouse', 'in_review', 'returned', 'approved'];

/** 000 (九) 状态 and what the member's lists show. */
export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '未提交',
  submitted: '已提交',
  awaiting_spouse: '待配偶确认',
  in_review: '审核中',
  returned: '已退回',
  approved: '审批通过',
  paid: '成功',
  rejected: '未通过',
  ended: '已结束',
  expired: '已过期',
};

/** The A9 purpose a kind's submit is confirmed for (identity's format: withdrawal.property-fee). */
export const confirmationPurpose = (kind: ApplicationKind) => `${kind.group}.${kind.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
