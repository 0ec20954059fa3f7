import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Failed-login counter for one lockout key (a school code for PIN logins, an e-mail address
 * for teachers). Kept in the database so a lockout survives a restart and holds across servers.
 */
const loginAttemptSchema = new Schema({
  /**
   * The lockout key itself, so every login's lock check is a primary-key read (FerretDB 1.x scans
   * the collection for any other filter). Counters stored before this used an ObjectId here and
   * are no longer consulted: they lapse within their 15-minute window anyway.
   */
  _id: { type: String, required: true },
  key: { type: String, required: true, unique: true },
  failures: { type: Number, required: true, default: 0 },
  windowStartedAt: { type: Date, required: true },
  lockedUntil: { type: Date, default: null },
});

export type LoginAttemptDocument = InferSchemaType<typeof loginAttemptSchema>;
export const LoginAttempt = model('LoginAttempt', loginAttemptSchema);
