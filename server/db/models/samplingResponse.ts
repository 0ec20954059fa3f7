import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One answer in a sampling sitting, written before it is acknowledged; unique on
 * (sitting, sequence) through `_id` and on (sitting, idempotency key), as ordinary responses are.
 */
const samplingResponseSchema = new Schema({
  /** `<sittingId>:<sequence>`. */
  _id: { type: String, required: true },
  sittingId: { type: String, required: true },
  sequence: { type: Number, required: true },
  itemId: { type: String, required: true },
  itemVersion: { type: Number, required: true },
  answer: { type: Schema.Types.Mixed, required: true },
  idempotencyKey: { type: String, required: true },
  score: { type: Number, required: true },
  maxScore: { type: Number, required: true },
  category: { type: Number, required: true },
  answeredAt: { type: Date, required: true },
}, { minimize: false });
samplingResponseSchema.index({ sittingId: 1, idempotencyKey: 1 }, { unique: true });

export type SamplingResponseRecord = InferSchemaType<typeof samplingResponseSchema>;
export const SamplingResponse = model('SamplingResponse', samplingResponseSchema);
