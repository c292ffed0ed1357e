/**
 * The external core (issue 17, CORE_MODE=external): CoreGateway and CoreBusiness answered by the center's own
 * 核心业务系统 over the protocol of ../protocol.ts. Every method is one signed `POST {base}/v1/ops/{name}` whose body
 * names the method's arguments as CORE_OPERATIONS lists them; the answer's signature is checked before it is read.
 *
 * What a member meets when the core cannot answer (network error, CORE_TIMEOUT_MS passed, 5xx, an answer without a
 * valid signature): 503 CORE_UNAVAILABLE 核心业务系统暂时无法访问，请稍后再试. A 4xx `{ code, message }` is the core's
 * own refusal and reaches the member as it is. There are no *Within methods: a remote core cannot take part in the
 * product's database transactions, so the business that needs them answers 503 CORE_TRANSACTION_UNSUPPORTED.
 *
 * Logs carry the operation, the status and the failure, never the arguments or the answer (ID numbers, phones).
 */
import { DomainError } from '../../shared/errors.js';
import type { IsoDate } from '../../shared/dates.js';
import type { Fen } from '../../shared/money.js';
import type { Logger } from '../../shared/logger.js';
import type {
  CoreFundAccount,
  CoreGateway,
  CoreLoan,
  CoreMember,
  CounterRegistration,
  DateRange,
  HousingProject,
  InterestRate,
  LedgerEntry,
  LedgerPage,
  LoanProgress,
  LoanRepayment,
  MemberOverview,
  MemberProfilePatch,
  OverdueRecord,
  Outlet,
  Page,
  PlanPeriod,
  UnpaidInstalment,
} from '../gateway.js';
import {
  CORE_OPERATIONS,
  CORE_UNAVAILABLE_MESSAGE,
  type BusinessRequest,
  type BusinessResult,
  type CoreBusiness,
  type CoreOperation,
  type EventPage,
} from '../protocol.js';
import { NonceStore, sign, verify } from './signing.js';
import { fromWire, toWire } from './wire-codec.js';
import { OPERATION_RESULTS } from './wire-names.js';

interface ExternalCoreOptions {
  /** CORE_BASE_URL: the operations are at `{baseUrl}/v1/ops/{name}` (a path in it is kept). */
  baseUrl: string;
  appId: string;
  secret: string;
  /** CORE_TIMEOUT_MS: one call, answer read included. */
  timeoutMs: number;
  logger: Logger;
}

const coreUnavailable = () => new DomainError('CORE_UNAVAILABLE', CORE_UNAVAILABLE_MESSAGE, 503);

/** A network error worth one more attempt at once: a kept-alive connection the core closed as it was reused. */
function connectionReset(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return err instanceof TypeError && ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(cause?.code ?? '');
}

export class ExternalCore implements CoreGateway, CoreBusiness {
  private readonly base: URL;
  private readonly nonces = new NonceStore();

  constructor(private readonly opts: ExternalCoreOptions) {
    this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
  }

