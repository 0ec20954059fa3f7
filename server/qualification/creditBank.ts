/**
 * The credit ledgers in storage: the imperative shell around server/credits/ledger.ts.
 *
 * Banking happens twice over, on purpose: when a sitting finishes (the assessment service's
 * `sittingFinished` event) and whenever a ledger is read (any finished session of the pupil
 * without an attempt entry is recorded then). A crash between a session's finish and its
 * banking therefore loses nothing, and banking twice writes nothing twice: an attempt entry's
 * `sessionKey` is unique, and so is every entry's `<ledger>#<seq>` id, so of two concurrent
 * appends one fails and re-reads.
 *
 * Reading a ledger also settles it at `now` (expiry is caused by time alone), storing the
 * entries that settlement appends, so a balance shown is always explained by stored entries.
 */
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { SessionLocks } from '../assessment/sessionLocks';
import type { ModuleResult } from '../assessment/sittingState';
import { Ledger, LedgerEntry, LedgerUpdate, attemptsOf, emptyLedger, mayAttempt, recordAttempt, settleLedger } from '../credits/ledger';
import type { Attempt } from '../credits/policies';
import { AssessmentSession } from '../db/models';
import { RuleConflictError, RuleValidationError } from '../grading/ruleValidationError';
import type { PublishedQualification } from './publishedQualification';
import type { QualificationCatalogue } from './qualificationCatalogue';
import { CreditLedgerEntry, type CreditLedgerEntryRecord } from './qualificationRecords';

/** A finished session as banking needs it. */
export interface FinishedSessionFacts {
  _id: Types.ObjectId;
  pupilId: Types.ObjectId;
  schoolId: Types.ObjectId;
  moduleId: string;
  moduleVersion: number;
  startedAt: Date;
  finishedAt: Date | null;
  result: ModuleResult | null;
}

const FINISHED_FIELDS = { pupilId: 1, schoolId: 1, moduleId: 1, moduleVersion: 1, startedAt: 1, finishedAt: 1, result: 1, status: 1 } as const;
/** Two writers appending at once: the loser re-reads and tries again, a few times. */
const APPEND_ATTEMPTS = 5;

class LedgerMoved extends Error {}

function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: { code?: number }[] } | null;
  return e?.code === 11000 || (e?.writeErrors ?? []).some((w) => w.code === 11000);
}

export function ledgerIdOf(pupilId: string, qualificationId: string): string {
  return `${pupilId}:${qualificationId}`;
}

export function attemptOfSession(session: FinishedSessionFacts): Attempt | null {
  const result = session.result;
  if (!result || typeof result.grade !== 'string' || !Number.isFinite(result.theta)) return null;
  return { resultId: String(session._id), moduleId: session.moduleId, satAt: session.startedAt.toISOString(), grade: result.grade, theta: result.theta };
}

export class CreditBank {
  private readonly locks = new SessionLocks();

  constructor(
    private readonly catalogue: QualificationCatalogue,
    private readonly deps: { logger: Logger; now: () => Date },
  ) {}

  /**
   * Bank a finished session in every qualification its module counts toward (the
   * `sittingFinished` event). With the module named, a module no qualification counts costs no
   * database read.
   */
  async bankSession(sessionId: string, moduleId?: string): Promise<void> {
    if (!Types.ObjectId.isValid(sessionId)) return;
    const qualifications = await this.catalogue.list();
    if (moduleId !== undefined && !qualifications.some((q) => q.creditRules.modules.some((m) => m.moduleId === moduleId))) return;
    const session = await AssessmentSession.findById(sessionId, FINISHED_FIELDS).lean<FinishedSessionFacts & { status: string }>();
    if (!session || session.status !== 'finished') return;
    for (const qualification of qualifications) {
      if (!qualification.creditRules.modules.some((m) => m.moduleId === session.moduleId)) continue;
      await this.ledger(String(session.pupilId), String(session.schoolId), qualification, [session]);
    }
  }

