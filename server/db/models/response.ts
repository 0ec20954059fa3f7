import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One answered item, written before the answer is acknowledged (DESIGN.md rule 1). The two
 * unique indexes make a retry harmless: the same idempotency key, or a second answer for the
 * same sequence number, is rejected by the database itself.
 */
const responseSchema = new Schema({
  /** `<sessionId>:<sequence>` (assessment/sessionIdentity.ts): replay reads responses by primary key. */
  _id: { type: String, required: true },
  sessionId: { type: Schema.Types.ObjectId, ref: 'Session', required: true },
  pupilId: { type: Schema.Types.ObjectId, ref: 'Pupil', required: true },
  sequence: { type: Number, required: true },
  itemId: { type: String, required: true },
  itemVersion: { type: Number, required: true },
  answer: { type: Schema.Types.Mixed, required: true },
  idempotencyKey: { type: String, required: true },
  score: { type: Number, required: true },
  maxScore: { type: Number, required: true },
  category: { type: Number, required: true },
  note: { type: String, required: true },
  readAs: { type: String, default: null },
  answeredAt: { type: Date, required: true },
}, { minimize: false });
responseSchema.index({ sessionId: 1, sequence: 1 }, { unique: true });
responseSchema.index({ sessionId: 1, idempotencyKey: 1 }, { unique: true });

export type ResponseDocument = InferSchemaType<typeof responseSchema>;
export const Response = model('Response', responseSchema);
