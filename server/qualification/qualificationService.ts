/**
 * Qualifications for pupils and staff: results, progress toward a qualification, the
 * transcript, cash-in and certification. Authorisation is here, not in the routes: a pupil
 * sees only their own records; a teacher only pupils and classes of their own school; a
 * standards manager only their own school's awards.
 */
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { ModuleResult } from '../assessment/sittingState';
import { qualificationProgress } from '../credits/progress';
import { transcript as transcriptOf } from '../credits/transcript';
import { summariseCriteria } from '../grading/criteriaSummary';
import { AssessmentModule, AssessmentSession, Pupil, SchoolClass } from '../db/models';
import { ApiError, validationFailed } from '../http/apiError';
import type { Principal } from '../http/auth/authSessions';
import { AwardOffice, type AwardView } from './awardOffice';
import { CreditBank } from './creditBank';
import type { PublishedQualification } from './publishedQualification';
import { QualificationCatalogue } from './qualificationCatalogue';

interface PupilRef {
  pupilId: string;
  schoolId: string;
  name: string;
}

interface FinishedSessionRow {
  _id: Types.ObjectId;
  pupilId: Types.ObjectId;
  moduleId: string;
  startedAt: Date;
  finishedAt: Date | null;
  result: ModuleResult | null;
}

export class QualificationService {
  readonly catalogue = new QualificationCatalogue();
  readonly bank: CreditBank;
  readonly awards = new AwardOffice();
  private readonly now: () => Date;

