/**
 * Face verification through Tencent Cloud FaceID (慧眼): A1 face registration (001 1.2), A3 face login (001 1.1,
 * 003 2.1), A9 confirmation before a transaction and the spouse's confirmation (001 2.3, 2.5).
 *
 * The server starts every verification itself, for one purpose and one expected person (DetectAuth with the
 * member's name and ID number → BizToken and the URL / mini-program plugin token), and later reads the result
 * (GetDetectInfoEnhanced). A result counts only when it is a pass (ErrCode 0, Sim ≥ 70) of that same person, within
 * the BizToken's validity, for the purpose it was started for, and only once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { faceVerifications, type FacePurpose } from './tables.js';
import { TencentCloudError, type DetectInfo, type TencentCloud } from '../integrations/tencentcloud.js';
import { DomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { FACE } from './policy.js';
import { tokenHash } from '../shared/tokens.js';

export interface FaceStarted {
  /** Hand to the FaceID mini-program plugin, and back to the server with the result. */
  bizToken: string;
  /** The H5 verification page (web clients). */
  url: string;
  expiresAt: string;
}

interface FaceDeps {
  database: Database;
  core: CoreGateway;
  tencentCloud: TencentCloud;
  logger: Logger;
}

const faceError = (code: string, message: string, status = 400) => new DomainError(code, message, status);

export class FaceVerifications {
  constructor(private readonly deps: FaceDeps) {}

  private get db() {
    return this.deps.database.db;
  }

  private async person(memberId: number): Promise<{ name: string; idNumber: string }> {
    const [member, contact] = await Promise.all([this.deps.core.getMember(memberId), this.deps.core.revealContact(memberId)]);
    if (!member || !contact) throw new DomainError('MEMBER_NOT_FOUND', '未找到缴存职工信息', 404);
    return { name: member.name, idNumber: contact.idNumber };
  }

  async start(p: { memberId: number; purpose: FacePurpose; reference?: string | null }): Promise<FaceStarted> {
    const person = await this.person(p.memberId);
    let started: { url: string; bizToken: string };
    try {
      // Extra carries the purpose only: it comes back in the result and must hold no personal data.
      started = await this.deps.tencentCloud.detectAuth({ name: person.name, idCard: person.idNumber, extra: p.purpose });
    } catch (err) {
      throw this.unavailable(err);
    }
    const now = new Date();
    const expiresAt = new Date(now.getTime() + FACE.validSeconds * 1000);
    await this.db.insert(faceVerifications).values({
      bizTokenHash: tokenHash(started.bizToken),
      purpose: p.purpose,
      memberId: p.memberId,
      reference: p.reference ?? null,
      createdAt: now,
      expiresAt,
    });
    return { bizToken: started.bizToken, url: started.url, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Accepts the result of a verification this server started, once. `memberId` / `reference`, when given, must be
   * those it was started with; `freshSeconds` narrows the validity (A9 wants a fresh pass).
   */
  async consumePass(p: {
    bizToken: string;
    purpose: FacePurpose;
    memberId?: number;
    reference?: string;
    freshSeconds?: number;
  }): Promise<{ memberId: number }> {
    const [row] = await this.db
      .select()
      .from(faceVerifications)
      .where(eq(faceVerifications.bizTokenHash, tokenHash(p.bizToken)));
    if (
      !row ||
      row.purpose !== p.purpose ||
      (p.memberId !== undefined && row.memberId !== p.memberId) ||
      (p.reference !== undefined && row.reference !== p.reference)
    ) {
      throw faceError('FACE_TOKEN_INVALID', '人脸核身凭证无效，请重新进行人脸识别');
    }
    if (row.result === 'refused') throw faceError('FACE_NOT_PASSED', '人脸核身未通过，请重新进行人脸识别', 403);
    if (row.consumedAt) throw faceError('FACE_ALREADY_USED', '该次人脸核身结果已使用过，请重新进行人脸识别', 409);
    const now = Date.now();
    const fresh = p.freshSeconds === undefined || now - row.createdAt.getTime() <= p.freshSeconds * 1000;
    if (now > row.expiresAt.getTime() || !fresh) throw faceError('FACE_EXPIRED', '人脸核身已过期，请重新进行人脸识别');

    let info: DetectInfo;
    try {
      info = await this.deps.tencentCloud.getDetectInfo(p.bizToken);
    } catch (err) {
      if (err instanceof TencentCloudError && err.code === 'InvalidParameterValue.BizTokenExpired') {
        throw faceError('FACE_EXPIRED', '人脸核身已过期，请重新进行人脸识别');
      }
      throw this.unavailable(err);
    }
    if (info.pending) throw faceError('FACE_PENDING', '人脸核身尚未完成，请完成后再试', 409);
    if (info.errCode === 15) throw faceError('FACE_EXPIRED', '人脸核身已过期，请重新进行人脸识别');

    const expected = await this.person(row.memberId);
    const samePerson = info.idCard.toUpperCase() === expected.idNumber && info.name === expected.name;
    const passed = info.passed && samePerson;
    const settled = await this.db
      .update(faceVerifications)
      .set({ result: passed ? 'passed' : 'refused', checkedAt: new Date(), consumedAt: new Date() })
      .where(and(eq(faceVerifications.id, row.id), isNull(faceVerifications.consumedAt)))
      .returning({ id: faceVerifications.id });
    if (!settled.length) throw faceError('FACE_ALREADY_USED', '该次人脸核身结果已使用过，请重新进行人脸识别', 409);
    if (!passed) {
      this.deps.logger.info({ faceErrCode: info.errCode, sim: info.sim, samePerson }, 'face verification refused');
      throw faceError('FACE_NOT_PASSED', info.passed ? '人脸核身未通过：核验的不是本人' : `人脸核身未通过${info.errMsg ? `：${info.errMsg}` : ''}`, 403);
    }
    return { memberId: row.memberId };
  }

  private unavailable(err: unknown): DomainError {
    const tc = err instanceof TencentCloudError ? err : null;
    this.deps.logger.warn({ tencentCloudError: tc?.code ?? 'unknown', tencentCloudRequestId: tc?.requestId, err: tc ? undefined : err }, 'FaceID call failed');
    return new DomainError('FACEID_UNAVAILABLE', '人脸识别服务暂时不可用，请稍后再试', 502);
  }
}
