/**
 * JSON Schemas of the national sampling API's request bodies and socket payloads
 * (docs/national-sampling.md), checked with the project's ajv (server/schemas) so a bad body is
 * a 400 VALIDATION_FAILED naming each field, and nothing is written.
 */
import type { ValidateFunction } from 'ajv';
import { validationFailed } from '../http/apiError';
import { schemaRegistry } from '../schemas/schemaRegistry';
import { collectFieldTitles, describeSchemaErrors } from '../schemas/teacherMessages';

const share = { type: 'number', minimum: 0, maximum: 1 } as const;
const name = { type: 'string', minLength: 1, maxLength: 120 } as const;

export const samplingRequestSchemas = {
  createCycle: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'moduleId', 'schools'],
    properties: {
      name,
      moduleId: { type: 'string', minLength: 1, maxLength: 100 },
      schools: { type: 'integer', minimum: 1, maximum: 100000, title: 'Schools to sample' },
      pupilsPerSchool: { type: 'integer', minimum: 1, maximum: 1000 },
      seed: { type: 'integer', minimum: 0, maximum: 2147483647 },
      measureOfSize: { enum: ['eligiblePupils', 'naepSmallSchools'] },
      replication: { enum: ['JK2', 'FayBRR'] },
      linkError: { type: 'number', minimum: 0, maximum: 100 },
      thresholds: { type: 'object', additionalProperties: false, required: ['school', 'pupil'], properties: { school: share, pupil: share } },
    },
  },
  importFrame: {
    type: 'object',
    additionalProperties: false,
    required: ['csv'],
    properties: {
      csv: { type: 'string', minLength: 1, maxLength: 2_000_000, title: 'Frame (CSV)' },
      implicitSortVariables: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,40}$' } },
      reportingVariables: { type: 'array', maxItems: 5, items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,40}$' } },
    },
  },
  assembleForms: {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: {
      mode: { enum: ['forms', 'adaptive'] },
      newBlocks: { type: 'integer', minimum: 1, maximum: 100 },
      blocksPerForm: { type: 'integer', minimum: 2, maximum: 100 },
      trendBlocks: { type: 'integer', minimum: 0, maximum: 100 },
      itemIds: { type: 'array', minItems: 1, maxItems: 2000, items: { type: 'string', minLength: 1, maxLength: 100 } },
    },
  },
  publish: {
    type: 'object',
    additionalProperties: false,
    required: ['opensAt', 'closesAt'],
    properties: { opensAt: { type: 'string', format: 'date-time' }, closesAt: { type: 'string', format: 'date-time' } },
  },
  empty: { type: 'object', additionalProperties: false, properties: {} },
  samplingLogin: {
    type: 'object',
    additionalProperties: false,
    required: ['code'],
    properties: { code: { type: 'string', minLength: 4, maxLength: 20, title: 'Sampling code' } },
  },
  sittingResume: {
    type: 'object', additionalProperties: false, required: ['sessionId'],
    properties: { sessionId: { type: 'string', minLength: 1, maxLength: 100 } },
  },
  sittingAnswer: {
    type: 'object',
    additionalProperties: false,
    required: ['sessionId', 'sequence', 'itemId', 'answer', 'idempotencyKey'],
    properties: {
      sessionId: { type: 'string', minLength: 1, maxLength: 100 },
      sequence: { type: 'integer', minimum: 1, maximum: 1000 },
      itemId: { type: 'string', minLength: 1, maxLength: 100 },
      answer: {},
      idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' },
    },
  },
  watch: {
    type: 'object', additionalProperties: false, required: ['cycleId'],
    properties: { cycleId: { type: 'string', pattern: '^[0-9a-f]{24}$' } },
  },
} as const;

export type SamplingRequestName = keyof typeof samplingRequestSchemas;

let validators: Map<SamplingRequestName, ValidateFunction> | undefined;
const titles = collectFieldTitles(Object.values(samplingRequestSchemas));

export function validateSamplingRequest<T>(name: SamplingRequestName, value: unknown): T {
  if (!validators) {
    const { ajv } = schemaRegistry();
    validators = new Map((Object.keys(samplingRequestSchemas) as SamplingRequestName[]).map((key) => [key, ajv.compile(samplingRequestSchemas[key])]));
  }
  const validate = validators.get(name)!;
  if (validate(value ?? {})) return (value ?? {}) as T;
  throw validationFailed('The request is not valid.', describeSchemaErrors(validate.errors ?? [], titles));
}
