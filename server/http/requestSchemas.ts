/**
 * JSON Schemas of the wire protocol's request bodies and socket payloads (docs/protocol.md).
 * Content documents have their schemas in item-bank/schemas; these describe only the
 * envelopes around them (an answer's own shape is checked against its item by server/scoring).
 */
const objectId = { type: 'string', pattern: '^[0-9a-f]{24}$' } as const;

/** A pupil's answer as it travels: text, a list of choices, or one of those per part. */
export const pupilAnswer = {
  anyOf: [
    { type: 'string', maxLength: 2000 },
    { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } },
    {
      type: 'object',
      maxProperties: 20,
      additionalProperties: {
        anyOf: [
          { type: 'string', maxLength: 2000 },
          { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } },
        ],
      },
    },
  ],
} as const;

export const requestSchemas = {
  pupilLogin: {
    type: 'object',
    additionalProperties: false,
    required: ['schoolCode', 'pin'],
    properties: {
      schoolCode: { type: 'string', minLength: 1, maxLength: 32 },
      pin: { type: 'string', pattern: '^[0-9]{4,10}$' },
    },
  },
  teacherLogin: {
    type: 'object',
    additionalProperties: false,
    required: ['email', 'password'],
    properties: {
      email: { type: 'string', minLength: 3, maxLength: 254 },
      password: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
  createAssignment: {
    type: 'object',
    additionalProperties: false,
    required: ['classId', 'moduleId'],
    properties: { classId: objectId, moduleId: { type: 'string', minLength: 1, maxLength: 100 } },
  },
  pauseSession: {
    type: 'object',
    additionalProperties: false,
    required: ['paused'],
    properties: { paused: { type: 'boolean' } },
  },
  sittingStart: {
    type: 'object',
    additionalProperties: false,
    required: ['assignmentId'],
    properties: { assignmentId: objectId, attempt: { const: 'new' } },
  },
  sittingResume: {
    type: 'object',
    additionalProperties: false,
    required: ['sessionId'],
    properties: { sessionId: objectId },
  },
  sittingAnswer: {
    type: 'object',
    additionalProperties: false,
    required: ['sessionId', 'sequence', 'itemId', 'answer', 'idempotencyKey'],
    properties: {
      sessionId: objectId,
      sequence: { type: 'integer', minimum: 1, maximum: 1000 },
      itemId: { type: 'string', minLength: 1, maxLength: 100 },
      answer: pupilAnswer,
      idempotencyKey: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' },
    },
  },
  classWatch: {
    type: 'object',
    additionalProperties: false,
    required: ['classId'],
    properties: { classId: objectId },
  },
} as const;

export type RequestSchemaName = keyof typeof requestSchemas;
