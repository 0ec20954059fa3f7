import { Schema, model, type InferSchemaType } from 'mongoose';

/** A teaching group. Membership lives on the pupil (`Pupil.classIds`). */
const schoolClassSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true, index: true },
    name: { type: String, required: true },
    teacherIds: { type: [Schema.Types.ObjectId], ref: 'Teacher', default: [] },
  },
  { timestamps: true },
);

export type SchoolClassDocument = InferSchemaType<typeof schoolClassSchema>;
export const SchoolClass = model('Class', schoolClassSchema);
