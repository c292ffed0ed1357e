import type Router from '@koa/router';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { currentMemberId } from '../http/member.js';
import { requestMeta } from '../identity/index.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { certificateList, certificateSummary, codeParams, issueBody, listQuery, verificationResponse } from './schema.js';
import { verificationPageFor } from './verify-page.js';
import { certificatePdf, issueCertificate, listCertificates, verifyCertificate, type CertificateDeps } from './service.js';

interface CertificateRouteDeps {
  core: CoreGateway;
  database: Database;
  config: { publicBaseUrl: string };
  clock: Clock;
  logger?: Logger;
}

/**
 * 电子凭证 (E4, 001 3.3) on `memberRouter` (behind requireMember(): a member reaches only their own) and the
 * public verification (K2) on `publicRouter`.
 */
export function registerCertificateRoutes(memberRouter: Router, publicRouter: Router, registry: OpenApiRegistry, deps: CertificateRouteDeps): void {
  const service: CertificateDeps = {
    core: deps.core,
    database: deps.database,
    publicBaseUrl: deps.config.publicBaseUrl,
    clock: deps.clock,
    logger: deps.logger,
  };
  const tags = ['我的 · 电子凭证'];

  defineRoute(
    memberRouter,
    registry,
    {
      method: 'post',
      path: '/api/me/certificates',
      summary: '开具电子凭证：缴存证明、贷款结清证明、异地转移接续回单 (E4)',
      tags,
      auth: 'member',
      body: issueBody,
      response: certificateSummary,
    },
    async ({ ctx, body }) => issueCertificate(service, currentMemberId(ctx), body, requestMeta(ctx)),
  );

  defineRoute(
    memberRouter,
    registry,
    {
      method: 'get',
      path: '/api/me/certificates',
      summary: '我开具的电子凭证，最新在前 (E4)',
      tags,
      auth: 'member',
      query: listQuery,
      response: certificateList,
    },
    async ({ ctx, query }) => listCertificates(service, currentMemberId(ctx), query),
  );

  defineRoute(
    memberRouter,
    registry,
    {
      method: 'get',
      path: '/api/me/certificates/:code/pdf',
      summary: '下载电子凭证 PDF（仅本人）(E4)',
      tags,
      auth: 'member',
      params: codeParams,
      produces: 'application/pdf',
    },
    async ({ ctx, params }) => {
      const { bytes, fileName } = await certificatePdf(service, currentMemberId(ctx), params.code);
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  );

  // A browser or a phone's camera (the QR code on the PDF) gets a page in Chinese; API clients the JSON below.
  publicRouter.get('/api/public/certificates/:code', verificationPageFor(service));
  defineRoute(
    publicRouter,
    registry,
    {
      method: 'get',
      path: '/api/public/certificates/:code',
      summary: '核验电子凭证：验证码对应的凭证是否真实、所载内容（个人信息脱敏）(K2)',
      tags: ['公开 · 凭证核验'],
      params: codeParams,
      response: verificationResponse,
    },
    async ({ params }) => verifyCertificate(service, params.code),
  );
}
