import {
  Ledger, LedgerEntry, balance, bankedResults, creditsAtOrAboveLevel, emptyLedger, explainBalance, mayAttempt,
  recordAttempt, settleLedger, verifyLedger, CreditRules,
} from '../../../server/credits/ledger';
import { Attempt, CreditModule, attemptAllowed, countedAttempt, validateResitPolicy } from '../../../server/credits/policies';
import { RuleConflictError, RuleValidationError } from '../../../server/grading/ruleValidationError';
import { thrownError } from './thrownError';

const grades = ['U', 'E', 'D', 'C', 'B', 'A'];
const algebra: CreditModule = { moduleId: 'algebra', credits: 10, level: 2, grades, passGrade: 'E' };
const number: CreditModule = { moduleId: 'number', credits: 5, level: 1, grades, passGrade: 'C' };

function rules(policy: CreditRules['policy']): CreditRules {
  return { modules: [algebra, number], policy };
}

let n = 0;
function attempt(moduleId: string, satAt: string, grade: string, theta = 0): Attempt {
  n += 1;
  return { resultId: `r${n}`, moduleId, satAt, grade, theta };
}

function run(policy: CreditRules['policy'], attempts: Attempt[]): Ledger {
  let ledger = emptyLedger('pupil-1', 'qual-1');
  for (const a of attempts) ledger = recordAttempt(ledger, rules(policy), a, a.satAt).ledger;
  return ledger;
}

function credits(ledger: Ledger): Pick<LedgerEntry & { kind: 'credit' }, 'resultId' | 'change' | 'reason'>[] {
  return explainBalance(ledger).changes.map(({ resultId, change, reason }) => ({ resultId, change, reason }));
}

describe('credit ledger: best counts', () => {
  it('banks a pass, replaces it with a better resit, and ignores a worse one', () => {
    const first = attempt('algebra', '2026-01-10T09:00:00Z', 'D');
    const better = attempt('algebra', '2026-03-10T09:00:00Z', 'B');
    const worse = attempt('algebra', '2026-05-10T09:00:00Z', 'E');
    const ledger = run({ counts: 'best' }, [first, better, worse]);
    expect(credits(ledger)).toEqual([
      { resultId: first.resultId, change: 10, reason: 'banked' },
      { resultId: first.resultId, change: -10, reason: 'superseded' },
      { resultId: better.resultId, change: 10, reason: 'banked' },
    ]);
    expect(balance(ledger)).toBe(10);
    expect(bankedResults(ledger).map((b) => [b.resultId, b.grade])).toEqual([[better.resultId, 'B']]);
    expect(ledger.entries.filter((e) => e.kind === 'attempt')).toHaveLength(3);
    expect(verifyLedger(ledger)).toEqual([]);
  });

  it('a result below the pass grade is recorded but banks nothing', () => {
    const ledger = run({ counts: 'best' }, [attempt('number', '2026-01-10T09:00:00Z', 'D')]);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({ kind: 'attempt', passed: false, grade: 'D' });
    expect(balance(ledger)).toBe(0);
  });

  it('equal grades: the higher θ counts, an exact tie keeps the banked result', () => {
    const a = attempt('algebra', '2026-01-10T09:00:00Z', 'C', 0.2);
    const b = attempt('algebra', '2026-02-10T09:00:00Z', 'C', 0.2);
    const c = attempt('algebra', '2026-03-10T09:00:00Z', 'C', 0.4);
    expect(bankedResults(run({ counts: 'best' }, [a, b]))[0].resultId).toBe(a.resultId);
    expect(bankedResults(run({ counts: 'best' }, [a, b, c]))[0].resultId).toBe(c.resultId);
  });
});

describe('credit ledger: latest counts', () => {
  it('a later attempt that fails withdraws the credits, and a later pass banks them again', () => {
    const pass = attempt('algebra', '2026-01-10T09:00:00Z', 'B');
    const fail = attempt('algebra', '2026-02-10T09:00:00Z', 'U');
    const again = attempt('algebra', '2026-03-10T09:00:00Z', 'E');
    const ledger = run({ counts: 'latest' }, [pass, fail, again]);
    expect(credits(ledger)).toEqual([
      { resultId: pass.resultId, change: 10, reason: 'banked' },
      { resultId: pass.resultId, change: -10, reason: 'latest-attempt-not-passed' },
      { resultId: again.resultId, change: 10, reason: 'banked' },
    ]);
    expect(bankedResults(ledger)[0]).toMatchObject({ resultId: again.resultId, grade: 'E' });
    expect(verifyLedger(ledger)).toEqual([]);
  });

  it('a lower later pass replaces a higher earlier one', () => {
    const high = attempt('algebra', '2026-01-10T09:00:00Z', 'A');
    const low = attempt('algebra', '2026-02-10T09:00:00Z', 'D');
    const ledger = run({ counts: 'latest' }, [high, low]);
    expect(bankedResults(ledger)[0].grade).toBe('D');
    expect(credits(ledger).map((c) => c.reason)).toEqual(['banked', 'superseded', 'banked']);
  });
});

