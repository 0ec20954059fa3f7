import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../apiError';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request must carry `X-Waymark-CSRF: 1` (a header a cross-site form or
 * image cannot send without a CORS preflight we never grant) and, when it has a body, a JSON
 * content type. Together with the SameSite=Strict cookie this is the CSRF defence.
 */
export function csrfGuard(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  if (req.get('x-waymark-csrf') !== '1') {
    throw new ApiError('FORBIDDEN', 'Missing the X-Waymark-CSRF header: requests that change data must come from the Waymark app.');
  }
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    throw new ApiError('FORBIDDEN', 'Requests that change data must send JSON (Content-Type: application/json).');
  }
  next();
}
