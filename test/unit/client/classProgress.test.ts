import {
  announcementFor, describeResult, elapsedNow, formatElapsed, mergeProgress, sortedRows, type ProgressRow,
} from '../../../client/src/teacher/classProgress';
import type { PupilProgress } from '../../../client/src/shared/protocol';

const progress = (changes: Partial<PupilProgress>): PupilProgress => ({
  pupilId: 'p1', name: 'Amira', sessionId: 's1', moduleId: 'm1', status: 'in-progress', itemNumber: 3,
  elapsedMs: 60000, result: null, ...changes,
});

describe('live class progress', () => {
  it('merges a pushed update over the snapshot row of the same pupil', () => {
    const start = mergeProgress(new Map(), progress({ itemNumber: 2 }), 0);
    const next = mergeProgress(start, progress({ itemNumber: 3 }), 1000);
    expect(next.get('p1')?.itemNumber).toBe(3);
    expect(start.get('p1')?.itemNumber).toBe(2);
    expect(next.size).toBe(1);
  });

  it('sorts pupils by name', () => {
    let rows = new Map<string, ProgressRow>();
    rows = mergeProgress(rows, progress({ pupilId: 'p2', name: 'Zoe' }), 0);
    rows = mergeProgress(rows, progress({ pupilId: 'p1', name: 'Ben' }), 0);
    expect(sortedRows(rows).map((row) => row.name)).toEqual(['Ben', 'Zoe']);
  });

  it('keeps the time ticking only while the pupil works', () => {
    const working: ProgressRow = { ...progress({}), receivedAt: 1000 };
    expect(elapsedNow(working, 6000)).toBe(65000);
    expect(elapsedNow({ ...working, status: 'paused' }, 6000)).toBe(60000);
    expect(formatElapsed(65000)).toBe('1 min 05 s');
  });

  it('announces a pupil finishing once, with the result', () => {
    const result = { theta: 0.4, se: 0.3, scaleScore: 106.2, grade: 5, gradeProbability: 0.8, canDo: [] };
    const before: ProgressRow = { ...progress({}), receivedAt: 0 };
    expect(announcementFor(before, progress({ status: 'finished', result }))).toBe('Amira finished: Grade 5, scale score 106.');
    expect(announcementFor({ ...before, status: 'finished' }, progress({ status: 'finished', result }))).toBeNull();
    expect(announcementFor(before, progress({ itemNumber: 4 }))).toBeNull();
    expect(describeResult(null)).toBe('–');
  });
});
