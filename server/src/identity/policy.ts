/**
 * The numbers of identity and security in one place, each with where it comes from.
 */
export const SMS = {
  digits: 6,
  /** 001 1.2: “验证码 10 分钟有效”. */
  validSeconds: 10 * 60,
  /** The “重新获取” button waits a minute; Tencent Cloud's own default allows one message per 30 s. */
  resendAfterSeconds: 60,
  /** Wrong entries before a code is void and a new one must be asked for. */
  maxAttempts: 5,
  /** Sends to one phone within 24 hours (Tencent Cloud's default daily policy is 10 too). */
  maxPerDay: 10,
} as const;

/** Lock-out after repeated wrong passwords (A3), for the login and the business password each. */
export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;

export const SESSION = {
  /** An ordinary session ends after 30 minutes without a request, and after 12 hours in any case. */
  standard: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 },
  /** 001 1.1 / 4.4 自动登录: a device session that keeps the member logged in, still bounded. */
  autoLogin: { idleSeconds: 30 * 24 * 3600, absoluteSeconds: 90 * 24 * 3600 },
  /** Sliding expiry is written at most once a minute per session. */
  touchEverySeconds: 60,
} as const;

export const FACE = {
  /** A BizToken is valid for 7,200 s (FaceID DetectAuth). */
  validSeconds: 7200,
  /** A9 accepts only a fresh face pass: started at most 10 minutes before the confirmation. */
  transactionFreshSeconds: 10 * 60,
} as const;

export const TICKET = {
  /** Between “绑定账户” and “注册” (001 1.2 → 1.3), and between 004 1.4's 下一步 and 提交. */
  flowSeconds: 15 * 60,
  /** An A9 confirmation token is used by the transaction right away. */
  confirmationSeconds: 10 * 60,
} as const;
