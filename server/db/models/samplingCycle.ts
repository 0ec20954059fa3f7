import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A national sampling cycle: its design, the imported frame, the drawn school sample (every
 * inclusion probability and replacement), the forms, the sitting window and, once closed, the
 * published national aggregates. Holds no pupil and no sitting: those live in the sampling
 * participant and sitting collections under pseudonymous keys.
 */
const samplingCycleSchema = new Schema({
  name: { type: String, required: true },
  status: { type: String, enum: ['created', 'frame-imported', 'drawn', 'open', 'closed'], required: true },
  moduleId: { type: String, required: true },
  createdAt: { type: Date, required: true },
  createdBy: { type: String, required: true },
  /** Design settings (schools, allocation, pupils per school, seed, thresholds, link error …). */
  design: { type: Schema.Types.Mixed, required: true },
  /** server/sampling SamplingFrame as imported, or null before import. */
  frame: { type: Schema.Types.Mixed, default: null },
  /** server/sampling SchoolSample (inclusion probabilities as an array of [schoolId, π]). */
  sample: { type: Schema.Types.Mixed, default: null },
  /** Item blocks, forms and the frozen item versions; or the restricted adaptive pool. */
  forms: { type: Schema.Types.Mixed, default: null },
  /** Per originally sampled school: refused or not, and the replacement that took its place. */
  schoolStatus: { type: Schema.Types.Mixed, default: [] },
  window: { type: Schema.Types.Mixed, default: null },
  /** National and stratum aggregates that passed suppression, trend, response rates (after close). */
  results: { type: Schema.Types.Mixed, default: null },
  closedAt: { type: Date, default: null },
}, { minimize: false });

export type SamplingCycleRecord = InferSchemaType<typeof samplingCycleSchema> & { _id: import('mongoose').Types.ObjectId };
export const SamplingCycle = model('SamplingCycle', samplingCycleSchema);
