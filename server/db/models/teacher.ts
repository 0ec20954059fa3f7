import { Schema, model, type InferSchemaType } from 'mongoose';
import { STAFF_ROLES } from '../../http/auth/staffRoles';

const teacherSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true, index: true },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    /** `scrypt$N$r$p$salt$hash` (server/http/auth/passwordHash.ts). */
    passwordHash: { type: String, required: true },
    /** What this staff account may do (server/http/auth/staffRoles.ts). */
    roles: { type: [{ type: String, enum: STAFF_ROLES }], default: ['teacher'] },
  },
  { timestamps: true },
);

export type TeacherDocument = InferSchemaType<typeof teacherSchema>;
export const Teacher = model('Teacher', teacherSchema);
