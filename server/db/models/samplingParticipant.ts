import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A sampled pupil under a pseudonymous key (HMAC-SHA-256 of the cycle and sampling code with the
 * sampling service's key). `schoolId`, `pupilRef` and `code` are the link to the school, kept for
 * weighting and follow-up and removed when the cycle closes (samplingService/cycleClosing.ts).
 */
const samplingParticipantSchema = new Schema({
  /** The pseudonymous key; also the id of the pupil's sitting. */
  _id: { type: String, required: true },
  cycleId: { type: String, required: true },
  stratum: { type: String, required: true },
  /** The originally sampled school this pupil's school stands for (itself, or the school it replaced). */
  sampledSchoolId: { type: String, default: null },
  schoolId: { type: String, default: null },
  /** Waymark pupil id when the school is on Waymark; null for a pupil known only by list position. */
  pupilRef: { type: String, default: null },
  listPosition: { type: Number, default: null },
  code: { type: String, default: null },
  formId: { type: String, default: null },
  /** Reporting variables of the pupil's school (from the frame), e.g. { urbanicity: 'rural' }. */
  reportingGroups: { type: Schema.Types.Mixed, default: {} },
  /** Position in the school's sampled order (spiralling). */
  order: { type: Number, required: true },
}, { minimize: false });
samplingParticipantSchema.index({ cycleId: 1 });

export type SamplingParticipantRecord = InferSchemaType<typeof samplingParticipantSchema>;
export const SamplingParticipant = model('SamplingParticipant', samplingParticipantSchema);
