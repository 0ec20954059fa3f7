import type { ValidateFunction } from 'ajv';
import { schemaRegistry } from '../schemas/schemaRegistry';
import { collectFieldTitles, describeSchemaErrors } from '../schemas/teacherMessages';
import { validationFailed } from './apiError';
import { requestSchemas, type RequestSchemaName } from './requestSchemas';

let validators: Map<RequestSchemaName, ValidateFunction> | undefined;
const titles = collectFieldTitles(Object.values(requestSchemas));

/** Compiled once, with the same ajv as the content schemas (server/schemas). */
function validatorFor(name: RequestSchemaName): ValidateFunction {
  if (!validators) {
    const { ajv } = schemaRegistry();
    validators = new Map((Object.keys(requestSchemas) as RequestSchemaName[]).map((key) => [key, ajv.compile(requestSchemas[key])]));
  }
  return validators.get(name)!;
}

/**
 * Checks a request body or socket payload against its protocol schema and returns it typed;
 * throws VALIDATION_FAILED naming each bad field by JSON Pointer.
 */
export function validateRequest<T>(name: RequestSchemaName, value: unknown): T {
  const validate = validatorFor(name);
  if (validate(value)) return value as T;
  throw validationFailed('The request is not valid.', describeSchemaErrors(validate.errors ?? [], titles));
}
