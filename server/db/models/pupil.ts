import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A pupil. The PIN is never stored: `pinLookup` is a salted hash (server/http/auth/pinLookup.ts)
 * that is unique within the school, so a school code + PIN names exactly one pupil.
 */
const pupilSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true },
    name: { type: String, required: true },
    pinLookup: { type: String, required: true },
    classIds: { type: [Schema.Types.ObjectId], ref: 'Class', default: [] },
    /** Optional group memberships for DIF analysis, e.g. { disadvantaged: true } (docs/calibration-runs.md). */
    groups: { type: Schema.Types.Mixed, default: undefined },
  },
  { timestamps: true },
);
pupilSchema.index({ schoolId: 1, pinLookup: 1 }, { unique: true });
pupilSchema.index({ classIds: 1 });

export type PupilDocument = InferSchemaType<typeof pupilSchema>;
export const Pupil = model('Pupil', pupilSchema);