describe('resit policies: maximum attempts and minimum interval', () => {
  it('refuses an attempt beyond the maximum, with a conflict and nothing appended', () => {
    const policy = { counts: 'best' as const, maxAttempts: 2 };
    const ledger = run(policy, [attempt('algebra', '2026-01-10T09:00:00Z', 'U'), attempt('algebra', '2026-02-10T09:00:00Z', 'U')]);
    expect(mayAttempt(ledger, rules(policy), 'algebra', '2026-03-01T00:00:00Z')).toMatchObject({ allowed: false, reason: 'max-attempts' });
    const third = attempt('algebra', '2026-03-10T09:00:00Z', 'A');
    expect(() => recordAttempt(ledger, rules(policy), third, third.satAt)).toThrow(RuleConflictError);
    // Other modules are unaffected.
    expect(mayAttempt(ledger, rules(policy), 'number', '2026-03-01T00:00:00Z')).toEqual({ allowed: true });
  });

  it('refuses a resit before the interval has passed and says from when it is allowed', () => {
    const policy = { counts: 'best' as const, minIntervalDays: 30 };
    const ledger = run(policy, [attempt('algebra', '2026-01-10T09:00:00Z', 'U')]);
    const tooSoon = mayAttempt(ledger, rules(policy), 'algebra', '2026-02-09T08:59:59.999Z');
    expect(tooSoon).toEqual({
      allowed: false, reason: 'too-soon', nextAllowedAt: '2026-02-09T09:00:00.000Z',
      message: 'A resit may start 30 days after the previous attempt, from 2026-02-09T09:00:00.000Z',
    });
    expect(mayAttempt(ledger, rules(policy), 'algebra', '2026-02-09T09:00:00Z')).toEqual({ allowed: true });
    const early = attempt('algebra', '2026-01-20T09:00:00Z', 'A');
    expect(() => recordAttempt(ledger, rules(policy), early, '2026-01-20T10:00:00Z')).toThrow(RuleConflictError);
  });

  it('a first attempt is always allowed when attempts remain', () => {
    expect(attemptAllowed([], { counts: 'best', maxAttempts: 1, minIntervalDays: 100 }, 0)).toEqual({ allowed: true });
  });

  it('validates the policy and names the field', () => {
    expect(validateResitPolicy({ counts: 'best', maxAttempts: 0 })).toEqual([{ path: '/maxAttempts', message: 'must be a whole number of at least 1' }]);
    expect(validateResitPolicy({ counts: 'worst' as 'best' })[0].path).toBe('/counts');
    expect(validateResitPolicy({ counts: 'latest', minIntervalDays: -1, validityDays: 0 }).map((v) => v.path)).toEqual(['/minIntervalDays', '/validityDays']);
    const a = attempt('algebra', '2026-01-10T09:00:00Z', 'A');
    expect(() => recordAttempt(emptyLedger('p', 'q'), rules({ counts: 'best', maxAttempts: 1.5 }), a, a.satAt)).toThrow(RuleValidationError);
  });
});

describe('validity period (expiry)', () => {
  const policy = { counts: 'best' as const, validityDays: 365 };

  it('settling after the validity ends withdraws the credits as expired, once', () => {
    const a = attempt('algebra', '2025-01-10T09:00:00Z', 'B');
    const ledger = run(policy, [a]);
    expect(settleLedger(ledger, rules(policy), '2026-01-10T08:59:59Z').appended).toEqual([]);
    const settled = settleLedger(ledger, rules(policy), '2026-01-10T09:00:00Z');
    expect(settled.appended).toEqual([expect.objectContaining({ kind: 'credit', change: -10, reason: 'expired', resultId: a.resultId })]);
    expect(balance(settled.ledger)).toBe(0);
    expect(settleLedger(settled.ledger, rules(policy), '2026-06-01T00:00:00Z').appended).toEqual([]);
    expect(verifyLedger(settled.ledger)).toEqual([]);
  });

  it('when the best result expires, the best still-valid pass counts instead', () => {
    const best = attempt('algebra', '2025-01-10T09:00:00Z', 'A');
    const lower = attempt('algebra', '2025-09-10T09:00:00Z', 'D');
    const ledger = run(policy, [best, lower]);
    expect(bankedResults(ledger)[0].resultId).toBe(best.resultId);
    const settled = settleLedger(ledger, rules(policy), '2026-02-01T00:00:00Z');
    expect(settled.appended.map((e) => e.kind === 'credit' && [e.resultId, e.change, e.reason])).toEqual([
      [best.resultId, -10, 'expired'],
      [lower.resultId, 10, 'banked'],
    ]);
  });

  it('never accepts an entry dated before the last one', () => {
    const a = attempt('algebra', '2026-01-10T09:00:00Z', 'B');
    const ledger = run(policy, [a]);
    expect(() => settleLedger(ledger, rules(policy), '2026-01-01T00:00:00Z')).toThrow(RuleValidationError);
    expect(() => settleLedger(ledger, rules(policy), 'next tuesday')).toThrow(RuleValidationError);
  });
});

