/**
 * The credit ledger of one pupil toward one qualification: append-only entries for every
 * attempt and every credit change, so that any balance can be explained entry by entry.
 * Nothing here edits or removes an entry; each operation returns the entries it appends, which
 * the service stores (unique on ledger + seq, so a concurrent append of the same seq fails).
 *
 * Which result banks a module's credits is decided by one rule, countedAttempt (policies.ts):
 * after every attempt, and whenever the ledger is settled at a later moment (expiry), the
 * ledger is reconciled with that rule and each difference is written as a credit entry.
 */
import { RuleConflictError, RuleViolation, assertNoViolations } from '../grading/ruleValidationError';
import { Instant, epochMs, isoInstant } from './instant';
import {
  Attempt, CreditModule, ResitPolicy, attemptAllowed, countedAttempt, isValidAt, passes,
  validateCreditModule, validateResitPolicy,
} from './policies';

interface EntryBase {
  /** 1, 2, 3, … in the order appended. */
  seq: number;
  /** When the entry was recorded (ISO 8601, UTC). */
  at: string;
}

export interface AttemptEntry extends EntryBase {
  kind: 'attempt';
  moduleId: string;
  resultId: string;
  satAt: string;
  grade: string;
  theta: number;
  passed: boolean;
}

export type CreditChangeReason =
  /** The result passed and is the one that counts. */
  | 'banked'
  /** Another result of the same module now counts (a better resit, or a later one under "latest counts"). */
  | 'superseded'
  /** Under "latest counts", a later attempt that did not pass now counts. */
  | 'latest-attempt-not-passed'
  /** The result's validity period ended. */
  | 'expired';

export interface CreditEntry extends EntryBase {
  kind: 'credit';
  moduleId: string;
  resultId: string;
  /** +credits when banked, −credits when withdrawn. */
  change: number;
  level: number;
  reason: CreditChangeReason;
  note: string;
}

export type LedgerEntry = AttemptEntry | CreditEntry;

export interface Ledger {
  pupilId: string;
  qualificationId: string;
  entries: readonly LedgerEntry[];
}

export interface LedgerUpdate {
  ledger: Ledger;
  /** The entries this operation added, in order (empty when nothing changed). */
  appended: readonly LedgerEntry[];
}

/** A module result that currently banks credits. */
export interface BankedResult {
  moduleId: string;
  resultId: string;
  credits: number;
  level: number;
  grade: string;
  theta: number;
  satAt: string;
  /** The seq of the credit entry that banked it. */
  bankedBySeq: number;
}

export interface CreditRules {
  modules: readonly CreditModule[];
  policy: ResitPolicy;
}

export function emptyLedger(pupilId: string, qualificationId: string): Ledger {
  return Object.freeze({ pupilId, qualificationId, entries: Object.freeze([]) as readonly LedgerEntry[] });
}

export function attemptsOf(ledger: Ledger, moduleId?: string): AttemptEntry[] {
  return ledger.entries.filter(
    (e): e is AttemptEntry => e.kind === 'attempt' && (moduleId === undefined || e.moduleId === moduleId),
  );
}

/** The results banking credits now, by module, as the credit entries say. */
export function bankedResults(ledger: Ledger): BankedResult[] {
  const attempts = new Map(attemptsOf(ledger).map((a) => [a.resultId, a]));
  const byModule = new Map<string, BankedResult>();
  for (const e of ledger.entries) {
    if (e.kind !== 'credit') continue;
    if (e.change > 0) {
      const a = attempts.get(e.resultId);
      if (!a) continue;
      byModule.set(e.moduleId, {
        moduleId: e.moduleId, resultId: e.resultId, credits: e.change, level: e.level,
        grade: a.grade, theta: a.theta, satAt: a.satAt, bankedBySeq: e.seq,
      });
    } else if (byModule.get(e.moduleId)?.resultId === e.resultId) {
      byModule.delete(e.moduleId);
    }
  }
  return [...byModule.values()];
}

/** The balance: the sum of every credit change. */
export function balance(ledger: Ledger): number {
  return ledger.entries.reduce((sum, e) => (e.kind === 'credit' ? sum + e.change : sum), 0);
}

/** Credits banked in modules at or above `level`. */
export function creditsAtOrAboveLevel(ledger: Ledger, level: number): number {
  return bankedResults(ledger).filter((r) => r.level >= level).reduce((s, r) => s + r.credits, 0);
}

