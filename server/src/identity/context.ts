/**
 * What the identity flows share: the dependencies from app.ts and the parts built on them, and the look-ups of a
 * member by what a person types (name + ID number + phone, or the login account).
 */
import type { CoreGateway, CoreMember } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { TencentCloud } from '../integrations/tencentcloud.js';
import { DomainError } from '../shared/errors.js';
import { idNumberProblem, normalizeIdNumber } from '../shared/id-number.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Limits } from '../limits/index.js';
import type { Logger } from '../shared/logger.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import type { WeChatSns } from '../wechat/api/sns.js';
import { recordAudit, type AuditEntry, type RequestMeta } from './audit.js';
import { FaceVerifications } from './face.js';
import { PasswordChecks } from './password-checks.js';
import { PasswordHasher } from './passwords.js';
import { Sessions } from './sessions.js';
import { SmsCodes } from './sms-codes.js';
import { CredentialStore } from './store.js';

interface IdentityDeps {
  database: Database;
  core: CoreGateway;
  cipher: PiiCipher;
  tencentCloud: TencentCloud;
  logger: Logger;
  /** The business clock (agreements in effect, acceptance times); codes and limits measure elapsed time on the machine's. */
  clock: Clock;
  /** The member sessions (main.ts makes them with the configured cache); made here, uncached, when absent. */
  sessions?: Sessions;
  /** SMS and login limits shared by all instances (limits/). */
  limits: Limits;
  /** WeChat's code exchanges: the only source of openids (wechat-binding.ts). */
  wechatSns: WeChatSns;
}

export interface IdentityContext extends IdentityDeps {
  sessions: Sessions;
  sms: SmsCodes;
  face: FaceVerifications;
  credentials: CredentialStore;
  hasher: PasswordHasher;
  checks: PasswordChecks;
  audit(entry: AuditEntry, meta: RequestMeta | null): Promise<void>;
}

export const passwordPepper = (cipher: PiiCipher) => cipher.deriveKey('identity/password-pepper');

export function createIdentityContext(deps: IdentityDeps): IdentityContext {
  const logger = deps.logger.child({ component: 'identity' });
  const credentials = new CredentialStore(deps.database);
  const hasher = new PasswordHasher(passwordPepper(deps.cipher));
  return {
    ...deps,
    logger,
    sessions: deps.sessions ?? new Sessions(deps.database),
    sms: new SmsCodes({ ...deps, logger, limits: deps.limits.sms, clock: systemClock }), // code expiry is elapsed time
    face: new FaceVerifications({ ...deps, logger }),
    credentials,
    hasher,
    checks: new PasswordChecks(credentials, hasher),
    audit: (entry, meta) => recordAudit(deps.database, entry, meta),
  };
}

/** The messages of an ID number that is not one (GB 11643). */
function validIdNumber(raw: string): string {
  const problem = idNumberProblem(raw);
  if (problem === 'format') throw new DomainError('ID_NUMBER_INVALID', '身份证号码应为18位（最后一位可为X）', 400);
  if (problem === 'birth-date') throw new DomainError('ID_NUMBER_INVALID', '身份证号码中的出生日期有误，请核对', 400);
  if (problem === 'check-digit') throw new DomainError('ID_NUMBER_INVALID', '身份证号码校验位有误，请核对后重新输入', 400);
  return normalizeIdNumber(raw);
}

/** 000 一(一): the manual's words when name, ID number and phone do not match the core's record. */
const notAMember = () => new DomainError('NOT_A_MEMBER', '您不是公积金中心的缴存用户。若您确实缴存公积金，请携带身份证到公积金办理点进行身份确认！', 400);

export interface Identified {
  member: CoreMember;
  idNumber: string;
  phone: string | null;
}

/**
 * The core member with this name and ID number (and phone, when given): registration (A1) and forgot password (A4)
 * start here. A mismatch of any of them is the same answer, so that it tells nothing about which one was wrong.
 */
export async function identify(
  ctx: IdentityContext,
  p: { name: string; idNumber: string; phone?: string },
  mismatch: () => DomainError = notAMember,
): Promise<Identified> {
  const idNumber = validIdNumber(p.idNumber);
  const member = await ctx.core.findMemberByIdNumber(idNumber);
  if (!member || member.name !== p.name.trim()) throw mismatch();
  const contact = await ctx.core.revealContact(member.id);
  if (!contact || (p.phone !== undefined && contact.phone !== p.phone)) throw mismatch();
  return { member, idNumber, phone: contact.phone };
}

/** A3: the login account is an ID number or a phone (001 1.1, 003 2.1); null when no member has it. */
export async function memberByAccount(ctx: IdentityContext, account: string): Promise<CoreMember | null> {
  const a = account.trim();
  if (/^1\d{10}$/.test(a)) return ctx.core.findMemberByPhone(a);
  if (a.length === 18) return ctx.core.findMemberByIdNumber(validIdNumber(a));
  throw new DomainError('ACCOUNT_INVALID', '请输入身份证号码或手机号码', 400);
}
