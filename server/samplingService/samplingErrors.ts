/**
 * Sampling failures leave no sampling data in the logs: a database error can quote the document
 * it failed on (a posterior, a pseudonymous key, a school's sample), so an unexpected error is
 * logged by name and code only and reaches the client as the protocol's INTERNAL error.
 */
import type { Logger } from 'pino';
import { ApiError } from '../http/apiError';

export function redactedFailure(logger: Logger, error: unknown, where: string): ApiError {
  if (error instanceof ApiError) return error;
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  logger.error({ where, errorName: typeof name === 'string' ? name : 'Error', errorCode: typeof code === 'number' || typeof code === 'string' ? code : undefined }, 'sampling operation failed (details withheld: sampling data)');
  return new ApiError('INTERNAL', 'Something went wrong on the server. Please try again.');
}

/** Wraps a socket handler so an unexpected failure is logged without its details. */
export function withRedactedErrors<T, A extends unknown[]>(logger: Logger, where: string, handle: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args: A) => {
    try {
      return await handle(...args);
    } catch (error) {
      throw redactedFailure(logger, error, where);
    }
  };
}
