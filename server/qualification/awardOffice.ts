/**
 * Certification ("cash-in") in storage, around server/credits/certification.ts. An award is
 * written under its deterministic id `<pupil>:<qualification>:<n>`, so two requests at once
 * compute the same id and the store's _id uniqueness accepts one: the other re-reads and is
 * either a replay (same idempotency key: the same award back) or refused as a conflict (an
 * award on the same results exists). Nothing is written twice.
 *
 * A standards manager then certifies an award (one certification per award, keyed by its id).
 */
import { Types } from 'mongoose';
import { Award, CountableResult, requestAward as decideAward } from '../credits/certification';
import { Ledger, bankedResults } from '../credits/ledger';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { AssessmentModule, AssessmentSession, Pupil } from '../db/models';
import { ApiError } from '../http/apiError';
import type { Principal } from '../http/auth/authSessions';
import { PublishedQualification, resultUniformMark } from './publishedQualification';
import { asApiError } from './qualificationCatalogue';
import {
  AwardCertification, QualificationAward, type AwardCertificationRecord, type QualificationAwardRecord,
} from './qualificationRecords';

const ISSUE_ATTEMPTS = 3;

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

export interface CertificationView {
  certifiedAt: string;
  certifiedBy: string;
}

export interface AwardView extends Award {
  pupilName?: string;
  certification: CertificationView | null;
  current: boolean;
}

export class AwardOffice {
  private readonly cutsByModuleVersion = new Map<string, number[]>();

  /** Every award issued to the pupil for the qualification, oldest first. */
  async awardsOf(pupilId: string, qualificationId: string): Promise<Award[]> {
    const rows = await QualificationAward.find({ pupilId: new Types.ObjectId(pupilId), qualificationId }).lean<QualificationAwardRecord[]>();
    return rows.map((r) => r.award).sort((x, y) => x.number - y.number);
  }

  async certificationsOf(awardIds: readonly string[]): Promise<Map<string, CertificationView>> {
    if (awardIds.length === 0) return new Map();
    const rows = await AwardCertification.find({ _id: { $in: [...awardIds] } }).lean<AwardCertificationRecord[]>();
    return new Map(rows.map((r) => [r._id, { certifiedAt: r.certifiedAt.toISOString(), certifiedBy: r.certifiedByName }]));
  }

  /**
   * Cash-in for a pupil: the rules must be met by the results banked now (`ledger`, already
   * reconciled and settled). Returns 'issued' or 'replayed' with the award.
   */
  async request(input: {
    pupilId: string;
    schoolId: string;
    qualification: PublishedQualification;
    ledger: () => Promise<Ledger>;
    requestedBy: Principal;
    idempotencyKey: string;
    now: Date;
  }): Promise<{ outcome: 'issued' | 'replayed'; award: Award }> {
    const { qualification } = input;
    for (let round = 1; ; round++) {
      const ledger = await input.ledger();
      const [banked, awards] = await Promise.all([this.countable(qualification, ledger), this.awardsOf(input.pupilId, qualification.qualificationId)]);
      let decided;
      try {
        decided = decideAward({
          request: {
            pupilId: input.pupilId,
            qualificationId: qualification.qualificationId,
            idempotencyKey: input.idempotencyKey,
            requestedBy: { role: input.requestedBy.role, id: input.requestedBy.userId },
            at: input.now.toISOString(),
          },
          awards,
          banked,
          rules: qualification.rules,
          aggregation: qualification.aggregation,
        });
      } catch (error) {
        throw asApiError(error);
      }
      if (decided.outcome === 'replayed') return decided;
      try {
        await QualificationAward.create({
          _id: decided.award.awardId,
          pupilId: new Types.ObjectId(input.pupilId),
          schoolId: new Types.ObjectId(input.schoolId),
          qualificationId: qualification.qualificationId,
          qualificationVersion: qualification.version,
          award: decided.award,
        });
        return decided;
      } catch (error) {
        // Another request issued this award number a moment ago: decide again on what is stored now.
        if (!isDuplicateKey(error) || round >= ISSUE_ATTEMPTS) throw error;
      }
    }
  }

