/**
 * The arguments of each operation as a core checks them before it runs a query: a malformed one is the caller's
 * error (400 INVALID_ARGUMENT), not the core's (500). Business requests are checked by the executor itself.
 */
import { z } from 'zod';
import type { CoreOperation } from '../../core/protocol.js';
import { WIRE_RECORDS } from '../../core/external/wire-names.js';

/** An argument as the wire names it (the caller sent that name). */
const wireName = (name: string): string => (WIRE_RECORDS.Arguments as Record<string, readonly [string, ...unknown[]]>)[name]?.[0] ?? name;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const range = z.object({ from: date.optional(), to: date.optional() });
const page = z.object({ limit: z.number().int().min(0).max(10_000), offset: z.number().int().min(0) });
const order = z.enum(['asc', 'desc']);
const text = z.string().max(200);
const nullableText = z.string().max(500).nullable().optional();

export const OPERATION_ARGS: Record<CoreOperation, Record<string, z.ZodType>> = {
  findMemberByIdNumber: { idNumber: text },
  findMemberByPhone: { phone: text },
  getMember: { memberId: id },
  revealContact: { memberId: id },
  updatePhone: { memberId: id, phone: z.string().regex(/^1\d{10}$/) },
  updateMemberProfile: {
    memberId: id,
    patch: z.strictObject({
      education: nullableText,
      occupation: nullableText,
      title: nullableText,
      position: nullableText,
      address: nullableText,
      postalCode: nullableText,
    }),
  },
  getFundAccount: { memberId: id },
  getMemberWithAccount: { memberId: id },
  getFundAccounts: { memberIds: z.array(id).max(1000) },
  listFundAccounts: { memberId: id },
  getMemberOverview: { memberId: id, on: date },
  listLedger: { memberId: id, range, page, order: order.optional() },
  ledgerPage: { memberId: id, range, page, order, accountNo: z.string().min(1).max(40).optional() },
  sumLedger: { memberId: id, range },
  ledgerYearSpan: { memberId: id },
  listLoans: { memberId: id },
  listUnpaidInstalments: { range: z.object({ from: date, to: date }) },
  listRepayments: { loanId: id, range },
  listPlan: { loanId: id, range },
  listOverdue: { loanId: id },
  listLoanProgress: { memberId: id },
  listCounterRegistrations: { memberId: id },
  listOutlets: {},
  listHousingProjects: { nameContains: text.optional() },
  listInterestRates: {},
  submitBusiness: { request: z.unknown() },
  businessStatus: { serial: text },
  listEvents: { after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), limit: z.number().int().min(1) },
};

/** The operation's arguments in order, or the problems found. */
export function argumentsOf(
  op: CoreOperation,
  names: readonly string[],
  body: Record<string, unknown>,
): { ok: true; args: unknown[] } | { ok: false; problems: string[] } {
  const schemas = OPERATION_ARGS[op];
  const problems: string[] = [];
  const args = names.map((name) => {
    const r = schemas[name]!.safeParse(body[name]);
    if (!r.success) problems.push(...r.error.issues.map((i) => [wireName(name), ...i.path].join('.') + `: ${i.message}`));
    return r.success ? r.data : undefined;
  });
  return problems.length ? { ok: false, problems } : { ok: true, args };
}
