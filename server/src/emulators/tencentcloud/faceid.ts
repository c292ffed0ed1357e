/**
 * FaceID (人脸核身, version 2018-03-01): DetectAuth and GetDetectInfoEnhanced.
 *
 * - DetectAuth (cloud.tencent.com/document/api/1007/31816) → { Url, BizToken }; the BizToken is valid 7,200 s for the
 *   user to verify; an unknown RuleId is InvalidParameterValue.RuleIdNotExist.
 * - GetDetectInfoEnhanced (…/1007/41957) → { Text, IdCardData, BestFrame, VideoData, … }; results readable for 3 days
 *   after the BizToken was issued, then InvalidParameterValue.BizTokenExpired; an unknown token is InvalidParameter
 *   "非法BizToken。" (the API's own example).
 * - Text.ErrCode follows the FaceID return codes (…/product/1007/31082): 0 成功, 15 Token 过期, 17 本次流程未完成,
 *   1002 疑似非真人录制 (liveness), 2016 相似度未达到通过阈值 (Sim < 70: not the same person).
 *
 * The user's side (the H5 page or mini-program plugin) does not exist here: a control call decides the outcome.
 */
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { TcApiError, tcErrors } from './errors.js';
import { ignored, parseParams } from './params.js';

export const FACEID_VERSION = '2018-03-01';
const BIZ_TOKEN_TTL_MS = 7200 * 1000;
const RESULT_TTL_MS = 3 * 24 * 3600 * 1000;

export const FACE_RESULTS = ['pass', 'fail', 'other-person', 'expired'] as const;
export type FaceResult = (typeof FACE_RESULTS)[number];

export interface FaceOutcome {
  result: FaceResult;
  /** The ID number / name the user verified with (defaults: those given to DetectAuth). */
  idCard?: string;
  name?: string;
  /** Similarity as the API spells it, a decimal string in [0, 100]. */
  sim?: string;
}

interface DetectSession {
  bizToken: string;
  ruleId: string;
  idCard: string;
  name: string;
  redirectUrl: string;
  extra: string;
  issuedAt: number;
  outcome?: FaceOutcome & { at: number };
}

const BIZ_TOKEN_RE = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const ID_CARD_RE = /^\d{17}[\dX]$/; // "若身份证号包含字母，该字母必须为大写 X"

const detectAuthSchema = z.object({
  RuleId: z.string().min(1),
  IdCard: z.string().regex(ID_CARD_RE).optional(),
  Name: z.string().min(1).max(32).optional(),
  RedirectUrl: z.string().max(1024).optional(),
  Extra: z.string().max(1024).optional(),
  TerminalType: ignored,
  ImageBase64: ignored,
  Encryption: ignored,
  IntentionVerifyText: ignored,
  IntentionQuestions: ignored,
  IntentionActions: ignored,
  Config: ignored,
});

const getDetectInfoSchema = z.object({
  BizToken: z.string().min(1),
  RuleId: z.string().min(1),
  InfoType: z
    .string()
    .regex(/^[0-6]{1,7}$/)
    .optional(),
  BestFramesCount: z.number().int().min(0).optional(),
  IsCutIdCardImage: z.boolean().optional(),
  IsNeedIdCardAvatar: z.boolean().optional(),
  IsEncrypt: z.boolean().optional(),
  Encryption: ignored,
  IsEncryptResponse: z.boolean().optional(),
  IsReturnAllVideo: z.boolean().optional(),
});

const SUCCESS = '成功';
const TEXT_BY_CODE: Record<number, string> = {
  15: 'Token 过期，请重试',
  17: '本次流程未完成',
  1002: '疑似非真人录制',
  2016: '无法判断为同一人，请确认身份后重试(相似度未达到通过阈值)',
};

interface FaceIdOptions {
  ruleIds: readonly string[];
  now: () => number;
  /** Where the emulator's stand-in H5 page lives (the `Url` DetectAuth returns). */
  h5Base: () => string;
}

export class FaceIdEmulator {
  private readonly sessions = new Map<string, DetectSession>();

  constructor(private readonly opts: FaceIdOptions) {}

  readonly actions: Record<string, (params: Record<string, unknown>) => object> = {
    DetectAuth: (p) => this.detectAuth(p),
    GetDetectInfoEnhanced: (p) => this.getDetectInfoEnhanced(p),
  };

  /** Decides what the user did with the BizToken (the control API). */
  setResult(bizToken: string, outcome: FaceOutcome): void {
    const session = this.sessions.get(bizToken);
    if (!session) throw new TcApiError('InvalidParameter', '非法BizToken。');
    session.outcome = { ...outcome, at: this.opts.now() };
  }

  session(bizToken: string): { redirectUrl: string } | undefined {
    const s = this.sessions.get(bizToken);
    return s && { redirectUrl: s.redirectUrl };
  }

  reset(): void {
    this.sessions.clear();
  }