  /**
   * The pupil's ledger toward the qualification, complete and settled at now: finished sessions
   * not yet recorded are banked first (reconciliation), then expiry is recorded.
   */
  async ledger(pupilId: string, schoolId: string, qualification: PublishedQualification, known?: readonly FinishedSessionFacts[]): Promise<Ledger> {
    const ledgerId = ledgerIdOf(pupilId, qualification.qualificationId);
    return this.locks.run(ledgerId, async () => {
      for (let round = 1; ; round++) {
        try {
          return await this.reconcile(pupilId, schoolId, qualification, known);
        } catch (error) {
          if (!(error instanceof LedgerMoved) || round >= APPEND_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** May the pupil start another attempt at the module? Every qualification it counts toward must allow it; a refusal gives each reason. */
  async attemptDecision(pupilId: string, schoolId: string, moduleId: string, now?: Date): Promise<{ allowed: true } | { allowed: false; reason: string }> {
    const reasons: string[] = [];
    for (const qualification of await this.catalogue.list()) {
      if (!qualification.creditRules.modules.some((m) => m.moduleId === moduleId)) continue;
      const ledger = await this.ledger(pupilId, schoolId, qualification);
      const decision = mayAttempt(ledger, qualification.creditRules, moduleId, this.atOrAfterLast(ledger, now));
      if (!decision.allowed) reasons.push(`${qualification.title}: ${decision.message}`);
    }
    return reasons.length === 0 ? { allowed: true } : { allowed: false, reason: reasons.join('; ') };
  }

  /**
   * Entry by entry by primary key (`<ledger>#1`, `#2`, … until one is missing): FerretDB 1.x
   * scans the whole collection for any other filter, and a ledger is a handful of entries
   * while the collection holds every pupil's.
   */
  private async read(pupilId: string, qualificationId: string): Promise<Ledger> {
    const ledgerId = ledgerIdOf(pupilId, qualificationId);
    const entries: LedgerEntry[] = [];
    for (let seq = 1; ; seq++) {
      const row = await CreditLedgerEntry.findById(`${ledgerId}#${seq}`, { entry: 1 }).lean<Pick<CreditLedgerEntryRecord, 'entry'>>();
      if (!row) break;
      entries.push(row.entry);
    }
    return { ...emptyLedger(pupilId, qualificationId), entries };
  }

  /** The ledger's entries are in time order, so "now" is never earlier than the last entry (a clock step back). */
  private atOrAfterLast(ledger: Ledger, at?: Date): string {
    const now = (at ?? this.deps.now()).getTime();
    const last = ledger.entries.length > 0 ? Date.parse(ledger.entries[ledger.entries.length - 1].at) : now;
    return new Date(Math.max(now, last)).toISOString();
  }

  private async reconcile(pupilId: string, schoolId: string, qualification: PublishedQualification, known?: readonly FinishedSessionFacts[]): Promise<Ledger> {
    let ledger = await this.read(pupilId, qualification.qualificationId);
    const moduleIds = qualification.creditRules.modules.map((m) => m.moduleId);
    const recorded = new Set(attemptsOf(ledger).map((a) => a.resultId));
    const sessions = known ?? await AssessmentSession.find(
      { pupilId: new Types.ObjectId(pupilId), status: 'finished', moduleId: { $in: moduleIds } },
      FINISHED_FIELDS,
    ).lean<FinishedSessionFacts[]>();
    const unbanked = sessions
      .filter((s) => moduleIds.includes(s.moduleId) && !recorded.has(String(s._id)))
      .sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime());
    for (const session of unbanked) {
      const attempt = attemptOfSession(session);
      if (!attempt) continue;
      let update: LedgerUpdate;
      try {
        update = recordAttempt(ledger, qualification.creditRules, attempt, this.atOrAfterLast(ledger));
      } catch (error) {
        // A result the rules refuse (e.g. sat beyond the attempts allowed) is not banked; say so and go on.
        if (!(error instanceof RuleValidationError || error instanceof RuleConflictError)) throw error;
        this.deps.logger.warn({ sessionId: attempt.resultId, qualificationId: qualification.qualificationId, reason: error.message }, 'result not banked');
        continue;
      }
      await this.append(pupilId, schoolId, ledger, qualification.qualificationId, update.appended);
      ledger = update.ledger;
    }
    const settled = settleLedger(ledger, qualification.creditRules, this.atOrAfterLast(ledger));
    await this.append(pupilId, schoolId, ledger, qualification.qualificationId, settled.appended);
    return settled.ledger;
  }

  private async append(pupilId: string, schoolId: string, ledger: Ledger, qualificationId: string, entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ledgerId = ledgerIdOf(pupilId, qualificationId);
    const docs = entries.map((entry) => {
      const _id = `${ledgerId}#${entry.seq}`;
      return {
        _id, ledgerId, pupilId: new Types.ObjectId(pupilId), schoolId: new Types.ObjectId(schoolId), qualificationId, seq: entry.seq,
        sessionKey: entry.kind === 'attempt' ? `${qualificationId}:${entry.resultId}` : _id,
        entry: { ...entry },
      };
    });
    try {
      // In seq order and ordered: a failure leaves a prefix, never a gap, and the next read
      // reconciles whatever the prefix lacks (credits follow from the attempts by one rule).
      await CreditLedgerEntry.insertMany(docs, { ordered: true });
    } catch (error) {
      if (isDuplicateKey(error)) throw new LedgerMoved(`ledger ${ledgerId} was appended to by another writer (had ${ledger.entries.length} entries)`);
      throw error;
    }
  }
}
