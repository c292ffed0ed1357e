/**
 * Per-action request frequency limits (RequestLimitExceeded, as each API page documents: "默认接口请求频率限制") and
 * failure injection (a random fail rate, or the next N calls of an action failing with a given code).
 */
import { TcApiError, injectedError, tcErrors } from './errors.js';

/** Documented default limits per second: FaceID (…/1007/31320) and SMS SendSms (…/382/55981). */
export const DEFAULT_REQUEST_LIMITS: Readonly<Record<string, number>> = {
  DetectAuth: 100,
  GetDetectInfoEnhanced: 100,
  SendSms: 3000,
};

export interface FailNext {
  /** Only calls of this action fail; every action when omitted. */
  action?: string;
  count?: number;
  code?: string;
  message?: string;
}

export class Faults {
  private readonly queue: Array<Required<Pick<FailNext, 'count' | 'code'>> & FailNext> = [];
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limits: Readonly<Record<string, number>>,
    private failRate = 0,
    private failRateCode = 'InternalError',
  ) {}

  failNext(f: FailNext): void {
    this.queue.push({ ...f, count: f.count ?? 1, code: f.code ?? 'InternalError' });
  }

  setFailRate(rate: number, code = 'InternalError'): void {
    this.failRate = rate;
    this.failRateCode = code;
  }

  reset(): void {
    this.queue.length = 0;
    this.recent.clear();
    this.failRate = 0;
  }

  /** Sliding one-second window on the real clock; every call counts, refused ones included. */
  checkRate(action: string, nowMs: number): TcApiError | undefined {
    const limit = this.limits[action];
    if (limit === undefined) return undefined;
    const times = (this.recent.get(action) ?? []).filter((t) => nowMs - t < 1000);
    times.push(nowMs);
    this.recent.set(action, times);
    return times.length > limit ? tcErrors.requestLimitExceeded(action, limit) : undefined;
  }

  injected(action: string): TcApiError | undefined {
    const i = this.queue.findIndex((f) => !f.action || f.action === action);
    if (i >= 0) {
      const f = this.queue[i]!;
      f.count -= 1;
      if (f.count <= 0) this.queue.splice(i, 1);
      return injectedError(f.code, f.message);
    }
    if (this.failRate > 0 && Math.random() < this.failRate) return injectedError(this.failRateCode);
    return undefined;
  }
}
