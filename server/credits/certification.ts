/**
 * Certification ("cash-in"): when the rules of combination are met, the pupil, or a teacher for
 * them, asks for the award. An award freezes the results that counted, its overall grade and
 * how it was reached; it is never changed. A later cash-in (after resits) issues a new award
 * that supersedes the old one, which stays on record.
 *
 * Duplicates: a request carries an idempotency key; repeating it returns the award it issued and
 * issues nothing. Two different requests racing: each award's id is
 * `<pupil>:<qualification>:<number>` with number = awards so far + 1, so the store's unique
 * index on the id lets only one of them be written; the loser re-reads and finds an award on the
 * same results, which is refused as a conflict (nothing written twice).
 */
import type { CutScoreReference } from '../grading/cutScores';
import { RuleConflictError, RuleValidationError, RuleViolation, assertNoViolations } from '../grading/ruleValidationError';
import { Instant, isoInstant } from './instant';
import { AggregationRule, overallGrade } from './overallGrade';
import { QualificationRules, checkQualification } from './qualification';

/** A banked module result offered for counting. */
export interface CountableResult {
  moduleId: string;
  resultId: string;
  grade: string;
  theta: number;
  credits: number;
  level: number;
  /** Rounded uniform mark of the result. */
  uniformMark: number;
  satAt: string;
  cutScores?: CutScoreReference;
}

export interface AwardRequest {
  pupilId: string;
  qualificationId: string;
  idempotencyKey: string;
  requestedBy: { role: 'pupil' | 'teacher'; id: string };
  at: Instant;
}

export interface Award {
  awardId: string;
  pupilId: string;
  qualificationId: string;
  number: number;
  issuedAt: string;
  requestedBy: { role: 'pupil' | 'teacher'; id: string };
  idempotencyKey: string;
  counted: readonly CountableResult[];
  totalCredits: number;
  grade: string;
  aggregation: { rule: AggregationRule['kind']; aggregate: number; explanation: string };
  /** The award this one replaces as the current award (null for the first). */
  supersedes: string | null;
}

export type CertificationOutcome = { outcome: 'issued'; award: Award } | { outcome: 'replayed'; award: Award };

export interface CertificationInput {
  request: AwardRequest;
  /** Every award already issued to this pupil for this qualification. */
  awards: readonly Award[];
  /** The pupil's banked results (one per module, as the ledger says now). */
  banked: readonly CountableResult[];
  rules: QualificationRules;
  aggregation: AggregationRule;
}

export function awardId(pupilId: string, qualificationId: string, number: number): string {
  return `${pupilId}:${qualificationId}:${number}`;
}

function sameRequest(award: Award, request: AwardRequest): boolean {
  return award.pupilId === request.pupilId && award.qualificationId === request.qualificationId
    && award.requestedBy.role === request.requestedBy.role && award.requestedBy.id === request.requestedBy.id;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

/** The current award: the one no other award supersedes (the highest number). */
export function currentAward(awards: readonly Award[]): Award | null {
  return awards.reduce<Award | null>((a, b) => (a === null || b.number > a.number ? b : a), null);
}

export function requestAward(input: CertificationInput): CertificationOutcome {
  const { request, awards, banked, rules, aggregation } = input;
  const v: RuleViolation[] = [];
  if (!request.pupilId) v.push({ path: '/pupilId', message: 'is required' });
  if (request.qualificationId !== rules.qualificationId) v.push({ path: '/qualificationId', message: 'does not match the qualification rules' });
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey.length < 8) {
    v.push({ path: '/idempotencyKey', message: 'a unique key of at least 8 characters is required' });
  }
  if (request.requestedBy?.role !== 'pupil' && request.requestedBy?.role !== 'teacher') {
    v.push({ path: '/requestedBy/role', message: 'must be pupil or teacher' });
  }
  assertNoViolations('The award request is not valid', v);
  const issuedAt = isoInstant(request.at);

  const earlier = awards.find((a) => a.idempotencyKey === request.idempotencyKey);
  if (earlier) {
    if (sameRequest(earlier, request)) return { outcome: 'replayed', award: earlier };
    throw new RuleConflictError('This idempotency key was already used for a different request', [
      { path: '/idempotencyKey', message: 'already used; send a new key for a new request' },
    ]);
  }

  const byModule = new Map<string, CountableResult>();
  banked.forEach((r, i) => {
    if (byModule.has(r.moduleId)) {
      assertNoViolations('The banked results are not valid', [{ path: `/banked/${i}/moduleId`, message: `two banked results for module ${r.moduleId}` }]);
    }
    byModule.set(r.moduleId, r);
  });
  const check = checkQualification(rules, [...byModule.keys()], (id) => byModule.get(id)?.uniformMark ?? 0);
  if (!check.met) {
    throw new RuleValidationError(
      'The qualification rules are not yet met',
      check.shortfalls.map((s) => ({ path: '/qualification', message: s.message })),
    );
  }
  // Copies, so that freezing the award never freezes (or later shares) the caller's objects.
  const counted = check.counted.map((id): CountableResult => {
    const r = byModule.get(id) as CountableResult;
    return { ...r, ...(r.cutScores ? { cutScores: { ...r.cutScores } } : {}) };
  });

  const previous = currentAward(awards);
  if (previous) {
    const key = (rs: readonly CountableResult[]) => rs.map((r) => r.resultId).sort().join('|');
    if (key(previous.counted) === key(counted)) {
      throw new RuleConflictError('An award has already been issued on these results', [
        { path: '/qualification', message: `award ${previous.awardId} (grade ${previous.grade}) already counts exactly these results; a new award needs a new result` },
      ]);
    }
  }

  const overall = overallGrade(counted, aggregation);
  const number = (previous?.number ?? 0) + 1;
  const award: Award = {
    awardId: awardId(request.pupilId, request.qualificationId, number),
    pupilId: request.pupilId,
    qualificationId: request.qualificationId,
    number,
    issuedAt,
    requestedBy: { role: request.requestedBy.role, id: request.requestedBy.id },
    idempotencyKey: request.idempotencyKey,
    counted,
    totalCredits: check.totalCredits,
    grade: overall.grade,
    aggregation: { rule: overall.rule, aggregate: overall.aggregate, explanation: overall.explanation },
    supersedes: previous?.awardId ?? null,
  };
  return { outcome: 'issued', award: deepFreeze(award) };
}