  /**
   * One operation: its arguments named in order, the signed request, the checked answer's `result`. Both carry the wire's
   * JGJ/T 320 names (./wire-names.ts): the body is encoded before it is signed, the answer decoded after its check.
   */
  private async call<T>(op: CoreOperation, args: unknown[]): Promise<T> {
    const names: readonly string[] = CORE_OPERATIONS[op];
    const body = JSON.stringify(toWire(Object.fromEntries(names.map((name, i) => [name, args[i]])), 'Arguments'));
    const url = new URL(`v1/ops/${op}`, this.base);
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    const log = this.opts.logger;
    let res: Response;
    let text: string;
    for (let attempt = 1; ; attempt++) {
      try {
        const headers = { 'content-type': 'application/json', ...sign(this.opts.appId, this.opts.secret, 'POST', url.pathname, body) };
        res = await fetch(url, { method: 'POST', headers, body, signal });
        text = await res.text();
        break;
      } catch (err) {
        if (attempt === 1 && !signal.aborted && connectionReset(err)) continue; // every operation is idempotent
        const reason = signal.aborted ? 'timeout' : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name);
        log.warn({ op, reason, timeoutMs: this.opts.timeoutMs }, 'core unavailable');
        throw coreUnavailable();
      }
    }
    if (res.status >= 500) {
      log.warn({ op, status: res.status }, 'core unavailable');
      throw coreUnavailable();
    }
    const checked = verify(res.headers, 'RESPONSE', url.pathname, text, () => this.opts.secret, this.nonces);
    if (!checked.ok) {
      log.error({ op, status: res.status, failure: checked.failure }, 'core answer refused: its signature does not hold');
      throw coreUnavailable();
    }
    let parsed: { result?: unknown; code?: unknown; message?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      log.error({ op, status: res.status }, 'core answer is not JSON');
      throw coreUnavailable();
    }
    if (res.status === 401 || res.status === 403) {
      // The core refused the product itself (signature, app id, clock skew): a setting to fix, not the member's doing.
      log.error({ op, status: res.status, coreCode: parsed.code }, 'core refused the product’s request: check CORE_APP_ID, CORE_SECRET and the clock');
      throw coreUnavailable();
    }
    if (res.status >= 400) {
      if (typeof parsed.code === 'string' && typeof parsed.message === 'string') throw new DomainError(parsed.code, parsed.message, res.status);
      log.error({ op, status: res.status }, 'core refusal without code and message');
      throw coreUnavailable();
    }
    if (!parsed || typeof parsed !== 'object' || !('result' in parsed)) {
      log.error({ op, status: res.status }, 'core answer without result');
      throw coreUnavailable();
    }
    return fromWire(parsed.result, OPERATION_RESULTS[op]) as T;
  }

  findMemberByIdNumber(idNumber: string): Promise<CoreMember | null> {
    return this.call('findMemberByIdNumber', [idNumber]);
  }
  findMemberByPhone(phone: string): Promise<CoreMember | null> {
    return this.call('findMemberByPhone', [phone]);
  }
  getMember(memberId: number): Promise<CoreMember | null> {
    return this.call('getMember', [memberId]);
  }
  revealContact(memberId: number): Promise<{ idNumber: string; phone: string | null } | null> {
    return this.call('revealContact', [memberId]);
  }
  async updatePhone(memberId: number, phone: string): Promise<void> {
    await this.call('updatePhone', [memberId, phone]);
  }
  updateMemberProfile(memberId: number, patch: MemberProfilePatch): Promise<CoreMember> {
    return this.call('updateMemberProfile', [memberId, patch]);
  }
  getFundAccount(memberId: number): Promise<CoreFundAccount | null> {
    return this.call('getFundAccount', [memberId]);
  }
  getMemberWithAccount(memberId: number): Promise<{ member: CoreMember; account: CoreFundAccount | null } | null> {
    return this.call('getMemberWithAccount', [memberId]);
  }
  getFundAccounts(memberIds: number[]): Promise<CoreFundAccount[]> {
    return this.call('getFundAccounts', [memberIds]);
  }
  listFundAccounts(memberId: number): Promise<CoreFundAccount[]> {
    return this.call('listFundAccounts', [memberId]);
  }
  getMemberOverview(memberId: number, on: IsoDate): Promise<MemberOverview | null> {
    return this.call('getMemberOverview', [memberId, on]);
  }
  listLedger(memberId: number, range: DateRange, page: Page, order?: 'asc' | 'desc'): Promise<{ entries: LedgerEntry[]; total: number }> {
    return this.call('listLedger', [memberId, range, page, order]);
  }
  ledgerPage(memberId: number, range: DateRange, page: Page, order: 'asc' | 'desc', accountNo?: string): Promise<LedgerPage | null> {
    return this.call('ledgerPage', [memberId, range, page, order, accountNo]);
  }
  sumLedger(memberId: number, range: DateRange): Promise<{ depositsFen: Fen; withdrawalsFen: Fen }> {
    return this.call('sumLedger', [memberId, range]);
  }
  ledgerYearSpan(memberId: number): Promise<{ firstYear: number; lastYear: number } | null> {
    return this.call('ledgerYearSpan', [memberId]);
  }
  /** Postings go to a remote core as a business request (submitBusiness), never one by one. */
  post(): Promise<LedgerEntry[]> {
    return Promise.reject(new DomainError('CORE_TRANSACTION_UNSUPPORTED', '核心业务系统暂不支持在线记账，请到柜面办理', 503));
  }
  listLoans(memberId: number): Promise<CoreLoan[]> {
    return this.call('listLoans', [memberId]);
  }
  listUnpaidInstalments(range: { from: IsoDate; to: IsoDate }): Promise<UnpaidInstalment[]> {
    return this.call('listUnpaidInstalments', [range]);
  }
  listRepayments(loanId: number, range: DateRange): Promise<LoanRepayment[]> {
    return this.call('listRepayments', [loanId, range]);
  }
  listPlan(loanId: number, range: DateRange): Promise<PlanPeriod[]> {
    return this.call('listPlan', [loanId, range]);
  }
  listOverdue(loanId: number): Promise<OverdueRecord[]> {
    return this.call('listOverdue', [loanId]);
  }
  listLoanProgress(memberId: number): Promise<LoanProgress[]> {
    return this.call('listLoanProgress', [memberId]);
  }
  listCounterRegistrations(memberId: number): Promise<CounterRegistration[]> {
    return this.call('listCounterRegistrations', [memberId]);
  }
  listOutlets(): Promise<Outlet[]> {
    return this.call('listOutlets', []);
  }
  listHousingProjects(nameContains?: string): Promise<HousingProject[]> {
    return this.call('listHousingProjects', [nameContains]);
  }
  listInterestRates(): Promise<InterestRate[]> {
    return this.call('listInterestRates', []);
  }

  submitBusiness(request: BusinessRequest): Promise<BusinessResult> {
    return this.call('submitBusiness', [request]);
  }
  businessStatus(serial: string): Promise<BusinessResult | null> {
    return this.call('businessStatus', [serial]);
  }
  listEvents(after: number, limit: number): Promise<EventPage> {
    return this.call('listEvents', [after, limit]);
  }
}
