import type { FieldError } from './types';

/**
 * Bad input to a sampling computation: carries every problem found, line-numbered where a CSV
 * line is involved, so the HTTP layer can answer 400 VALIDATION_FAILED with all of them.
 */
export class SamplingInputError extends Error {
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super(errors.map((e) => (e.line === null ? `${e.field}: ${e.message}` : `line ${e.line}, ${e.field}: ${e.message}`)).join('; '));
    this.name = 'SamplingInputError';
    this.errors = errors;
  }
}

/** Throws a SamplingInputError for a single problem that is not tied to a CSV line. */
export function rejectInput(field: string, message: string): never {
  throw new SamplingInputError([{ line: null, field, message }]);
}