describe('ledger integrity', () => {
  it('recording the same result again is a no-op; with different details it is a conflict', () => {
    const a = attempt('algebra', '2026-01-10T09:00:00Z', 'B');
    const ledger = run({ counts: 'best' }, [a]);
    const again = recordAttempt(ledger, rules({ counts: 'best' }), a, '2026-01-11T00:00:00Z');
    expect(again.appended).toEqual([]);
    expect(again.ledger).toBe(ledger);
    expect(() => recordAttempt(ledger, rules({ counts: 'best' }), { ...a, grade: 'A' }, '2026-01-11T00:00:00Z')).toThrow(RuleConflictError);
  });

  it('rejects an unknown module or grade, naming the field, and appends nothing', () => {
    const ledger = emptyLedger('p', 'q');
    const bad = (a: Attempt) => () => recordAttempt(ledger, rules({ counts: 'best' }), a, '2026-01-11T00:00:00Z');
    expect(bad({ resultId: 'x', moduleId: 'poetry', satAt: '2026-01-10T00:00:00Z', grade: 'A', theta: 0 })).toThrow(RuleValidationError);
    const error = thrownError<RuleValidationError>(bad({ resultId: 'x', moduleId: 'algebra', satAt: '2026-01-10T00:00:00Z', grade: 'Z', theta: Number.NaN }));
    expect(error.details.map((d) => d.path)).toEqual(['/grade', '/theta']);
    expect(ledger.entries).toHaveLength(0);
  });

  it('entries and the ledger are frozen (append-only)', () => {
    const ledger = run({ counts: 'best' }, [attempt('algebra', '2026-01-10T09:00:00Z', 'B')]);
    expect(Object.isFrozen(ledger.entries)).toBe(true);
    expect(Object.isFrozen(ledger.entries[0])).toBe(true);
  });

  it('verifyLedger finds tampering: a gap in seq, a withdrawal of unbanked credits, a double bank', () => {
    const ledger = run({ counts: 'best' }, [attempt('algebra', '2026-01-10T09:00:00Z', 'B')]);
    const [att, bank] = ledger.entries;
    expect(verifyLedger({ ...ledger, entries: [att] })).toEqual([]);
    expect(verifyLedger({ ...ledger, entries: [att, { ...bank, seq: 3 }] })).toEqual([{ path: '/entries/1/seq', message: 'expected 2' }]);
    expect(verifyLedger({ ...ledger, entries: [att, bank, { ...bank, seq: 3 }] })[0].message).toMatch(/still banked/);
    const withdrawal = { ...bank, seq: 2, change: -10 } as LedgerEntry;
    expect(verifyLedger({ ...ledger, entries: [att, withdrawal] }).map((v) => v.message)).toEqual([
      'withdraws credits that are not banked', 'takes the balance below zero',
    ]);
    expect(verifyLedger({ ...ledger, entries: [{ ...bank, seq: 1 }] })[0].message).toMatch(/no attempt entry/);
    expect(verifyLedger({ ...ledger, entries: [{ ...att, at: 'garbage' }, bank] })).toEqual([{ path: '/entries/0/at', message: 'is not a date' }]);
    expect(verifyLedger({ ...ledger, entries: [att, { ...bank, at: '2020-01-01T00:00:00.000Z' }] })).toEqual([{ path: '/entries/1/at', message: 'is out of time order' }]);
  });

  it('over many scripted histories, every balance is explained by the entries and follows the counting rule', () => {
    // A deterministic walk through grades, modules, policies and dates (no randomness needed).
    for (let script = 0; script < 40; script += 1) {
      const policy = { counts: script % 2 === 0 ? 'best' as const : 'latest' as const, validityDays: 200 + 10 * script };
      let ledger = emptyLedger('p', 'q');
      const attempts: Attempt[] = [];
      for (let k = 0; k < 8; k += 1) {
        const a = attempt(k % 3 === 0 ? 'number' : 'algebra', new Date(Date.UTC(2025, 0, 1) + (k * 61 + script) * 86_400_000).toISOString(), grades[(script * 7 + k * 5) % 6], ((k * 13) % 7) / 7);
        attempts.push(a);
        ledger = recordAttempt(ledger, rules(policy), a, a.satAt).ledger;
        const explained = explainBalance(ledger);
        expect(verifyLedger(ledger)).toEqual([]);
        expect(explained.balance).toBe(explained.banked.reduce((s, b) => s + b.credits, 0));
        expect(explained.balance).toBe(explained.changes.reduce((s, c) => s + c.change, 0));
        for (const module of [algebra, number]) {
          const counted = countedAttempt(attempts, module, policy, a.satAt);
          const expected = counted && grades.indexOf(counted.grade) >= grades.indexOf(module.passGrade) ? counted.resultId : undefined;
          expect(bankedResults(ledger).find((b) => b.moduleId === module.moduleId)?.resultId).toBe(expected);
        }
      }
      expect(creditsAtOrAboveLevel(ledger, 2)).toBe(bankedResults(ledger).filter((b) => b.moduleId === 'algebra').length * 10);
    }
  });
});
