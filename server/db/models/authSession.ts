import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A logged-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
 * database leak does not hand out live sessions.
 */
const authSessionSchema = new Schema({
  /** SHA-256 of the cookie token; the document id, so a lookup is a primary-key read. */
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  role: { type: String, enum: ['pupil', 'teacher'], required: true },
  schoolId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  /** A staff login's duties (server/http/auth/staffRoles.ts), copied at login. */
  staffRoles: { type: [String], default: [] },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});

export type AuthSessionDocument = InferSchemaType<typeof authSessionSchema>;
export const AuthSession = model('AuthSession', authSessionSchema);