  private detectAuth(params: Record<string, unknown>) {
    const p = parseParams(detectAuthSchema, params);
    if (p.Encryption !== undefined) throw tcErrors.unsupportedOperation('The emulator does not implement Encryption.');
    if (!this.opts.ruleIds.includes(p.RuleId)) {
      throw new TcApiError('InvalidParameterValue.RuleIdNotExist', 'RuleId不存在，请到人脸核身控制台申请。');
    }
    const bizToken = randomUUID().toUpperCase();
    this.sessions.set(bizToken, {
      bizToken,
      ruleId: p.RuleId,
      idCard: p.IdCard ?? '',
      name: p.Name ?? '',
      redirectUrl: p.RedirectUrl ?? '',
      extra: p.Extra ?? '',
      issuedAt: this.opts.now(),
    });
    return { Url: `${this.opts.h5Base()}/__faceid/h5?token=${bizToken}`, BizToken: bizToken };
  }

  private getDetectInfoEnhanced(params: Record<string, unknown>) {
    const p = parseParams(getDetectInfoSchema, params);
    if (p.Encryption !== undefined || p.IsEncryptResponse) {
      throw tcErrors.unsupportedOperation('The emulator does not implement Encryption.');
    }
    if (!BIZ_TOKEN_RE.test(p.BizToken)) throw new TcApiError('InvalidParameterValue.BizTokenIllegal', 'BizToken不合法。');
    const session = this.sessions.get(p.BizToken);
    if (!session || session.ruleId !== p.RuleId) throw new TcApiError('InvalidParameter', '非法BizToken。');
    if (this.opts.now() - session.issuedAt > RESULT_TTL_MS) {
      throw new TcApiError('InvalidParameterValue.BizTokenExpired', 'BizToken过期。');
    }
    const infoType = p.InfoType ?? '0';
    const wants = (part: string) => infoType.includes('0') || infoType.includes(part);
    return {
      Text: wants('1') ? this.text(session) : null,
      IdCardData: wants('2')
        ? { OcrFront: null, OcrBack: null, ProcessedFrontImage: null, ProcessedBackImage: null, Avatar: null, WarnInfos: null, BackWarnInfos: null }
        : null,
      BestFrame: wants('3') ? { BestFrame: null, BestFrames: [] } : null,
      VideoData: wants('4') ? { LivenessVideo: null } : null,
      Encryption: { EncryptList: [], CiphertextBlob: '', Iv: '', Algorithm: '', TagList: [] },
      EncryptedBody: '',
      IntentionVerifyData: null,
      IntentionQuestionResult: null,
      IntentionActionResult: null,
      IsVerifyIntention: false,
    };
  }

  private text(s: DetectSession) {
    const o = s.outcome;
    const lapsed = !o && this.opts.now() - s.issuedAt > BIZ_TOKEN_TTL_MS;
    if (!o || o.result === 'expired' || lapsed) {
      const code = !o && !lapsed ? 17 : 15;
      return baseText({ code, idCard: '', name: '', extra: s.extra });
    }
    const idCard = o.idCard ?? s.idCard;
    const name = o.name ?? s.name;
    if (o.result === 'fail') {
      return { ...baseText({ code: 1002, idCard, name, extra: s.extra }), LiveStatus: 1002, LiveMsg: TEXT_BY_CODE[1002] };
    }
    const passed = o.result === 'pass';
    const sim = o.sim ?? (passed ? '95.51' : '38.47');
    const code = passed ? 0 : 2016;
    const msg = passed ? SUCCESS : TEXT_BY_CODE[2016]!;
    return {
      ...baseText({ code, idCard, name, extra: s.extra }),
      LiveStatus: 0,
      LiveMsg: SUCCESS,
      Comparestatus: code,
      Comparemsg: msg,
      Sim: sim,
      CompareLibType: '权威库',
      LivenessMode: 1,
      LivenessDetail: [
        {
          ReqTime: String(o.at),
          Seq: randomUUID(),
          Idcard: idCard,
          Name: name,
          Sim: sim,
          IsNeedCharge: true,
          Errcode: code,
          Errmsg: msg,
          Livestatus: 0,
          Livemsg: SUCCESS,
          Comparestatus: code,
          Comparemsg: msg,
          CompareLibType: '权威库',
          LivenessMode: 1,
        },
      ],
    };
  }
}

function baseText(p: { code: number; idCard: string; name: string; extra: string }) {
  return {
    ErrCode: p.code,
    ErrMsg: p.code === 0 ? SUCCESS : (TEXT_BY_CODE[p.code] ?? ''),
    IdCard: p.idCard,
    UseIDType: 0,
    Name: p.name,
    OcrNation: null,
    OcrAddress: null,
    OcrBirth: null,
    OcrAuthority: null,
    OcrValidDate: null,
    OcrName: '',
    OcrIdCard: '',
    OcrGender: null,
    IdInfoFrom: '其他',
    LiveStatus: null as number | null,
    LiveMsg: null as string | null,
    Comparestatus: null as number | null,
    Comparemsg: null as string | null,
    Sim: null as string | null,
    Location: null,
    Extra: p.extra,
    LivenessDetail: [] as object[],
    LivenessInfoTag: null,
    Mobile: '',
    CompareLibType: null as string | null,
    LivenessMode: null as number | null,
    NFCRequestIds: [],
    NFCBillingCounts: 0,
    PassNo: null,
    VisaNum: null,
    LivenessActionSequence: null,
  };
}