  constructor(deps: { logger: Logger; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
    this.bank = new CreditBank(this.catalogue, { logger: deps.logger, now: this.now });
  }

  private readonly banking = new Set<Promise<void>>();

  /** Bank a finished sitting without holding up its finish; close() waits for it. */
  bankInBackground(sessionId: string, moduleId: string, onError: (error: unknown) => void): void {
    const work: Promise<void> = this.bank.bankSession(sessionId, moduleId).catch(onError).finally(() => this.banking.delete(work));
    this.banking.add(work);
  }

  /** Waits for banking still in flight (graceful shutdown). */
  async close(): Promise<void> {
    while (this.banking.size > 0) await Promise.all([...this.banking]);
  }

  // ---- who may see whom ----------------------------------------------------------------------

  /** The pupil a request is about: the caller themselves, or a pupil of the teacher's school. */
  async pupilFor(caller: Principal, pupilId?: string): Promise<PupilRef> {
    const id = caller.role === 'pupil' ? caller.userId : pupilId;
    const record = id && Types.ObjectId.isValid(id) ? await Pupil.findById(id, { name: 1, schoolId: 1 }).lean() : null;
    if (!record || String(record.schoolId) !== caller.schoolId) throw new ApiError('NOT_FOUND', 'There is no such pupil in your school.');
    return { pupilId: String(record._id), schoolId: String(record.schoolId), name: record.name };
  }

  // ---- pupil records -------------------------------------------------------------------------

  async qualifications() {
    const list = await this.catalogue.list();
    return list.map((q) => this.describe(q));
  }

  /** Every finished module of the pupil, newest first, with the result and its criteria report. */
  async results(pupil: PupilRef) {
    const sessions = await AssessmentSession.find(
      { pupilId: new Types.ObjectId(pupil.pupilId), status: 'finished' },
      { pupilId: 1, moduleId: 1, startedAt: 1, finishedAt: 1, result: 1 },
    ).lean<FinishedSessionRow[]>();
    const titles = await this.moduleTitles();
    return sessions
      .filter((s) => s.result)
      .sort((x, y) => (y.finishedAt?.getTime() ?? 0) - (x.finishedAt?.getTime() ?? 0))
      .map((s) => {
        const r = s.result as ModuleResult;
        return {
          sessionId: String(s._id), moduleId: s.moduleId, title: titles.get(s.moduleId) ?? s.moduleId,
          startedAt: s.startedAt.toISOString(), finishedAt: s.finishedAt?.toISOString() ?? null,
          grade: r.grade, gradeProbability: r.gradeProbability, scaleScore: r.scaleScore, scaleSe: r.scaleSe,
          criteria: r.criteria.map((c) => ({ id: c.id, statement: c.statement, shown: c.shown })),
        };
      });
  }

  async progress(pupil: PupilRef, qualificationId: string) {
    const qualification = await this.catalogue.current(qualificationId);
    const ledger = await this.bank.ledger(pupil.pupilId, pupil.schoolId, qualification);
    const progress = qualificationProgress(ledger, qualification.creditRules, qualification.rules, this.ledgerNow(ledger.entries));
    const awards = await this.awardSummaries(pupil.pupilId, qualification.qualificationId);
    return {
      qualification: this.describe(qualification),
      pupil: { id: pupil.pupilId, name: pupil.name },
      balance: progress.balance,
      requiredCredits: qualification.rules.minTotalCredits ?? null,
      met: progress.check.met,
      counted: progress.check.counted,
      shortfalls: progress.check.shortfalls,
      modules: progress.modules.map((m) => ({
        ...m,
        title: qualification.modules.find((q) => q.moduleId === m.moduleId)?.title ?? m.moduleId,
        place: this.placeOf(qualification, m.moduleId),
      })),
      awards,
    };
  }

  async transcript(pupil: PupilRef, qualificationId: string) {
    const qualification = await this.catalogue.current(qualificationId);
    const ledger = await this.bank.ledger(pupil.pupilId, pupil.schoolId, qualification);
    const awards = await this.awards.awardsOf(pupil.pupilId, qualification.qualificationId);
    const data = transcriptOf(ledger, awards);
    const certifications = await this.awards.certificationsOf(awards.map((a) => a.awardId));
    const titles = new Map(qualification.modules.map((m) => [m.moduleId, m.title]));
    return {
      qualification: this.describe(qualification),
      pupil: { id: pupil.pupilId, name: pupil.name },
      creditBalance: data.creditBalance,
      modules: data.modules.map((m) => ({ ...m, title: titles.get(m.moduleId) ?? m.moduleId })),
      awards: data.awards.map((a) => ({
        ...a,
        counted: a.counted.map((c) => ({ ...c, title: titles.get(c.moduleId) ?? c.moduleId })),
        certification: certifications.get(a.awardId) ?? null,
      })),
    };
  }

  async requestAward(caller: Principal, pupil: PupilRef, qualificationId: string, idempotencyKey: string) {
    const qualification = await this.catalogue.current(qualificationId);
    return this.awards.request({
      pupilId: pupil.pupilId,
      schoolId: pupil.schoolId,
      qualification,
      ledger: () => this.bank.ledger(pupil.pupilId, pupil.schoolId, qualification),
      requestedBy: caller,
      idempotencyKey,
      now: this.now(),
    });
  }

  // ---- staff ---------------------------------------------------------------------------------

  async awardsInSchool(manager: Principal): Promise<AwardView[]> {
    return this.awards.awardsInSchool(manager.schoolId);
  }

  async certify(manager: Principal, awardId: string): Promise<AwardView> {
    return this.awards.certify(manager, awardId, this.now());
  }

  /**
   * A class's results: per module, the grades of each pupil's latest result and the criteria
   * most pupils have not yet shown (server/grading/criteriaSummary.ts); per pupil, their
   * progress toward the qualification when one is named.
   */
  async classResults(teacher: Principal, classId: string, qualificationId?: string) {
    const schoolClass = Types.ObjectId.isValid(classId) ? await SchoolClass.findById(classId).lean() : null;
    if (!schoolClass || String(schoolClass.schoolId) !== teacher.schoolId) {
      throw new ApiError('NOT_FOUND', 'There is no such class in your school.', [{ path: '/classId', message: 'is not one of your school\'s classes' }]);
    }
    const qualification = qualificationId ? await this.catalogue.current(qualificationId) : null;
    const [pupils, sessions, titles] = await Promise.all([
      Pupil.find({ classIds: schoolClass._id }, { name: 1, schoolId: 1 }).sort({ name: 1 }).lean(),
      AssessmentSession.find({ classId: schoolClass._id, status: 'finished' }, { pupilId: 1, moduleId: 1, startedAt: 1, finishedAt: 1, result: 1 }).lean<FinishedSessionRow[]>(),
      this.moduleTitles(),
    ]);
    const inClass = new Set(pupils.map((p) => String(p._id)));
    const latest = new Map<string, Map<string, FinishedSessionRow>>();
    for (const s of sessions.filter((x) => x.result && inClass.has(String(x.pupilId)))) {
      const byPupil = latest.get(s.moduleId) ?? new Map<string, FinishedSessionRow>();
      latest.set(s.moduleId, byPupil);
      const seen = byPupil.get(String(s.pupilId));
      if (!seen || seen.startedAt.getTime() < s.startedAt.getTime()) byPupil.set(String(s.pupilId), s);
    }
    const modules = [...latest].sort(([a], [b]) => (titles.get(a) ?? a).localeCompare(titles.get(b) ?? b)).map(([moduleId, byPupil]) => {
      const results = [...byPupil.values()].map((s) => s.result as ModuleResult);
      const grades: Record<string, number> = {};
      for (const r of results) grades[r.grade] = (grades[r.grade] ?? 0) + 1;
      const creditModule = qualification?.creditRules.modules.find((m) => m.moduleId === moduleId);
      const passed = creditModule
        ? results.filter((r) => creditModule.grades.indexOf(r.grade) >= creditModule.grades.indexOf(creditModule.passGrade)).length
        : null;
      return {
        moduleId, title: titles.get(moduleId) ?? moduleId, sat: results.length, passed, grades,
        pupils: [...byPupil].map(([pupilId, s]) => ({ pupilId, grade: (s.result as ModuleResult).grade, sessionId: String(s._id) })),
        criteria: summariseCriteria(results.map((r) => r.criteria)),
      };
    });
    const progress = qualification
      ? await Promise.all(pupils.map(async (p) => {
        const ledger = await this.bank.ledger(String(p._id), String(p.schoolId), qualification);
        const state = qualificationProgress(ledger, qualification.creditRules, qualification.rules, this.ledgerNow(ledger.entries));
        return {
          pupilId: String(p._id), name: p.name, balance: state.balance, met: state.check.met,
          banked: state.modules.filter((m) => m.status === 'banked').length, shortfalls: state.check.shortfalls.map((s) => s.message),
        };
      }))
      : pupils.map((p) => ({ pupilId: String(p._id), name: p.name }));
    return {
      classId: String(schoolClass._id), className: schoolClass.name,
      qualification: qualification ? this.describe(qualification) : null,
      modules, pupils: progress,
    };
  }

  // ---- internals ---------------------------------------------------------------------------

  private describe(q: PublishedQualification) {
    return {
      id: q.qualificationId, version: q.version, title: q.title, description: q.description,
      minTotalCredits: q.rules.minTotalCredits ?? null,
      mandatory: q.rules.mandatory,
      optionalGroups: q.rules.optionalGroups,
      minCreditsAtLevel: q.rules.minCreditsAtLevel ?? [],
      barred: q.rules.barred ?? [],
      policy: q.creditRules.policy,
      modules: q.modules.map((m) => ({ moduleId: m.moduleId, title: m.title, credits: m.credits, level: m.level, passGrade: m.passGrade })),
    };
  }

  private placeOf(q: PublishedQualification, moduleId: string): string {
    if (q.rules.mandatory.includes(moduleId)) return 'mandatory';
    const group = q.rules.optionalGroups.find((g) => g.modules.includes(moduleId));
    return group ? `group:${group.id}` : 'optional';
  }

  private async awardSummaries(pupilId: string, qualificationId: string) {
    const awards = await this.awards.awardsOf(pupilId, qualificationId);
    const certifications = await this.awards.certificationsOf(awards.map((a) => a.awardId));
    const superseded = new Set(awards.flatMap((a) => (a.supersedes ? [a.supersedes] : [])));
    return awards.map((a) => ({
      awardId: a.awardId, number: a.number, grade: a.grade, issuedAt: a.issuedAt, totalCredits: a.totalCredits,
      current: !superseded.has(a.awardId), certification: certifications.get(a.awardId) ?? null,
    }));
  }

  /** The ledger's clock never runs backwards (see CreditBank). */
  private ledgerNow(entries: readonly { at: string }[]): string {
    const now = this.now().getTime();
    const last = entries.length > 0 ? Date.parse(entries[entries.length - 1].at) : now;
    return new Date(Math.max(now, last)).toISOString();
  }

  private async moduleTitles(): Promise<Map<string, string>> {
    const rows = await AssessmentModule.find({}, { moduleId: 1, title: 1, version: 1 }).lean();
    const titles = new Map<string, { version: number; title: string }>();
    for (const r of rows) if ((titles.get(r.moduleId)?.version ?? 0) < r.version) titles.set(r.moduleId, { version: r.version, title: r.title });
    return new Map([...titles].map(([id, t]) => [id, t.title]));
  }
}

export function idempotencyKeyOf(body: unknown): string {
  const key = (body as { idempotencyKey?: unknown } | null)?.idempotencyKey;
  if (typeof key !== 'string' || !/^[A-Za-z0-9._:-]{8,100}$/.test(key)) {
    throw validationFailed('The request is not valid.', [{ path: '/idempotencyKey', message: 'must be a key of 8 to 100 letters, digits, dots, colons, hyphens or underscores' }]);
  }
  return key;
}
