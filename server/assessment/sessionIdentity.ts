/**
 * Deterministic document ids for sessions and responses. A pupil's n-th attempt at an
 * assignment, and the response at a sequence number of a session, each have exactly one
 * possible id, so finding them is a primary-key read (FerretDB 1.x scans for any other filter)
 * and the database's own _id uniqueness rejects a second one.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/** A pupil's `attempt`-th session (1 = the first sitting) for an assignment. */
export function sessionIdFor(pupilId: Types.ObjectId | string, assignmentId: Types.ObjectId | string, attempt = 1): Types.ObjectId {
  const digest = createHash('sha256').update(`session:${String(pupilId)}:${String(assignmentId)}:${attempt}`).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

export function responseIdFor(sessionId: Types.ObjectId | string, sequence: number): string {
  return `${String(sessionId)}:${sequence}`;
}
