import { ApiError } from '../http/apiError';
import { RuleConflictError, RuleValidationError } from '../grading/ruleValidationError';

/**
 * The pure grading rules raise RuleValidationError / RuleConflictError with {path, message}
 * details; the HTTP shell passes them on as the protocol's VALIDATION_FAILED / CONFLICT.
 * `prefix` re-roots the paths at the request body field the rule input came from.
 */
export function ruleErrorAsApiError(error: unknown, prefix = ''): unknown {
  if (error instanceof RuleValidationError || error instanceof RuleConflictError) {
    return new ApiError(error.code, error.message, error.details.map((d) => ({ path: prefix + d.path, message: d.message })));
  }
  return error;
}
