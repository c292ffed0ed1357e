/**
 * 便民工具 beyond the calculator: service outlets by distance (G4), the prepayment trial (G6) and the rate
 * table (G7). Outlets and rates come from the core gateway; the loan arithmetic is shared/loan-math.ts.
 */
import type { CoreGateway, InterestRate, Outlet, RateKind } from '../core/gateway.js';
import { partialPrepayment, type PrepaymentMode, type RepaymentMethod } from '../shared/loan-math.js';
import { addMonths, daysBetween, type IsoDate } from '../shared/dates.js';
import { DomainError, notFound } from '../shared/errors.js';
import { fen, roundFen, type Fen } from '../shared/money.js';

// ---- G4 outlets ---------------------------------------------------------------------------------

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). WeChat hands out GCJ-02 coordinates, as the outlets are stored. */
function haversineMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface OutletView extends Outlet {
  distanceMetres: number | null;
}

export async function listOutlets(core: CoreGateway, q: { lat?: number; lng?: number; businessType?: string }): Promise<OutletView[]> {
  const all = await core.listOutlets();
  const from = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null;
  const views = all
    .filter((o) => !q.businessType || o.businessTypes.includes(q.businessType))
    .map((o) => ({ ...o, distanceMetres: from ? Math.round(haversineMetres(from, { lat: o.latitude, lng: o.longitude })) : null }));
  // Nearest first; ties (and no position) keep the center's own order.
  return from ? views.sort((a, b) => a.distanceMetres! - b.distanceMetres! || a.id - b.id) : views;
}

export async function outletDetail(core: CoreGateway, id: number, from?: { lat?: number; lng?: number }): Promise<OutletView> {
  const outlet = (await core.listOutlets()).find((o) => o.id === id);
  if (!outlet) throw notFound('OUTLET_NOT_FOUND', '该服务网点不存在');
  const here = from?.lat !== undefined && from.lng !== undefined ? { lat: from.lat, lng: from.lng } : null;
  return { ...outlet, distanceMetres: here ? Math.round(haversineMetres(here, { lat: outlet.latitude, lng: outlet.longitude })) : null };
}

/** Every business type some outlet handles, in the order the outlets first name them (for the filter). */
export async function outletBusinessTypes(core: CoreGateway): Promise<string[]> {
  return [...new Set((await core.listOutlets()).flatMap((o) => o.businessTypes))];
}

// ---- G6 prepayment trial ------------------------------------------------------------------------

interface PrepaymentTrialInput {
  method: RepaymentMethod;
  remainingPrincipalFen: number;
  remainingMonths: number;
  annualRatePercent: number;
  prepayFen: number;
  mode: PrepaymentMode;
  currentInstallmentFen?: number;
  nextDueDate?: IsoDate;
  prepayOn?: IsoDate;
}

/**
 * 提前还本试算 (003 6.3.1): 提前归还利息 is the interest the prepaid principal has accrued since the last due
 * date (000 (五): "截止还款日的应还款利息"), 0.00 on the repayment day itself as in the manual's screen; 银行扣划金额
 * = prepaid principal + that interest. The plans before and after are shared/loan-math.ts's (30/360, as members' loans are).
 */
