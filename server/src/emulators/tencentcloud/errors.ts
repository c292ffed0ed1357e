/**
 * Tencent Cloud API 3.0 envelopes and the error codes the emulator speaks.
 * Shapes and messages follow the public "common error codes" page (e.g. cloud.tencent.com/document/api/382/52075):
 * success `{ Response: { ...data, RequestId } }`, failure `{ Response: { Error: { Code, Message }, RequestId } }`,
 * always with HTTP 200 (the SDK only parses the body of a 200).
 * Messages name parameters, never their values: no phone or ID number ever appears in an error.
 */
import { randomUUID } from 'node:crypto';

export class TcApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TcApiError';
  }
}

export const newRequestId = (): string => randomUUID();

export const okEnvelope = (data: object, requestId: string) => ({ Response: { ...data, RequestId: requestId } });

export const errorEnvelope = (code: string, message: string, requestId: string) => ({
  Response: { Error: { Code: code, Message: message }, RequestId: requestId },
});

export const tcErrors = {
  signatureFailure: (why?: string) =>
    new TcApiError(
      'AuthFailure.SignatureFailure',
      `The provided credentials could not be validated. Please check your signature is correct.${why ? ` (${why})` : ''}`,
    ),
  secretIdNotFound: () => new TcApiError('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.'),
  signatureExpire: (timestamp: number, serverNow: number) =>
    new TcApiError(
      'AuthFailure.SignatureExpire',
      `Signature expired. Timestamp(${timestamp}) and server time(${serverNow}) cannot differ by more than five minutes.`,
    ),
  invalidAuthorization: (why: string) => new TcApiError('AuthFailure.InvalidAuthorization', `Authorization in the request header is invalid: ${why}.`),
  missingParameter: (name: string) => new TcApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`),
  invalidParameter: (why: string) => new TcApiError('InvalidParameter', why),
  invalidParameterValue: (name: string, why = 'is invalid') => new TcApiError('InvalidParameterValue', `The value of parameter \`${name}\` ${why}.`),
  unknownParameter: (name: string) => new TcApiError('UnknownParameter', `The parameter \`${name}\` is not recognized.`),
  invalidAction: (action: string, service: string) => new TcApiError('InvalidAction', `The action \`${action}\` does not exist for service \`${service}\`.`),
  noSuchVersion: (version: string, service: string) =>
    new TcApiError('NoSuchVersion', `The API version \`${version}\` of service \`${service}\` does not exist.`),
  noSuchProduct: (service: string) =>
    new TcApiError(
      'NoSuchProduct',
      `The product \`${service}\` does not exist. The SDK signs for the first label of its endpoint: ` +
        'use endpoint `<service>.localhost:<port>` (see emulators/tencentcloud/server.ts).',
    ),
  unsupportedRegion: (region: string) => new TcApiError('UnsupportedRegion', `The API does not support the requested region \`${region}\`.`),
  unsupportedOperation: (why: string) => new TcApiError('UnsupportedOperation', why),
  requestLimitExceeded: (action: string, limit: number) =>
    new TcApiError(
      'RequestLimitExceeded',
      `Your current request times exceed the frequency limit of ${limit} per second for \`${action}\`. Please reduce the frequency of calls.`,
    ),
  requestSizeLimitExceeded: () => new TcApiError('RequestSizeLimitExceeded', 'The request size exceeds the limit of 10 MB.'),
  internalError: () => new TcApiError('InternalError', 'An internal error has occurred. Retry your request, but if the problem persists, contact us.'),
};

/** Messages for codes that failure injection may produce. */
export function injectedError(code: string, message?: string): TcApiError {
  if (message) return new TcApiError(code, message);
  if (code === 'InternalError') return tcErrors.internalError();
  if (code === 'RequestLimitExceeded') return tcErrors.requestLimitExceeded('this action', 0);
  return new TcApiError(code, `Injected failure \`${code}\`.`);
}
