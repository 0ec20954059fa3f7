import { Schema, model, type InferSchemaType } from 'mongoose';

/** A module set for a class by a teacher. */
const assignmentSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true },
    classId: { type: Schema.Types.ObjectId, ref: 'Class', required: true, index: true },
    moduleId: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'Teacher', required: true },
  },
  { timestamps: true },
);
assignmentSchema.index({ classId: 1, moduleId: 1 }, { unique: true });

export type AssignmentDocument = InferSchemaType<typeof assignmentSchema>;
export const Assignment = model('Assignment', assignmentSchema);