export function prepaymentTrial(input: PrepaymentTrialInput, today: IsoDate) {
  const nextDueDate = input.nextDueDate ?? addMonths(today, 1);
  const lastDueDate = addMonths(nextDueDate, -1);
  const prepayOn = input.prepayOn ?? lastDueDate;
  const result = partialPrepayment({
    method: input.method,
    remainingPrincipalFen: input.remainingPrincipalFen,
    remainingMonths: input.remainingMonths,
    annualRatePercent: input.annualRatePercent,
    prepayFen: input.prepayFen,
    mode: input.mode,
    nextDueDate,
    currentInstallmentFen: input.currentInstallmentFen,
  });
  if (prepayOn < lastDueDate || prepayOn >= nextDueDate) {
    throw new DomainError('PREPAY_DATE_OUT_OF_PERIOD', `提前还款日期须在本期（${lastDueDate} 至 ${nextDueDate} 前一日）之内`);
  }
  const days = daysBetween(lastDueDate, prepayOn);
  const prepayInterestFen = roundFen((input.prepayFen * input.annualRatePercent * days) / 36000);
  const installment = input.currentInstallmentFen ?? currentInstallment(input);
  const firstInterest = roundFen((input.remainingPrincipalFen * input.annualRatePercent) / 1200);
  const currentMonthlyPaymentFen = fen(input.method === 'equal-installment' ? installment : installment + firstInterest);
  const totalInterestAfterFen = fen(result.schedule.reduce((sum, r) => sum + r.interestFen, 0));
  return {
    method: input.method,
    mode: input.mode,
    remainingPrincipalFen: fen(input.remainingPrincipalFen),
    remainingMonths: input.remainingMonths,
    currentMonthlyPaymentFen,
    prepayOn,
    nextDueDate,
    prepayPrincipalFen: fen(input.prepayFen),
    prepayInterestFen,
    bankDebitFen: fen(input.prepayFen + prepayInterestFen),
    newPrincipalFen: result.newPrincipalFen,
    newMonths: result.newMonths,
    monthsReduced: input.remainingMonths - result.newMonths,
    newMonthlyPaymentFen: result.newMonthlyPaymentFen,
    newMaturityOn: result.schedule.at(-1)!.dueDate,
    interestSavedFen: result.interestSavedFen,
    totalInterestBeforeFen: fen(totalInterestAfterFen + result.interestSavedFen),
    totalInterestAfterFen,
    schedule: result.schedule,
  };
}

/** What shared/loan-math.ts assumes when the member does not give the running instalment. */
function currentInstallment(i: PrepaymentTrialInput): Fen {
  if (i.method === 'equal-principal') return roundFen(i.remainingPrincipalFen / i.remainingMonths);
  const r = i.annualRatePercent / 1200;
  const f = Math.pow(1 + r, i.remainingMonths);
  return roundFen((i.remainingPrincipalFen * r * f) / (f - 1));
}

// ---- G7 rate table ------------------------------------------------------------------------------

export const RATE_KINDS: { kind: RateKind; label: string; minMonths: number | null; maxMonths: number | null }[] = [
  { kind: 'deposit', label: '个人住房公积金存款利率', minMonths: null, maxMonths: null },
  { kind: 'loan_first_le5', label: '首套个人住房公积金贷款（五年以下，含五年）', minMonths: 1, maxMonths: 60 },
  { kind: 'loan_first_gt5', label: '首套个人住房公积金贷款（五年以上）', minMonths: 61, maxMonths: 360 },
  { kind: 'loan_second_le5', label: '第二套个人住房公积金贷款（五年以下，含五年）', minMonths: 1, maxMonths: 60 },
  { kind: 'loan_second_gt5', label: '第二套个人住房公积金贷款（五年以上）', minMonths: 61, maxMonths: 360 },
];

/** The rates in force on `on` by kind, and every adjustment newest first with the whole table in force after it. */
export async function rateTable(core: CoreGateway, on: IsoDate) {
  const all = await core.listInterestRates();
  const inForce = (date: IsoDate, kind: RateKind): InterestRate | undefined =>
    all.filter((r) => r.kind === kind && r.effectiveOn <= date).sort((a, b) => (a.effectiveOn < b.effectiveOn ? 1 : -1))[0];
  const current = RATE_KINDS.flatMap((k) => {
    const r = inForce(on, k.kind);
    return r ? [{ ...k, annualRatePercent: r.annualRatePercent, effectiveOn: r.effectiveOn }] : [];
  });
  const dates = [...new Set(all.map((r) => r.effectiveOn))].sort().reverse();
  const history = dates.map((date) => ({
    effectiveOn: date,
    rates: RATE_KINDS.map((k) => ({
      kind: k.kind,
      label: k.label,
      annualRatePercent: inForce(date, k.kind)?.annualRatePercent ?? null,
      changed: all.some((r) => r.kind === k.kind && r.effectiveOn === date),
    })),
  }));
  return { asOf: on, current, history };
}
