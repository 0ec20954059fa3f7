import { CreditRules, emptyLedger, recordAttempt, Ledger } from '../../../server/credits/ledger';
import { qualificationProgress } from '../../../server/credits/progress';
import { QualificationRules } from '../../../server/credits/qualification';

const grades = ['U', 'E', 'D', 'C', 'B', 'A'];
const rules: QualificationRules = {
  qualificationId: 'q',
  modules: [{ moduleId: 'number', credits: 10, level: 1 }, { moduleId: 'algebra', credits: 10, level: 2 }, { moduleId: 'geometry', credits: 10, level: 2 }],
  mandatory: ['number', 'algebra'],
  optionalGroups: [],
  minTotalCredits: 30,
};
const creditRules: CreditRules = {
  modules: rules.modules.map((m) => ({ ...m, grades, passGrade: 'E' })),
  policy: { counts: 'best', maxAttempts: 2, minIntervalDays: 10, validityDays: 100 },
};

describe('progress toward a qualification', () => {
  let ledger: Ledger = emptyLedger('p', 'q');
  ledger = recordAttempt(ledger, creditRules, { resultId: 'r1', moduleId: 'number', satAt: '2026-01-01T00:00:00Z', grade: 'C', theta: 0 }, '2026-01-01T00:00:00Z').ledger;
  ledger = recordAttempt(ledger, creditRules, { resultId: 'r2', moduleId: 'algebra', satAt: '2026-01-05T00:00:00Z', grade: 'U', theta: -2 }, '2026-01-05T00:00:00Z').ledger;
  ledger = recordAttempt(ledger, creditRules, { resultId: 'r3', moduleId: 'algebra', satAt: '2026-01-20T00:00:00Z', grade: 'U', theta: -2 }, '2026-01-20T00:00:00Z').ledger;

  it('shows each module’s state, attempts left, when a resit may start and until when credits count', () => {
    const progress = qualificationProgress(ledger, creditRules, rules, '2026-01-25T00:00:00Z');
    expect(progress.balance).toBe(10);
    expect(progress.settlement).toEqual([]);
    expect(progress.modules.map(({ moduleId, status, attempts, attemptsRemaining, nextAttemptFrom, bankedUntil }) => ({
      moduleId, status, attempts, attemptsRemaining, nextAttemptFrom, bankedUntil,
    }))).toEqual([
      { moduleId: 'number', status: 'banked', attempts: 1, attemptsRemaining: 1, nextAttemptFrom: null, bankedUntil: '2026-04-11T00:00:00.000Z' },
      { moduleId: 'algebra', status: 'attempted', attempts: 2, attemptsRemaining: 0, nextAttemptFrom: 'never', bankedUntil: null },
      { moduleId: 'geometry', status: 'not-attempted', attempts: 0, attemptsRemaining: 2, nextAttemptFrom: null, bankedUntil: null },
    ]);
    expect(progress.check.shortfalls.map((s) => s.message)).toEqual([
      'Mandatory module algebra is not yet passed', '20 more credits needed (10 of 30)',
    ]);
  });

  it('settles expiry at now and returns the entries to store', () => {
    const progress = qualificationProgress(ledger, creditRules, rules, '2026-05-01T00:00:00Z');
    expect(progress.balance).toBe(0);
    expect(progress.settlement).toEqual([expect.objectContaining({ kind: 'credit', resultId: 'r1', change: -10, reason: 'expired' })]);
    expect(progress.modules[0].status).toBe('attempted');
  });

  it('reports the date from which a resit may start', () => {
    // Progress is read at or after the last entry (the ledger is append-only in time).
    expect(() => qualificationProgress(ledger, creditRules, rules, '2026-01-05T12:00:00Z')).toThrow('append-only in time');
    const early = recordAttempt(emptyLedger('p', 'q'), creditRules, { resultId: 'x', moduleId: 'geometry', satAt: '2026-01-01T00:00:00Z', grade: 'U', theta: -1 }, '2026-01-01T00:00:00Z').ledger;
    expect(qualificationProgress(early, creditRules, rules, '2026-01-03T00:00:00Z').modules[2].nextAttemptFrom).toBe('2026-01-11T00:00:00.000Z');
  });
});
