/**
 * Typed domain errors. Services throw these; one middleware (app.ts) turns them into
 * HTTP `{ code, message }`. `code` is stable English (clients switch on it), `message` is Chinese,
 * written for the member.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string) => new DomainError(code, message, 404);
export const unauthorized = (code: string, message: string) => new DomainError(code, message, 401);
export const forbidden = (code: string, message: string) => new DomainError(code, message, 403);
export const conflict = (code: string, message: string) => new DomainError(code, message, 409);
