/**
 * JSON Schemas of the item bank's request envelopes (the item inside is checked by
 * item-bank/schemas/item.schema.json through validateItemDocument). Compiled with the shared
 * ajv so failures read like every other validation error.
 */
import type { ValidateFunction } from 'ajv';
import { validationFailed } from '../http/apiError';
import { pupilAnswer } from '../http/requestSchemas';
import { schemaRegistry } from '../schemas/schemaRegistry';
import { collectFieldTitles, describeSchemaErrors } from '../schemas/teacherMessages';

const version = { title: 'version', type: 'integer', minimum: 1, maximum: 100000 } as const;
const answer = { title: 'answer', ...pupilAnswer } as const;
const anyItem = { title: 'item', type: 'object' } as const;

export const bankRequestSchemas = {
  bankAction: {
    type: 'object',
    additionalProperties: false,
    properties: { comment: { title: 'comment', type: 'string', maxLength: 4000 }, version },
  },
  bankTryStored: {
    type: 'object',
    additionalProperties: false,
    required: ['answer'],
    properties: { answer, version },
  },
  bankTryDraft: {
    type: 'object',
    additionalProperties: false,
    required: ['item', 'answer'],
    properties: { item: anyItem, answer },
  },
  bankPreview: {
    type: 'object',
    additionalProperties: false,
    required: ['item'],
    properties: { item: anyItem },
  },
  bankInformation: {
    type: 'object',
    additionalProperties: false,
    required: ['parameters'],
    properties: { parameters: { title: 'IRT parameters', type: 'object' } },
  },
  bankImportFile: {
    type: 'object',
    additionalProperties: false,
    required: ['file', 'contentBase64'],
    properties: {
      file: { title: 'file name', type: 'string', minLength: 1, maxLength: 200 },
      contentBase64: { title: 'file content', type: 'string', minLength: 1, pattern: '^[A-Za-z0-9+/=\\s]*$' },
    },
  },
  bankList: {
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { title: 'status', enum: ['draft', 'in-review', 'approved', 'live', 'retired'] },
      criterion: { title: 'criterion', type: 'string', maxLength: 40 },
      module: { title: 'module', type: 'string', maxLength: 100 },
      author: { title: 'author', type: 'string', maxLength: 100 },
      text: { title: 'text', type: 'string', maxLength: 200 },
    },
  },
} as const;

export type BankRequestName = keyof typeof bankRequestSchemas;

const titles = collectFieldTitles(Object.values(bankRequestSchemas));
let compiled: Map<BankRequestName, ValidateFunction> | undefined;

export function validateBankRequest<T>(name: BankRequestName, value: unknown): T {
  if (!compiled) {
    const { ajv } = schemaRegistry();
    compiled = new Map((Object.keys(bankRequestSchemas) as BankRequestName[]).map((key) => [key, ajv.compile(bankRequestSchemas[key])]));
  }
  const validate = compiled.get(name)!;
  if (validate(value)) return value as T;
  throw validationFailed('The request is not valid.', describeSchemaErrors(validate.errors ?? [], titles));
}
