/**
 * The wire contract as the browser sees it (docs/protocol.md). Only what the client reads is
 * typed; the server may send more.
 */

export type ErrorCode =
  | 'VALIDATION_FAILED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT'
  | 'RATE_LIMITED' | 'LOCKED' | 'PAYLOAD_TOO_LARGE' | 'TIME_UP' | 'BUSY' | 'INTERNAL';

export interface ErrorDetail { path: string; message: string }
/** `retryAfterMs` comes with BUSY: the server wrote nothing and asks to be asked again later. */
export interface WireError { code: ErrorCode | string; message: string; details?: ErrorDetail[]; retryAfterMs?: number }

/** `staffRoles`: a staff login's duties (teacher, reviewer, standards-manager, sampling-administrator). */
export interface User { id: string; role: 'pupil' | 'teacher'; name: string; schoolId: string; staffRoles?: string[] }

export interface Assignment {
  assignmentId: string;
  moduleId: string;
  title: string;
  timeLimitMinutes: number | null;
  session: { id: string; status: SittingStatus } | null;
}

/**
 * Items arrive as the scoring module's pupil-facing projection (server/scoring/itemDocument.ts):
 * one definition of the shape for both sides.
 */
export type {
  PupilItem, Interaction, SingleInteraction, InteractionOption, InteractionPart, TypedInteraction,
  PupilAnswer, SinglePupilAnswer,
} from '../../../server/scoring/itemDocument';
import type { PupilItem, PupilAnswer } from '../../../server/scoring/itemDocument';

export interface ModuleResult {
  theta: number;
  se: number;
  scaleScore: number;
  grade: string | number | null;
  gradeProbability?: number | null;
  canDo: string[];
  stopReason?: string;
}

export type SittingStatus = 'in-progress' | 'paused' | 'finished';

export interface SittingState {
  sessionId: string;
  status: SittingStatus;
  sequence: number;
  item: PupilItem | null;
  answered: number;
  timeRemainingMs: number | null;
  result: ModuleResult | null;
}

export interface AnswerMessage {
  sessionId: string;
  sequence: number;
  itemId: string;
  answer: PupilAnswer;
  idempotencyKey: string;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: WireError };

export interface ClassSummary { id: string; name: string; pupils: { id: string; name: string }[] }
export interface ModuleSummary { id: string; title: string; subject: string }

export type ProgressStatus = 'not-started' | 'in-progress' | 'paused' | 'finished';

export interface PupilProgress {
  pupilId: string;
  name: string;
  sessionId: string | null;
  moduleId: string | null;
  status: ProgressStatus;
  itemNumber: number;
  elapsedMs: number;
  result: ModuleResult | null;
}
