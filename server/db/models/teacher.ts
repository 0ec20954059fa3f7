import { Schema, model, type InferSchemaType } from 'mongoose';

const teacherSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true, index: true },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    /** `scrypt$N$r$p$salt$hash` (server/http/auth/passwordHash.ts). */
    passwordHash: { type: String, required: true },
  },
  { timestamps: true },
);

export type TeacherDocument = InferSchemaType<typeof teacherSchema>;
export const Teacher = model('Teacher', teacherSchema);
