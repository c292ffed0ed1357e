/**
 * Electronic certificates (E4, K2): issue one from the member's current data, list the member's own, download
 * the PDF (owner only), and tell anyone whether a code belongs to a genuine certificate and what it states.
 */
import type { Clock } from '../shared/clock.js';
import { createHash } from 'node:crypto';
import type { CoreGateway } from '../core/gateway.js';
import { CENTER_NAME } from '../core/builtin/seed/reference.js';
import type { Database } from '../db/client.js';
import { recordAudit, type RequestMeta } from '../identity/index.js';
import { todayShanghai } from '../shared/dates.js';
import { notFound } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { maskName } from '../shared/mask.js';
import { groupCode, newVerificationCode, normalizeCode } from './code.js';
import { gatherSubject, type CertificateFacts, type CertificateKind, type IssueRequest } from './facts.js';
import { CERTIFICATE_TITLES, chineseDate, presentCertificate } from './present.js';
import { CertificateStore, type StoredCertificate } from './store.js';
import type { renderCertificatePdf } from './pdf.js';

export interface CertificateDeps {
  core: CoreGateway;
  database: Database;
  /** Where this server is reached from outside: the verification URL printed on each certificate. */
  publicBaseUrl: string;
  /** The issue date printed on the certificate. */
  clock: Clock;
  /** The issuing center, as printed; the built-in core's center unless a deployment names its own. */
  centerName?: string;
  logger?: Logger;
}

const verifyPath = (code: string) => `/api/public/certificates/${groupCode(code)}`;
const downloadPath = (code: string) => `/api/me/certificates/${groupCode(code)}/pdf`;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function summaryOf(c: StoredCertificate) {
  return {
    code: groupCode(c.code),
    kind: c.kind,
    title: CERTIFICATE_TITLES[c.kind],
    issuedOn: c.facts.issuedOn,
    issuedAt: c.issuedAt.toISOString(),
    downloadUrl: downloadPath(c.code),
    verifyUrl: c.facts.verifyUrl,
    pdfSha256: c.pdfSha256,
    pdfSizeBytes: c.pdfSizeBytes,
  };
}

type CertificateSummary = ReturnType<typeof summaryOf>;

export async function issueCertificate(
  deps: CertificateDeps,
  memberId: number,
  request: IssueRequest,
  meta: RequestMeta | null = null,
): Promise<CertificateSummary> {
  const { member, subject } = await gatherSubject(deps.core, memberId, request);
  const store = new CertificateStore(deps.database);
  // 80 random bits make a clash all but impossible; the UNIQUE constraint turns one into another draw.
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = newVerificationCode();
    const issuedAt = deps.clock.now();
    const facts: CertificateFacts = {
      version: 1,
      centerName: deps.centerName ?? CENTER_NAME,
      issuedOn: todayShanghai(issuedAt),
      verifyUrl: `${deps.publicBaseUrl.replace(/\/+$/, '')}${verifyPath(code)}`,
      holder: { name: member.name, idNumberMasked: member.idNumberMasked },
      subject,
    };
    const pdf = await renderPdf({ facts, code, issuedAt });
    const stored = await store.insert({ code, kind: request.kind, memberId, facts, pdfSha256: sha256(pdf), pdfSizeBytes: pdf.length, issuedAt });
    if (stored) {
      await recordAudit(
        deps.database,
        { memberId, action: 'certificate.issue', target: `certificate:${stored.id}`, result: 'success', details: { kind: request.kind } },
        meta,
      );
      deps.logger?.info({ memberId, kind: request.kind, certificateId: stored.id, bytes: pdf.length }, 'certificate issued');
      return summaryOf(stored);
    }
  }
  throw new Error('could not draw an unused verification code');
}

export async function listCertificates(deps: CertificateDeps, memberId: number, page: { page: number; pageSize: number }) {
  const { items, total } = await new CertificateStore(deps.database).listForMember(memberId, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  return { items: items.map(summaryOf), total, page: page.page, pageSize: page.pageSize };
}

const NOT_YOURS = () => notFound('CERTIFICATE_NOT_FOUND', '未找到该电子凭证');

/** The PDF as issued, drawn again from the stored facts (rendering is deterministic, so the hash matches). */
export async function certificatePdf(deps: CertificateDeps, memberId: number, codeInput: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const code = normalizeCode(codeInput);
  const c = code ? await new CertificateStore(deps.database).byCodeForMember(code, memberId) : null;
  if (!c) throw NOT_YOURS();
  const bytes = await renderPdf({ facts: c.facts, code: c.code, issuedAt: c.issuedAt });
  if (sha256(bytes) !== c.pdfSha256) {
    // The renderer or its font changed since issue: the content is the same facts, the bytes are not.
    deps.logger?.warn({ certificateId: c.id }, 'certificate PDF differs from the one issued');
  }
  return { bytes, fileName: `${CERTIFICATE_TITLES[c.kind]}-${groupCode(c.code)}.pdf` };
}

/** K2: anyone holding a code learns whether it is genuine and what it states, with personal data masked. */
export async function verifyCertificate(deps: CertificateDeps, codeInput: string) {
  const code = normalizeCode(codeInput);
  const c = code ? await new CertificateStore(deps.database).byCode(code) : null;
  if (!c) {
    throw notFound('CERTIFICATE_NOT_FOUND', '未找到与该验证码对应的电子凭证，请核对验证码；无法核验的凭证不是本中心出具的');
  }
  const text = presentCertificate(c.facts, { masked: true });
  return {
    genuine: true as const,
    code: groupCode(c.code),
    kind: c.kind as CertificateKind,
    title: text.title,
    centerName: c.facts.centerName,
    issuedOn: c.facts.issuedOn,
    issuedOnText: chineseDate(c.facts.issuedOn),
    issuedAt: c.issuedAt.toISOString(),
    holder: { nameMasked: maskName(c.facts.holder.name), idNumberMasked: c.facts.holder.idNumberMasked },
    statement: text.intro,
    items: text.rows,
    pdfSha256: c.pdfSha256,
    message: `验证码 ${groupCode(c.code)} 对应${c.facts.centerName}于${chineseDate(c.facts.issuedOn)}出具的${text.title}，凭证真实。`,
  };
}

/** pdf-lib, fontkit and the font are loaded on the first certificate, not at every start (~2 s). */
const renderPdf: typeof renderCertificatePdf = async (input) => (await import('./pdf.js')).renderCertificatePdf(input);
