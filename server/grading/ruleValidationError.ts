/**
 * Errors the pure grading and credit rules raise. They carry the protocol's error code and
 * `{path, message}` details so the HTTP shell can pass them on unchanged
 * (docs/protocol.md "Errors"); the rules themselves never touch HTTP.
 */
export interface RuleViolation {
  /** JSON pointer into the input that broke the rule, e.g. "/cuts/2". */
  path: string;
  message: string;
}

export class RuleValidationError extends Error {
  readonly code = 'VALIDATION_FAILED' as const;

  constructor(message: string, readonly details: readonly RuleViolation[]) {
    super(message);
    this.name = 'RuleValidationError';
  }
}

/** A request that conflicts with what is already recorded (e.g. a second award on the same results). */
export class RuleConflictError extends Error {
  readonly code = 'CONFLICT' as const;

  constructor(message: string, readonly details: readonly RuleViolation[] = []) {
    super(message);
    this.name = 'RuleConflictError';
  }
}

/** Throws a RuleValidationError when `violations` is not empty. */
export function assertNoViolations(message: string, violations: readonly RuleViolation[]): void {
  if (violations.length > 0) throw new RuleValidationError(message, violations);
}
