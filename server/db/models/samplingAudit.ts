import { Schema, model, type InferSchemaType } from 'mongoose';

/** Every access to sampling data: who, when, what, which cycle (the administrator reads it). */
const samplingAuditSchema = new Schema({
  at: { type: Date, required: true },
  actorId: { type: String, required: true },
  actorName: { type: String, required: true },
  actorRole: { type: String, required: true },
  action: { type: String, required: true },
  cycleId: { type: String, default: null },
  detail: { type: String, default: '' },
});
samplingAuditSchema.index({ at: -1 });

export type SamplingAuditRecord = InferSchemaType<typeof samplingAuditSchema>;
export const SamplingAudit = model('SamplingAudit', samplingAuditSchema);
