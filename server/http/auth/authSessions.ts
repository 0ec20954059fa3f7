import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { AuthSession } from '../../db/models';
import type { StaffRole } from './staffRoles';

export type Role = 'pupil' | 'teacher';

/** Who is making a request, as carried by a valid `wm_session` cookie. */
export interface Principal {
  userId: string;
  role: Role;
  schoolId: string;
  name: string;
  /** A staff account's duties (staffRoles.ts); empty for pupils. */
  staffRoles: StaffRole[];
}

/** A school day is long enough; a shared school device should not stay logged in overnight. */
export const SESSION_LIFETIME_SECONDS = 10 * 60 * 60;

/** The stored key of a session token (also how sockets opened with it are found at logout). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

export async function createAuthSession(
  user: { userId: Types.ObjectId; role: Role; schoolId: Types.ObjectId; name: string; staffRoles?: StaffRole[] },
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await AuthSession.create({
    _id: tokenHash(token),
    userId: user.userId,
    role: user.role,
    schoolId: user.schoolId,
    name: user.name,
    staffRoles: user.staffRoles ?? [],
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_SECONDS * 1000),
  });
  return token;
}

export async function principalForToken(token: string | undefined, now: Date): Promise<Principal | undefined> {
  if (!token) return undefined;
  const session = await AuthSession.findById(tokenHash(token)).lean();
  if (!session || session.expiresAt.getTime() <= now.getTime()) return undefined;
  return {
    userId: String(session.userId),
    role: session.role as Role,
    schoolId: String(session.schoolId),
    name: session.name,
    staffRoles: (session.staffRoles ?? []) as StaffRole[],
  };
}

export async function destroyAuthSession(token: string | undefined): Promise<void> {
  if (token) await AuthSession.deleteOne({ _id: tokenHash(token) });
}
