/**
 * Resit policies of a qualification: which of a pupil's attempts at a module counts, how many
 * attempts are allowed, how soon a resit may be sat, and how long a result stays valid.
 * Pure: every decision takes the moment it is made as an argument.
 */
import { RuleViolation, assertNoViolations } from '../grading/ruleValidationError';
import { DAY_MS, Instant, epochMs } from './instant';

export interface ResitPolicy {
  /** 'best': the highest grade of the valid attempts counts; 'latest': the most recent valid attempt counts, even if it is lower. */
  counts: 'best' | 'latest';
  /** Attempts allowed per module, the first included. Absent: unlimited. */
  maxAttempts?: number;
  /** Days that must pass between the starts of two attempts at the same module. */
  minIntervalDays?: number;
  /** Days a result stays valid (bankable) after it was sat. Absent: for ever. */
  validityDays?: number;
}

/** What a module is worth toward a qualification. */
export interface CreditModule {
  moduleId: string;
  credits: number;
  level: number;
  /** The module's grades, lowest first (the cut-score version's grade list). */
  grades: readonly string[];
  /** The lowest grade that banks the credits. */
  passGrade: string;
}

/** One sitting of a module, as the credit rules need it. */
export interface Attempt {
  resultId: string;
  moduleId: string;
  /** When the sitting started. */
  satAt: Instant;
  grade: string;
  theta: number;
}

export type AttemptDecision =
  | { allowed: true }
  | { allowed: false; reason: 'max-attempts' | 'too-soon'; message: string; nextAllowedAt?: string };

export function validateResitPolicy(policy: ResitPolicy, path = ''): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (policy.counts !== 'best' && policy.counts !== 'latest') {
    v.push({ path: `${path}/counts`, message: 'must be "best" or "latest"' });
  }
  if (policy.maxAttempts !== undefined && !(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1)) {
    v.push({ path: `${path}/maxAttempts`, message: 'must be a whole number of at least 1' });
  }
  for (const field of ['minIntervalDays', 'validityDays'] as const) {
    const value = policy[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      v.push({ path: `${path}/${field}`, message: 'must be a number of days, 0 or more' });
    }
  }
  if (policy.validityDays === 0) v.push({ path: `${path}/validityDays`, message: 'a result valid for 0 days could never count' });
  return v;
}

export function validateCreditModule(module: CreditModule, path = ''): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (!module.moduleId) v.push({ path: `${path}/moduleId`, message: 'is required' });
  if (!(Number.isFinite(module.credits) && module.credits >= 0)) v.push({ path: `${path}/credits`, message: 'must be 0 or more' });
  if (!Number.isFinite(module.level)) v.push({ path: `${path}/level`, message: 'must be a number' });
  if (new Set(module.grades).size !== module.grades.length || module.grades.length < 2) {
    v.push({ path: `${path}/grades`, message: 'must list at least two distinct grades, lowest first' });
  }
  if (!module.grades.includes(module.passGrade)) v.push({ path: `${path}/passGrade`, message: 'must be one of the module grades' });
  return v;
}

export function gradeRank(module: CreditModule, grade: string): number {
  const rank = module.grades.indexOf(grade);
  if (rank < 0) {
    assertNoViolations('Unknown grade', [{ path: '/grade', message: `"${grade}" is not a grade of module ${module.moduleId}` }]);
  }
  return rank;
}

export function passes(attempt: Attempt, module: CreditModule): boolean {
  return gradeRank(module, attempt.grade) >= gradeRank(module, module.passGrade);
}

/** Epoch ms after which the attempt no longer counts, or null when results never expire. */
export function validUntil(attempt: Attempt, policy: ResitPolicy): number | null {
  return policy.validityDays === undefined ? null : epochMs(attempt.satAt) + policy.validityDays * DAY_MS;
}

export function isValidAt(attempt: Attempt, policy: ResitPolicy, now: Instant): boolean {
  const until = validUntil(attempt, policy);
  return until === null || epochMs(now) < until;
}

/**
 * May a new attempt at the module start at `at`, given the earlier attempts at that module?
 */
export function attemptAllowed(earlier: readonly Attempt[], policy: ResitPolicy, at: Instant): AttemptDecision {
  if (policy.maxAttempts !== undefined && earlier.length >= policy.maxAttempts) {
    return {
      allowed: false,
      reason: 'max-attempts',
      message: `All ${policy.maxAttempts} attempts allowed at this module have been used`,
    };
  }
  if (policy.minIntervalDays && earlier.length > 0) {
    const last = Math.max(...earlier.map((a) => epochMs(a.satAt)));
    const next = last + policy.minIntervalDays * DAY_MS;
    if (epochMs(at) < next) {
      const nextAllowedAt = new Date(next).toISOString();
      return {
        allowed: false,
        reason: 'too-soon',
        message: `A resit may start ${policy.minIntervalDays} days after the previous attempt, from ${nextAllowedAt}`,
        nextAllowedAt,
      };
    }
  }
  return { allowed: true };
}

/**
 * The attempt that counts for a module at `now` (passed or not), or null when none is valid.
 * Best: the highest grade; equal grades, the higher θ; then the earlier, so a resit that only
 * matches the banked result does not churn the ledger. Latest: the most recently sat valid
 * attempt (input order breaks ties), which may be lower than an earlier one.
 */
export function countedAttempt(
  attempts: readonly Attempt[],
  module: CreditModule,
  policy: ResitPolicy,
  now: Instant,
): Attempt | null {
  let chosen: Attempt | null = null;
  for (const attempt of attempts) {
    if (attempt.moduleId !== module.moduleId || !isValidAt(attempt, policy, now)) continue;
    if (chosen === null) {
      chosen = attempt;
      continue;
    }
    if (policy.counts === 'latest') {
      if (epochMs(attempt.satAt) >= epochMs(chosen.satAt)) chosen = attempt;
    } else {
      const byGrade = gradeRank(module, attempt.grade) - gradeRank(module, chosen.grade);
      if (byGrade > 0 || (byGrade === 0 && attempt.theta > chosen.theta)) chosen = attempt;
    }
  }
  return chosen;
}
