import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A sampling sitting, in its own collection under the participant's pseudonymous key: no pupil,
 * school or class field (DESIGN.md rule 7). θ and the next item are replayed from the sampling
 * responses and the seed; the posterior is kept at the finish for plausible values.
 */
const samplingSittingSchema = new Schema({
  _id: { type: String, required: true },
  cycleId: { type: String, required: true },
  stratum: { type: String, required: true },
  /** Item ids (frozen versions) of the pupil's form or the restricted adaptive pool. */
  pool: { type: [{ _id: false, itemId: { type: String, required: true }, version: { type: Number, required: true } }], required: true },
  /** 'form': every item of the form; 'adaptive': the module's adaptive rules over the pool. */
  delivery: { type: String, enum: ['form', 'adaptive'], required: true },
  seed: { type: Number, required: true },
  status: { type: String, enum: ['in-progress', 'finished'], required: true },
  startedAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
  answered: { type: Number, required: true, default: 0 },
  /** The engine's posterior on its grid at the finish: { grid, logDensity, prior }. */
  posterior: { type: Schema.Types.Mixed, default: null },
}, { minimize: false });
samplingSittingSchema.index({ cycleId: 1 });

export type SamplingSittingRecord = InferSchemaType<typeof samplingSittingSchema>;
export const SamplingSitting = model('SamplingSitting', samplingSittingSchema);
