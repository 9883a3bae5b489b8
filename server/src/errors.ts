/**
 * API errors carry a stable code, an HTTP status and whether a retry can help (ARCHITECTURE
 * rule 5). Clients match on `code`, never on `message`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryable = false,
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (why = 'not allowed for your role'): ApiError => new ApiError(403, 'FORBIDDEN', why);
export const unauthorized = (): ApiError => new ApiError(401, 'UNAUTHENTICATED', 'log in first');
export const conflict = (code: string, message: string, details?: unknown): ApiError => new ApiError(409, code, message, details);

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly retryable: boolean; readonly details?: unknown };
}

const body = (code: string, message: string, retryable: boolean, details?: unknown): ErrorBody =>
  ({ error: { code, message, retryable, ...(details === undefined ? {} : { details }) } });

/** One place that turns every failure into a coded JSON error; internals never leak. */
export function errorHandler(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    void reply.status(error.status).send(body(error.code, error.message, error.retryable, error.details));
    return;
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const details = fe.validation.map((v) => ({ path: v.instancePath || (v.params as { missingProperty?: string }).missingProperty || '', message: v.message ?? 'invalid' }));
    void reply.status(400).send(body('VALIDATION', `invalid ${fe.validationContext ?? 'request'}: ${fe.message}`, false, details));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', fe.message, false));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || (fe.statusCode === 400 && fe instanceof SyntaxError)) {
    void reply.status(400).send(body('MALFORMED_BODY', fe.message, false));
    return;
  }
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    void reply.status(413).send(body('UPLOAD_TOO_LARGE', fe.message, false));
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send(body(fe.code ?? 'BAD_REQUEST', fe.message, false));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(body('INTERNAL', 'internal error', true));
}
