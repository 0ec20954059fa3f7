/**
 * A pupil's progress toward a qualification at `now`: credits banked, each module's state
 * (banked, attempted, not attempted; attempts left, when a resit may start, until when a banked
 * result stays valid) and what is still missing by the rules of combination. This is the data
 * behind the pupil's progress view and the teacher's per-pupil progress.
 *
 * Time alone can change what counts (expiry), so the ledger is settled at `now` first; the
 * entries that settlement appends are returned for the caller to store.
 */
import { Instant } from './instant';
import { BankedResult, CreditRules, Ledger, LedgerEntry, attemptsOf, balance, bankedResults, settleLedger } from './ledger';
import { attemptAllowed, validUntil } from './policies';
import { QualificationCheck, QualificationRules, checkQualification } from './qualification';

export interface ModuleProgress {
  moduleId: string;
  credits: number;
  level: number;
  status: 'banked' | 'attempted' | 'not-attempted';
  attempts: number;
  /** Null when attempts are unlimited. */
  attemptsRemaining: number | null;
  /** When the next attempt may start: null if now, 'never' when no attempts remain. */
  nextAttemptFrom: string | null | 'never';
  banked: BankedResult | null;
  /** When the banked result stops counting (null: never, or nothing banked). */
  bankedUntil: string | null;
}

export interface QualificationProgress {
  balance: number;
  modules: ModuleProgress[];
  check: QualificationCheck;
  /** Entries settling the ledger at `now` (expiry); store them before showing the balance. */
  settlement: readonly LedgerEntry[];
}

export function qualificationProgress(
  ledger: Ledger,
  creditRules: CreditRules,
  rules: QualificationRules,
  now: Instant,
): QualificationProgress {
  const settled = settleLedger(ledger, creditRules, now);
  const banked = new Map(bankedResults(settled.ledger).map((b) => [b.moduleId, b]));
  const modules = creditRules.modules.map((module): ModuleProgress => {
    const attempts = attemptsOf(settled.ledger, module.moduleId);
    const decision = attemptAllowed(
      attempts.map((a) => ({ resultId: a.resultId, moduleId: a.moduleId, satAt: a.satAt, grade: a.grade, theta: a.theta })),
      creditRules.policy,
      now,
    );
    const mine = banked.get(module.moduleId) ?? null;
    const until = mine ? validUntil({ ...mine }, creditRules.policy) : null;
    return {
      moduleId: module.moduleId,
      credits: module.credits,
      level: module.level,
      status: mine ? 'banked' : attempts.length > 0 ? 'attempted' : 'not-attempted',
      attempts: attempts.length,
      attemptsRemaining: creditRules.policy.maxAttempts === undefined ? null : Math.max(0, creditRules.policy.maxAttempts - attempts.length),
      nextAttemptFrom: decision.allowed ? null : decision.reason === 'max-attempts' ? 'never' : (decision.nextAllowedAt ?? null),
      banked: mine,
      bankedUntil: until === null ? null : new Date(until).toISOString(),
    };
  });
  return {
    balance: balance(settled.ledger),
    modules,
    check: checkQualification(rules, [...banked.keys()]),
    settlement: settled.appended,
  };
}
