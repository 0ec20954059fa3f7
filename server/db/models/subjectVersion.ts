import { Schema, model } from 'mongoose';

/**
 * One published version of a subject's criteria (item-bank/schemas/subject.schema.json), stored
 * whole in `definition` after validation. A published version never changes: a change to the
 * criteria is a new (subjectId, version) row.
 */
const subjectVersionSchema = new Schema(
  {
    subjectId: { type: String, required: true },
    version: { type: Number, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, minimize: false },
);
subjectVersionSchema.index({ subjectId: 1, version: 1 }, { unique: true });

export const SubjectVersion = model('Subject', subjectVersionSchema);
