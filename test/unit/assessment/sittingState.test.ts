import { sittingElapsedMs, timeRemainingMs, type SessionClock } from '../../../server/assessment/sittingState';

const start = new Date('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const clock = (overrides: Partial<SessionClock> = {}): SessionClock => ({
  startedAt: start, finishedAt: null, paused: false, pausedAt: null, pausedTotalMs: 0, timeLimitMs: 25 * 60_000, ...overrides,
});

test('elapsed time is wall time since start less time paused, including a pause still running', () => {
  expect(sittingElapsedMs(clock(), at(10))).toBe(10 * 60_000);
  expect(sittingElapsedMs(clock({ pausedTotalMs: 3 * 60_000 }), at(10))).toBe(7 * 60_000);
  expect(sittingElapsedMs(clock({ paused: true, pausedAt: at(8), pausedTotalMs: 60_000 }), at(10))).toBe(7 * 60_000);
});

test('elapsed time stops at the finish and never exceeds the time limit', () => {
  expect(sittingElapsedMs(clock({ finishedAt: at(12) }), at(30))).toBe(12 * 60_000);
  expect(sittingElapsedMs(clock({ finishedAt: at(27) }), at(30))).toBe(25 * 60_000);
  expect(sittingElapsedMs(clock({ timeLimitMs: null }), at(90))).toBe(90 * 60_000);
});

test('time remaining counts down from the limit, never below zero, and is null without a limit', () => {
  expect(timeRemainingMs(clock(), at(5))).toBe(20 * 60_000);
  expect(timeRemainingMs(clock({ paused: true, pausedAt: at(5) }), at(50))).toBe(20 * 60_000);
  expect(timeRemainingMs(clock(), at(26))).toBe(0);
  expect(timeRemainingMs(clock({ timeLimitMs: null }), at(500))).toBeNull();
});
