/**
 * What the pupil's browser and the teacher's class view are told about a sitting
 * (docs/protocol.md: SittingState, ModuleResult, PupilProgress), and the pure rules for time.
 */
import type { PupilItem } from '../scoring/itemDocument';

export type SittingStatus = 'in-progress' | 'paused' | 'finished';

/** The protocol's ModuleResult (theta, se, scaleScore, grade, gradeProbability, canDo, stopReason) and more detail. */
export type { ModuleResult } from '../grading/moduleResult';
import type { ModuleResult } from '../grading/moduleResult';

export interface SittingState {
  sessionId: string;
  /** 1 for the first sitting of the assignment, 2 for the first resit, … */
  attempt: number;
  status: SittingStatus;
  sequence: number;
  item: PupilItem | null;
  answered: number;
  timeRemainingMs: number | null;
  result: ModuleResult | null;
}

export interface PupilProgress {
  pupilId: string;
  name: string;
  sessionId: string | null;
  moduleId: string | null;
  status: 'not-started' | SittingStatus;
  itemNumber: number;
  elapsedMs: number;
  result: ModuleResult | null;
}

/** The timing facts of a session, as stored. */
export interface SessionClock {
  startedAt: Date;
  finishedAt: Date | null;
  paused: boolean;
  pausedAt: Date | null;
  pausedTotalMs: number;
  timeLimitMs: number | null;
}

/**
 * Time the pupil has actually been sitting: wall time since start less time spent paused, and
 * never more than the time limit (a late answer finishing the session does not add to it).
 */
export function sittingElapsedMs(clock: SessionClock, now: Date): number {
  const end = clock.finishedAt ?? now;
  const pausedNow = clock.paused && clock.pausedAt ? Math.max(0, end.getTime() - clock.pausedAt.getTime()) : 0;
  const elapsed = Math.max(0, end.getTime() - clock.startedAt.getTime() - clock.pausedTotalMs - pausedNow);
  return clock.timeLimitMs === null ? elapsed : Math.min(elapsed, clock.timeLimitMs);
}

export function timeRemainingMs(clock: SessionClock, now: Date): number | null {
  if (clock.timeLimitMs === null) return null;
  return Math.max(0, clock.timeLimitMs - sittingElapsedMs(clock, now));
}
