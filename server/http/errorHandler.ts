import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, toApiError } from './apiError';

/** express.json's own failures, recognised by the `type` its errors carry (body-parser). */
function fromBodyParser(error: { type?: unknown; limit?: unknown }): ApiError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than the ${String(error.limit)}-byte limit.`);
    case 'entity.parse.failed':
      return new ApiError('VALIDATION_FAILED', 'The request body is not valid JSON.', [{ path: '', message: 'is not valid JSON' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('VALIDATION_FAILED', 'The request body must be UTF-8 JSON.', [{ path: '', message: 'has an unsupported encoding' }]);
    default:
      return undefined;
  }
}

/** Every failure, including malformed JSON and oversized bodies, leaves as the documented error body. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const parsed = typeof error === 'object' && error !== null ? fromBodyParser(error as { type?: unknown }) : undefined;
    const apiError = parsed ?? toApiError(error);
    if (apiError.code === 'INTERNAL') logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    if (apiError.retryAfterSeconds !== undefined) res.set('Retry-After', String(apiError.retryAfterSeconds));
    res.status(apiError.status).json(apiError.toBody());
  };
}

export function notFoundHandler(req: Request): never {
  throw new ApiError('NOT_FOUND', `No such endpoint: ${req.method} ${req.path}`);
}