/** The balance with the entries that make it up: every change, and what is banked now. */
export function explainBalance(ledger: Ledger): {
  balance: number;
  banked: BankedResult[];
  changes: CreditEntry[];
} {
  return {
    balance: balance(ledger),
    banked: bankedResults(ledger),
    changes: ledger.entries.filter((e): e is CreditEntry => e.kind === 'credit'),
  };
}

function validateRules(rules: CreditRules): void {
  const v: RuleViolation[] = [...validateResitPolicy(rules.policy, '/policy')];
  rules.modules.forEach((m, i) => v.push(...validateCreditModule(m, `/modules/${i}`)));
  assertNoViolations('The credit rules are not valid', v);
}

function moduleOf(rules: CreditRules, moduleId: string): CreditModule {
  const module = rules.modules.find((m) => m.moduleId === moduleId);
  if (!module) {
    assertNoViolations('Unknown module', [{ path: '/moduleId', message: `module ${moduleId} does not count toward this qualification` }]);
  }
  return module as CreditModule;
}

function lastAt(ledger: Ledger): number {
  const last = ledger.entries[ledger.entries.length - 1];
  return last ? epochMs(last.at) : Number.NEGATIVE_INFINITY;
}

function checkNow(ledger: Ledger, now: Instant): string {
  const at = isoInstant(now, '/now');
  if (epochMs(at) < lastAt(ledger)) {
    assertNoViolations('The ledger is append-only in time', [
      { path: '/now', message: 'is earlier than the last entry; entries are recorded in time order' },
    ]);
  }
  return at;
}

function asAttempt(e: AttemptEntry): Attempt {
  return { resultId: e.resultId, moduleId: e.moduleId, satAt: e.satAt, grade: e.grade, theta: e.theta };
}

/**
 * Bring the credit entries in line with the policy at `now`: for each module, withdraw the
 * credits of a result that no longer counts and bank those of the passing result that does.
 */
function reconcile(ledger: Ledger, rules: CreditRules, at: string): LedgerEntry[] {
  const appended: LedgerEntry[] = [];
  let seq = ledger.entries.length;
  const banked = new Map(bankedResults(ledger).map((b) => [b.moduleId, b]));
  const attempts = attemptsOf(ledger);
  for (const module of rules.modules) {
    const mine = attempts.filter((a) => a.moduleId === module.moduleId).map(asAttempt);
    if (mine.length === 0) continue;
    const counted = countedAttempt(mine, module, rules.policy, at);
    const wanted = counted && passes(counted, module) ? counted : null;
    const current = banked.get(module.moduleId);
    if (current && current.resultId === wanted?.resultId) continue;
    if (current) {
      const currentAttempt = mine.find((a) => a.resultId === current.resultId) as Attempt;
      const reason: CreditChangeReason = !isValidAt(currentAttempt, rules.policy, at)
        ? 'expired'
        : wanted ? 'superseded' : 'latest-attempt-not-passed';
      const note = {
        expired: `Result ${current.resultId} (sat ${current.satAt}) passed its validity of ${rules.policy.validityDays} days`,
        superseded: `Result ${wanted?.resultId} now counts for ${module.moduleId} under "${rules.policy.counts} counts"`,
        'latest-attempt-not-passed': `The latest attempt at ${module.moduleId} (${counted?.resultId}, grade ${counted?.grade}) counts and did not pass`,
        banked: '',
      }[reason];
      appended.push({
        seq: ++seq, at, kind: 'credit', moduleId: module.moduleId, resultId: current.resultId,
        change: -current.credits, level: current.level, reason, note,
      });
    }
    if (wanted) {
      appended.push({
        seq: ++seq, at, kind: 'credit', moduleId: module.moduleId, resultId: wanted.resultId,
        change: module.credits, level: module.level, reason: 'banked',
        note: `Grade ${wanted.grade} (pass grade ${module.passGrade}) banks ${module.credits} credits at level ${module.level}`,
      });
    }
  }
  return appended;
}

function withEntries(ledger: Ledger, appended: LedgerEntry[]): LedgerUpdate {
  const frozen = appended.map((e) => Object.freeze(e));
  return {
    ledger: Object.freeze({ ...ledger, entries: Object.freeze([...ledger.entries, ...frozen]) }),
    appended: Object.freeze(frozen),
  };
}

/**
 * Record a finished sitting and the credit changes it causes. The attempt must have been
 * allowed when it started (attemptAllowed at its satAt). Recording the same result twice with
 * the same content is a no-op (a retried request); with different content it is a conflict.
 */
