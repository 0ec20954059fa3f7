/**
 * JSON Schemas of the standards manager's request bodies (cut scores, module versions,
 * calibration runs), checked with the same ajv and teacher-worded messages as the rest of the
 * protocol (server/http/validateRequest.ts does the same for the shared protocol schemas; these
 * live here so the standards routes do not edit that shared list).
 */
import type { ValidateFunction } from 'ajv';
import { validationFailed } from '../http/apiError';
import { schemaRegistry } from '../schemas/schemaRegistry';
import { collectFieldTitles, describeSchemaErrors } from '../schemas/teacherMessages';

const reason = { title: 'reason', type: 'string', minLength: 10, maxLength: 2000 } as const;
const identifier = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' } as const;
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z)?$' } as const;

export const standardsBodies = {
  publishCutScores: {
    type: 'object',
    additionalProperties: false,
    required: ['basedOnVersion', 'cuts', 'reason'],
    properties: {
      basedOnVersion: { title: 'module version reviewed', type: 'integer', minimum: 1 },
      rp: { title: 'response probability', type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      reason,
      cuts: {
        title: 'cut scores',
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['grade', 'theta'],
          properties: {
            grade: { title: 'grade', type: 'string', minLength: 1, maxLength: 20 },
            theta: { title: 'cut (θ)', type: 'number' },
            reason: { title: 'reason for the adjustment', type: 'string', maxLength: 2000 },
          },
        },
      },
    },
  },
  publishModuleVersion: {
    type: 'object',
    additionalProperties: false,
    required: ['definition'],
    properties: { definition: { title: 'module definition', type: 'object' } },
  },
  publishSubjectVersion: {
    type: 'object',
    additionalProperties: false,
    required: ['definition'],
    properties: { definition: { title: 'subject and its criteria', type: 'object' } },
  },
  startCalibrationRun: {
    type: 'object',
    additionalProperties: false,
    required: ['moduleId'],
    properties: {
      kind: { title: 'kind of run', enum: ['calibration', 'drift'] },
      moduleId: { title: 'module', ...identifier },
      itemIds: { title: 'items', type: 'array', maxItems: 500, items: identifier },
      from: { title: 'from date', ...isoDate },
      to: { title: 'to date', ...isoDate },
      minResponses: { title: 'minimum number of responses', type: 'integer', minimum: 1, maximum: 1000000 },
      grouping: { title: 'grouping for DIF', type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,49}$' },
    },
  },
  itemDecision: {
    type: 'object',
    additionalProperties: false,
    required: ['action'],
    properties: {
      action: { title: 'decision', enum: ['accept', 'send-back'] },
      comment: { title: 'comment', type: 'string', minLength: 1, maxLength: 2000 },
    },
    if: { properties: { action: { const: 'send-back' } } },
    then: { required: ['action', 'comment'], properties: { comment: { type: 'string', minLength: 10 } } },
  },
} as const;

export type StandardsBodyName = keyof typeof standardsBodies;

let compiled: Map<StandardsBodyName, ValidateFunction> | undefined;
const titles = collectFieldTitles(Object.values(standardsBodies));

export function validateStandardsBody<T>(name: StandardsBodyName, value: unknown): T {
  if (!compiled) {
    const { ajv } = schemaRegistry();
    compiled = new Map((Object.keys(standardsBodies) as StandardsBodyName[]).map((key) => [key, ajv.compile(standardsBodies[key])]));
  }
  const validate = compiled.get(name)!;
  if (validate(value)) return value as T;
  throw validationFailed('The request is not valid.', describeSchemaErrors(validate.errors ?? [], titles));
}
