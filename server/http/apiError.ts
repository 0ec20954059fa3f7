/**
 * The one error shape of the wire protocol (docs/protocol.md "Errors"), used by HTTP responses
 * and failed socket acknowledgements alike.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT'
  | 'RATE_LIMITED' | 'LOCKED' | 'PAYLOAD_TOO_LARGE' | 'TIME_UP' | 'BUSY' | 'INTERNAL';

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  LOCKED: 423,
  RATE_LIMITED: 429,
  TIME_UP: 409,
  /** The service's queues are full; nothing was written (server/assessment/serviceBusy.ts). */
  BUSY: 503,
  INTERNAL: 500,
};

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds a client should wait before retrying (429/423). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = statusOf[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function validationFailed(message: string, details: ErrorDetail[]): ApiError {
  return new ApiError('VALIDATION_FAILED', message, details);
}

/** Anything thrown that is not an ApiError is an internal failure; its text is not leaked. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('INTERNAL', 'Something went wrong on the server. Please try again.');
}