export function recordAttempt(ledger: Ledger, rules: CreditRules, attempt: Attempt, now: Instant): LedgerUpdate {
  validateRules(rules);
  const at = checkNow(ledger, now);
  const module = moduleOf(rules, attempt.moduleId);
  const satAt = isoInstant(attempt.satAt, '/satAt');
  const v: RuleViolation[] = [];
  if (!attempt.resultId) v.push({ path: '/resultId', message: 'is required' });
  if (!module.grades.includes(attempt.grade)) v.push({ path: '/grade', message: `"${attempt.grade}" is not a grade of this module` });
  if (!Number.isFinite(attempt.theta)) v.push({ path: '/theta', message: 'must be a finite number' });
  if (epochMs(satAt) > epochMs(at)) v.push({ path: '/satAt', message: 'is later than the moment of recording' });
  assertNoViolations('The attempt is not valid', v);

  const existing = attemptsOf(ledger).find((a) => a.resultId === attempt.resultId);
  if (existing) {
    const same = existing.moduleId === attempt.moduleId && existing.satAt === satAt
      && existing.grade === attempt.grade && existing.theta === attempt.theta;
    if (same) return { ledger, appended: [] };
    throw new RuleConflictError(`Result ${attempt.resultId} is already recorded with different details`, [
      { path: '/resultId', message: 'already recorded; a result is never changed after it is recorded' },
    ]);
  }

  const earlier = attemptsOf(ledger, attempt.moduleId).filter((a) => epochMs(a.satAt) <= epochMs(satAt)).map(asAttempt);
  const decision = attemptAllowed(earlier, rules.policy, satAt);
  if (!decision.allowed) {
    throw new RuleConflictError(decision.message, [{ path: '/satAt', message: decision.message }]);
  }

  const entry: AttemptEntry = {
    seq: ledger.entries.length + 1, at, kind: 'attempt', moduleId: attempt.moduleId, resultId: attempt.resultId,
    satAt, grade: attempt.grade, theta: attempt.theta, passed: passes(attempt, module),
  };
  const afterAttempt = withEntries(ledger, [entry]).ledger;
  return withEntries(ledger, [entry, ...reconcile(afterAttempt, rules, at)]);
}

/** Record the credit changes that time alone causes (results passing their validity) up to `now`. */
export function settleLedger(ledger: Ledger, rules: CreditRules, now: Instant): LedgerUpdate {
  validateRules(rules);
  const at = checkNow(ledger, now);
  const appended = reconcile(ledger, rules, at);
  return appended.length === 0 ? { ledger, appended: [] } : withEntries(ledger, appended);
}

/** May the pupil start an attempt at the module at `now`? (The check the service makes before a sitting.) */
export function mayAttempt(ledger: Ledger, rules: CreditRules, moduleId: string, now: Instant) {
  moduleOf(rules, moduleId);
  return attemptAllowed(attemptsOf(ledger, moduleId).map(asAttempt), rules.policy, now);
}

/**
 * Check a ledger read back from storage: seqs 1..n, times in order, every credit change tied
 * to a recorded attempt, a withdrawal only of credits that are banked, never two results
 * banked for one module, never a negative balance.
 */
export function verifyLedger(ledger: Ledger): RuleViolation[] {
  const v: RuleViolation[] = [];
  const attempts = new Set<string>();
  const banked = new Map<string, { resultId: string; credits: number }>();
  let previous = Number.NEGATIVE_INFINITY;
  let running = 0;
  ledger.entries.forEach((e, i) => {
    const path = `/entries/${i}`;
    if (e.seq !== i + 1) v.push({ path: `${path}/seq`, message: `expected ${i + 1}` });
    const t = Date.parse(e.at);
    if (!Number.isFinite(t)) v.push({ path: `${path}/at`, message: 'is not a date' });
    else if (t < previous) v.push({ path: `${path}/at`, message: 'is out of time order' });
    else previous = t;
    if (e.kind === 'attempt') {
      if (attempts.has(e.resultId)) v.push({ path: `${path}/resultId`, message: 'is recorded twice' });
      attempts.add(e.resultId);
      return;
    }
    if (!attempts.has(e.resultId)) v.push({ path: `${path}/resultId`, message: 'changes credits for a result with no attempt entry' });
    const current = banked.get(e.moduleId);
    if (e.change > 0) {
      if (current) v.push({ path, message: `banks module ${e.moduleId} while ${current.resultId} is still banked` });
      banked.set(e.moduleId, { resultId: e.resultId, credits: e.change });
    } else if (!current || current.resultId !== e.resultId || current.credits !== -e.change) {
      v.push({ path, message: 'withdraws credits that are not banked' });
    } else {
      banked.delete(e.moduleId);
    }
    running += e.change;
    if (running < 0) v.push({ path, message: 'takes the balance below zero' });
  });
  return v;
}