  /** A standards manager in the pupil's school certifies the current award (once). */
  async certify(manager: Principal, awardId: string, now: Date): Promise<AwardView> {
    const record = await QualificationAward.findById(awardId).lean<QualificationAwardRecord>();
    if (!record || String(record.schoolId) !== manager.schoolId) throw new ApiError('NOT_FOUND', 'There is no such award in your school.');
    const awards = await this.awardsOf(String(record.pupilId), record.qualificationId);
    if (awards.some((a) => a.supersedes === awardId)) {
      throw new ApiError('CONFLICT', 'A later award has replaced this one; certify the current award.', [{ path: '/awardId', message: 'is superseded' }]);
    }
    try {
      await AwardCertification.create({
        _id: awardId, schoolId: record.schoolId, certifiedBy: new Types.ObjectId(manager.userId), certifiedByName: manager.name, certifiedAt: now,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      throw new ApiError('CONFLICT', 'This award is already certified.', [{ path: '/awardId', message: 'is already certified' }]);
    }
    const [view] = await this.views([record]);
    return view;
  }

  /** Every award in the school, newest first, with the pupil's name and its certification. */
  async awardsInSchool(schoolId: string): Promise<AwardView[]> {
    const rows = await QualificationAward.find({ schoolId: new Types.ObjectId(schoolId) }).lean<QualificationAwardRecord[]>();
    return (await this.views(rows)).sort((x, y) => y.issuedAt.localeCompare(x.issuedAt));
  }

  private async views(rows: readonly QualificationAwardRecord[]): Promise<AwardView[]> {
    const certifications = await this.certificationsOf(rows.map((r) => r._id));
    const pupils = await Pupil.find({ _id: { $in: [...new Set(rows.map((r) => String(r.pupilId)))].map((id) => new Types.ObjectId(id)) } }, { name: 1 }).lean();
    const names = new Map(pupils.map((p) => [String(p._id), p.name]));
    // An award is current until a later award of the same pupil and qualification supersedes it.
    const theirs = await Promise.all(rows.map((r) => this.awardsOf(String(r.pupilId), r.qualificationId)));
    const superseded = new Set(theirs.flat().flatMap((a) => (a.supersedes ? [a.supersedes] : [])));
    return rows.map((r) => ({
      ...r.award,
      pupilName: names.get(String(r.pupilId)),
      certification: certifications.get(r._id) ?? null,
      current: !superseded.has(r._id),
    }));
  }

  /** The banked results as the certification rule counts them: with their uniform marks. */
  private async countable(qualification: PublishedQualification, ledger: Ledger): Promise<CountableResult[]> {
    const banked = bankedResults(ledger);
    const sessions = await AssessmentSession.find(
      { _id: { $in: banked.map((b) => new Types.ObjectId(b.resultId)) } },
      { moduleId: 1, moduleVersion: 1, 'result.cutScores': 1 },
    ).lean<{ _id: Types.ObjectId; moduleId: string; moduleVersion: number; result: { cutScores?: { moduleId: string; version: number | string } } | null }[]>();
    const byId = new Map(sessions.map((s) => [String(s._id), s]));
    const results: CountableResult[] = [];
    for (const b of banked) {
      const session = byId.get(b.resultId);
      if (!session) throw new Error(`banked result ${b.resultId} has no session`);
      const cuts = await this.cutsOf(session.moduleId, session.moduleVersion);
      results.push({
        moduleId: b.moduleId, resultId: b.resultId, grade: b.grade, theta: b.theta, credits: b.credits, level: b.level, satAt: b.satAt,
        uniformMark: resultUniformMark(qualification, b.moduleId, b.theta, cuts),
        ...(session.result?.cutScores ? { cutScores: { moduleId: session.result.cutScores.moduleId, version: session.result.cutScores.version } } : {}),
      });
    }
    return results;
  }

  /** The θ cuts that graded a result: those of the module version the session sat. */
  private async cutsOf(moduleId: string, version: number): Promise<number[]> {
    const key = `${moduleId}@${version}`;
    let cuts = this.cutsByModuleVersion.get(key);
    if (!cuts) {
      const row = await AssessmentModule.findOne({ moduleId, version }, { 'definition.cutScores': 1 }).lean();
      const definition = row?.definition as Pick<ModuleDefinition, 'cutScores'> | undefined;
      if (!definition) throw new Error(`module ${key} is not stored`);
      cuts = definition.cutScores.boundaries.map((b) => b.theta);
      this.cutsByModuleVersion.set(key, cuts);
    }
    return cuts;
  }
}
