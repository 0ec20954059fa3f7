/**
 * The session service: start, answer, resume, finish, pause, time limit. Thin glue between the
 * database, the adaptive engine (adaptiveEngine.ts, the only door to server/irt) and the
 * marking (server/scoring).
 *
 * Invariants (DESIGN.md rules 1 and 2):
 * - a response is inserted before the answer is acknowledged; the unique (session, sequence)
 *   and (session, idempotencyKey) indexes make a retry write nothing;
 * - θ, SE and the next item are never read from storage: they are replayed from the stored
 *   responses, the session seed and the frozen item versions. The in-memory run is only a cache
 *   of that replay, trusted while its answer count equals the stored one.
 */
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { AssessmentSession, Assignment, Pupil, Response, SchoolClass } from '../db/models';
import type { AssessmentSessionRecord } from '../db/models/assessmentSession';
import { ApiError, validationFailed } from '../http/apiError';
import type { Principal } from '../http/auth/authSessions';
import type { PupilAnswer } from '../scoring/itemDocument';
import { pupilItem } from '../scoring/pupilItem';
import { markSubmission, notCurrentQuestion } from './submittedAnswer';
import { replayAnswers, takeAnswer, type EngineRun } from './adaptiveEngine';
import { ModuleContentCache, type ModuleContent } from './moduleContent';
import { sittingResult } from './moduleResult';
import { SessionLocks } from './sessionLocks';
import { retryBusyDatabase } from './retryBusyDatabase';
import { responseIdFor, sessionIdFor } from './sessionIdentity';
import { AdmissionQueue, type AdmissionLimits } from './admissionQueue';
import { GroupCommit, isDuplicateKey, type GroupCommitLimits } from './groupCommit';
import { insertResponses, type ResponseInput } from './responseStore';
import { ServiceBusy } from './serviceBusy';
import { sittingElapsedMs, timeRemainingMs, type ModuleResult, type PupilProgress, type SittingState } from './sittingState';

type SessionRecord = AssessmentSessionRecord;

/** Where the service announces changes; server/realtime turns them into socket pushes. */
export interface SittingEvents {
  /** A change the pupil did not cause themselves (pause, time up). */
  sittingChanged(sessionId: string, state: SittingState): void;
  progressChanged(classId: string, progress: PupilProgress): void;
}

export interface AnswerSubmission {
  sessionId: string;
  sequence: number;
  itemId: string;
  answer: PupilAnswer;
  idempotencyKey: string;
}

/** A pupil's finished attempt at a module, as the attempt policy sees it. */
export interface FinishedAttempt {
  sessionId: string;
  finishedAt: Date;
  result: ModuleResult;
}

/**
 * May this pupil start another attempt (a resit) at this module? `finishedAttempts` reads the
 * pupil's finished sessions of the module (any assignment), oldest first, when the policy needs
 * them (a query on pupil and module: a scan of every session on FerretDB 1.x, so only on demand).
 * Asked only for `sitting:start` with `attempt: "new"` once the previous attempt is finished.
 */
export type AttemptPolicy = (
  pupil: Principal,
  moduleId: string,
  finishedAttempts: () => Promise<FinishedAttempt[]>,
  now: Date,
) => Promise<{ allowed: true } | { allowed: false; reason: string }>;

/** Announced once a session's finish is stored (never before: a crash in between loses nothing). */
export interface FinishedSitting {
  sessionId: string;
  pupilId: string;
  schoolId: string;
  classId: string;
  moduleId: string;
  moduleVersion: number;
  attempt: number;
  finishedAt: Date;
  result: ModuleResult;
}

/** The bounded queues (ServiceBusy past them). */
export interface ServiceLimits {
  /** Sitting starts and resumes: each reads the database several times. */
  starts: AdmissionLimits;
  /** Responses waiting for the next group commit. */
  responses: GroupCommitLimits;
}

export const DEFAULT_SERVICE_LIMITS: ServiceLimits = {
  // A start's time is mostly waiting its turn on the database connection: more at once adds no
  // throughput, only waiting; one that waited 5 s for a turn is told to come back later.
  starts: { running: 16, waiting: 400, maxWaitMs: 5000, retryAfterMs: 1000 },
  responses: { maxBatch: 200, maxQueued: 1000, retryAfterMs: 500 },
};

export interface AssessmentServiceDeps {
  events: SittingEvents;
  logger: Logger;
  now?: () => Date;
  /** Default: every resit is allowed (once the previous attempt is finished). */
  attemptPolicy?: AttemptPolicy;
  sittingFinished?: (finished: FinishedSitting) => void;
  limits?: Partial<ServiceLimits>;
  /** How responses are inserted (tests hold a write in flight with it); default insertResponses. */
  insertResponses?: (documents: ResponseInput[]) => Promise<Map<number, unknown>>;
}

export interface StartOptions {
  /** "new": start another attempt once the latest is finished (a resit). Default: the latest attempt, or the first. */
  attempt?: 'new';
}

interface LiveRun {
  /** The session document as last written by this process. */
  session: SessionRecord;
  content: ModuleContent;
  run: EngineRun;
  answered: number;
  /** The pupil's name for the class view, so a time-up or a pause needs no read. */
  pupilName: string | null;
}

const RUN_CACHE_LIMIT = 20_000;
const SLOW_BATCH_MS = 1000;
const allowEveryResit: AttemptPolicy = async () => ({ allowed: true });

function attemptOf(session: Pick<SessionRecord, 'attempt'>): number {
  return session.attempt ?? 1;
}

function sessionObjectId(id: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(id)) throw validationFailed('The session id is not valid.', [{ path: '/sessionId', message: 'is not a session id' }]);
  return new Types.ObjectId(id);
}

export class AssessmentService {
  private readonly content = new ModuleContentCache();
  private readonly locks = new SessionLocks();
  private readonly runs = new Map<string, LiveRun>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Finishes being written behind their acknowledgement (finishBehind), by session id. */
  private readonly finishWrites = new Map<string, Promise<void>>();
  private readonly now: () => Date;
  private readonly starts: AdmissionQueue;
  private readonly responses: GroupCommit<ResponseInput>;
  private closing = false;

  constructor(private readonly deps: AssessmentServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    const limits = { ...DEFAULT_SERVICE_LIMITS, ...deps.limits };
    this.starts = new AdmissionQueue(limits.starts, 'starting modules');
    const insert = deps.insertResponses ?? insertResponses;
    this.responses = new GroupCommit(async (documents) => {
      const startedAt = performance.now();
      const failures = await insert(documents);
      const tookMs = performance.now() - startedAt;
      // Every answer in the batch waits this long for its acknowledgement.
      if (tookMs > SLOW_BATCH_MS) deps.logger.warn({ documents: documents.length, tookMs: Math.round(tookMs), failures: failures.size }, 'slow response batch');
      return failures;
    }, limits.responses);
  }

  /**
   * Starts the pupil's session for an assignment, or returns the latest one already started.
   * With `attempt: "new"`: a further attempt, allowed once the latest is finished and the
   * attempt policy agrees (CONFLICT / FORBIDDEN otherwise).
   */
  async start(pupil: Principal, assignmentId: string, options: StartOptions = {}): Promise<SittingState> {
    if (this.closing) throw new ServiceBusy('The server is restarting: trying again shortly.', 2000);
    return this.starts.run(async () => {
      const assignment = Types.ObjectId.isValid(assignmentId) ? await Assignment.findById(assignmentId).lean() : null;
      const pupilRecord = pupil.role === 'pupil' && Types.ObjectId.isValid(pupil.userId)
        ? await Pupil.findById(pupil.userId, { schoolId: 1, classIds: 1 }).lean()
        : null;
      const belongs = assignment && pupilRecord && pupilRecord.classIds.some((id) => id.equals(assignment.classId));
      if (!assignment || !belongs) throw new ApiError('NOT_FOUND', 'That assignment is not one of yours.');

      return this.locks.run(`start:${pupil.userId}:${assignmentId}`, async () => {
        const latest = await this.latestAttempt(pupilRecord._id, assignment._id);
        if (latest && options.attempt !== 'new') return this.withSession(latest._id, (session) => this.currentState(session, pupil.name));
        if (latest) {
          if (latest.status !== 'finished') {
            throw new ApiError('CONFLICT', 'Finish the module you have started before starting it again.');
          }
          // The policy may read the stored attempts: let the previous one's finish land first.
          await this.finishWrites.get(String(latest._id));
          const verdict = await (this.deps.attemptPolicy ?? allowEveryResit)(pupil, assignment.moduleId, () => this.finishedAttempts(pupilRecord._id, assignment.moduleId), this.now());
          if (!verdict.allowed) throw new ApiError('FORBIDDEN', verdict.reason);
        }
        const attempt = latest ? attemptOf(latest) + 1 : 1;
        const sessionId = sessionIdFor(pupilRecord._id, assignment._id, attempt);

        const { moduleVersion, frozen } = await this.content.current(assignment.moduleId);
        const content = await this.content.load(assignment.moduleId, moduleVersion, frozen);
        const now = this.now();
        try {
          const doc = await retryBusyDatabase(() => AssessmentSession.create({
            _id: sessionId,
            pupilId: pupilRecord._id,
            schoolId: pupilRecord.schoolId,
            assignmentId: assignment._id,
            classId: assignment.classId,
            moduleId: assignment.moduleId,
            moduleVersion,
            attempt,
            bank: frozen,
            seed: randomInt(0, 2 ** 31 - 1),
            status: 'in-progress',
            timeLimitMs: content.definition.timeLimitMinutes === null ? null : content.definition.timeLimitMinutes * 60_000,
            startedAt: now,
          }));
          const created = doc.toObject() as unknown as SessionRecord;
          // A session just created has no responses: its run starts empty, no replay read.
          return this.withSession(created._id, (session) => this.currentState(session, pupil.name), created);
        } catch (error) {
          // Another server started this attempt a moment ago: carry on with that one.
          if (!isDuplicateKey(error)) throw error;
          return this.withSession(sessionId, (session) => this.currentState(session, pupil.name));
        }
      });
    });
  }

  async resume(pupil: Principal, sessionId: string): Promise<SittingState> {
    const id = sessionObjectId(sessionId);
    // A session this process runs costs no database work to resume; others are a replay.
    const run = this.runs.get(String(id));
    const resume = () => this.withSession(id, async (session) => {
      this.assertOwnedBy(session, pupil);
      return this.currentState(session, pupil.name);
    });
    return run ? resume() : this.starts.run(resume);
  }

  async answer(pupil: Principal, submission: AnswerSubmission): Promise<SittingState> {
    const id = sessionObjectId(submission.sessionId);
    return this.withSession(id, async (session) => {
      this.assertOwnedBy(session, pupil);
      let live = await this.liveRun(session, pupil.name);
      const now = this.now();
      // The engine stopped but writing the finish failed last time: write it now.
      if (session.status !== 'finished' && live.run.report.stop) await this.finish(session, live, live.run.report.stop.reason, now);

      // A retry repeats its payload, so the earlier copy is the response at the same sequence.
      const retried = async (): Promise<SittingState | undefined> => {
        if (submission.sequence > live.answered + 1) return undefined;
        const prior = await Response.findById(responseIdFor(session._id, submission.sequence), { idempotencyKey: 1 }).lean();
        if (prior?.idempotencyKey !== submission.idempotencyKey) return undefined;
        // The run may have been dropped (another process wrote this response): replay it.
        live = await this.liveRun(session, pupil.name);
        return this.stateOf(session, live, now);
      };

      if (session.status === 'finished') {
        const state = await retried();
        if (state) return state;
        throw new ApiError('CONFLICT', 'This module is already finished.');
      }
      const currentIndex = live.run.report.nextItem;
      const currentItem = currentIndex === null ? undefined : live.content.items[currentIndex];
      const refusal = notCurrentQuestion(submission, live.answered, currentItem);
      // (!currentItem always comes with a refusal; the test narrows the type.)
      if (refusal || !currentItem) {
        const state = await retried();
        if (state) return state;
        throw refusal;
      }
      if (session.paused) throw new ApiError('CONFLICT', 'Your teacher has paused this module. Wait for them to resume it.');
      if (timeRemainingMs(session, now) === 0) {
        await this.finish(session, live, 'time-up', now);
        throw new ApiError('TIME_UP', 'Time is up for this module: your earlier answers are kept.');
      }
      const mark = markSubmission(currentItem, submission.answer, session.seed, submission.sequence);
      // Acknowledged only once this document is stored (group commit: groupCommit.ts).
      const outcome = await this.responses.write({
        _id: responseIdFor(session._id, submission.sequence),
        sessionId: session._id,
        pupilId: session.pupilId,
        sequence: submission.sequence,
        itemId: currentItem.id,
        itemVersion: currentItem.version,
        answer: submission.answer,
        idempotencyKey: submission.idempotencyKey,
        score: mark.score,
        maxScore: mark.maxScore,
        category: mark.category,
        note: mark.note,
        readAs: mark.readAs ?? null,
        answeredAt: now,
      });
      if (outcome === 'duplicate') {
        this.runs.delete(String(session._id));
        const state = await retried();
        if (state) return state;
        throw new ApiError('CONFLICT', 'This question was already answered from another window.');
      }

      try {
        takeAnswer(live.content.bank, live.content.config, live.run, currentIndex!, mark.category);
        live.answered += 1;
      } catch (error) {
        this.runs.delete(String(session._id));
        throw error;
      }
      return this.afterProgress(session, live, now);
    });
  }

  /** A teacher pauses or resumes a pupil's session in their own school. */
  async setPaused(teacher: Principal, sessionId: string, paused: boolean): Promise<{ id: string; paused: boolean }> {
    const id = sessionObjectId(sessionId);
    return this.withSession(id, async (session) => {
      if (String(session.schoolId) !== teacher.schoolId) throw new ApiError('NOT_FOUND', 'There is no such session in your school.');
      if (session.status === 'finished') throw new ApiError('CONFLICT', 'This session is already finished.');
      const now = this.now();
      if (session.paused !== paused) {
        const update = paused
          ? { paused: true, pausedAt: now }
          : { paused: false, pausedAt: null, pausedTotalMs: session.pausedTotalMs + Math.max(0, now.getTime() - (session.pausedAt?.getTime() ?? now.getTime())) };
        await retryBusyDatabase(() => AssessmentSession.updateOne({ _id: session._id }, { $set: update }));
        Object.assign(session, update);
        const name = await this.pupilNameOf(session);
        const state = await this.currentState(session, name);
        this.deps.events.sittingChanged(String(session._id), state);
        this.deps.events.progressChanged(String(session.classId), this.progressOf(session, name, now));
      }
      return { id: String(session._id), paused: session.paused };
    });
  }

  /** A teacher may watch only their own school's classes. */
  async assertCanWatchClass(teacher: Principal, classId: string) {
    const schoolClass = Types.ObjectId.isValid(classId) ? await SchoolClass.findById(classId).lean() : null;
    if (teacher.role !== 'teacher' || !schoolClass || String(schoolClass.schoolId) !== teacher.schoolId) {
      throw new ApiError('FORBIDDEN', 'You can only watch classes in your own school.');
    }
    return schoolClass;
  }

  /** The live view's starting picture of a class (its pupils and their latest sessions). */
  async classSnapshot(teacher: Principal, classId: string): Promise<{ classId: string; pupils: PupilProgress[] }> {
    const schoolClass = await this.assertCanWatchClass(teacher, classId);
    const [pupils, sessions] = await Promise.all([
      Pupil.find({ classIds: schoolClass._id }, { name: 1 }).sort({ name: 1 }).lean(),
      AssessmentSession.find({ classId: schoolClass._id }).sort({ startedAt: 1 }).lean<SessionRecord[]>(),
    ]);
    const latest = new Map<string, SessionRecord>();
    for (const session of sessions) latest.set(String(session.pupilId), this.runs.get(String(session._id))?.session ?? session);
    // Sessions this process is not running: their progress is the count of stored responses.
    const uncounted = [...latest.values()].filter((s) => s.status !== 'finished' && !this.runs.has(String(s._id)));
    if (uncounted.length > 0) {
      const responses = await Response.find({ sessionId: { $in: uncounted.map((s) => s._id) } }, { sessionId: 1 }).lean();
      const counts = new Map<string, number>();
      for (const r of responses) counts.set(String(r.sessionId), (counts.get(String(r.sessionId)) ?? 0) + 1);
      for (const s of uncounted) latest.set(String(s.pupilId), { ...s, answered: counts.get(String(s._id)) ?? 0 });
    }
    const now = this.now();
    return {
      classId: String(schoolClass._id),
      pupils: pupils.map((pupil) => {
        const session = latest.get(String(pupil._id));
        return session
          ? this.progressOf(session, pupil.name, now)
          : { pupilId: String(pupil._id), name: pupil.name, sessionId: null, moduleId: null, status: 'not-started', itemNumber: 0, elapsedMs: 0, result: null };
      }),
    };
  }

  /**
   * Graceful shutdown: refuses new work with BUSY (the client resends it to the restarted
   * server), stops the time-limit timers, and waits for every started answer, start and pause to
   * finish writing, so each answer already being written is stored and acknowledged.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.locks.drain();
    await this.responses.drain();
    await Promise.all([...this.finishWrites.values()]);
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * Runs `work` under the session's lock with the session document: this process's copy when it
   * holds the session's run (every write to a session goes through this process while its
   * sockets are here — socket.io rooms are per process too), otherwise read from the database.
   * Saving that read keeps an answer at two writes and no reads.
   */
  private withSession<T>(id: Types.ObjectId, work: (session: SessionRecord) => Promise<T>, created?: SessionRecord): Promise<T> {
    if (this.closing && !created) return Promise.reject(new ServiceBusy('The server is restarting: trying again shortly.', 2000));
    return this.locks.run(String(id), async () => {
      if (created) this.cacheRun(this.emptyRun(created, await this.content.load(created.moduleId, created.moduleVersion, created.bank)));
      const session = this.runs.get(String(id))?.session ?? (await AssessmentSession.findById(id).lean<SessionRecord>());
      if (!session) throw new ApiError('NOT_FOUND', 'There is no such session.');
      return work(session);
    });
  }

  private assertOwnedBy(session: SessionRecord, pupil: Principal): void {
    if (pupil.role !== 'pupil' || String(session.pupilId) !== pupil.userId) {
      throw new ApiError('FORBIDDEN', 'This session belongs to someone else.');
    }
  }

  /**
   * The latest attempt of a pupil at an assignment, by primary-key reads of attempt 1, 2, …:
   * an attempt still in progress is the latest (the next one needs it finished).
   */
  private async latestAttempt(pupilId: Types.ObjectId, assignmentId: Types.ObjectId): Promise<SessionRecord | null> {
    let latest: SessionRecord | null = null;
    for (let attempt = 1; ; attempt++) {
      const id = sessionIdFor(pupilId, assignmentId, attempt);
      const session = this.runs.get(String(id))?.session
        ?? (await AssessmentSession.findById(id, { status: 1, attempt: 1 }).lean<SessionRecord>());
      if (!session) return latest;
      latest = session;
      if (session.status !== 'finished') return latest;
    }
  }

  /** For the attempt policy: a collection scan on FerretDB, made only when a resit is asked for. */
  private async finishedAttempts(pupilId: Types.ObjectId, moduleId: string): Promise<FinishedAttempt[]> {
    const sessions = await AssessmentSession.find({ pupilId, moduleId, status: 'finished' }, { finishedAt: 1, result: 1 }).lean<SessionRecord[]>();
    return sessions
      .map((s) => ({ sessionId: String(s._id), finishedAt: s.finishedAt!, result: s.result as ModuleResult }))
      .sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  }

  private emptyRun(session: SessionRecord, content: ModuleContent): LiveRun {
    const live: LiveRun = { session, content, run: replayAnswers(content.bank, content.config, session.seed, []), answered: 0, pupilName: null };
    Object.assign(session, { answered: 0, currentItemId: this.currentItemId(live) });
    return live;
  }

  private cacheRun(live: LiveRun): void {
    const key = String(live.session._id);
    this.runs.delete(key);
    if (this.runs.size >= RUN_CACHE_LIMIT) this.runs.delete(this.runs.keys().next().value!);
    this.runs.set(key, live);
  }

  private async pupilNameOf(session: SessionRecord): Promise<string> {
    const known = this.runs.get(String(session._id))?.pupilName;
    if (known != null) return known;
    const pupil = await Pupil.findById(session.pupilId, { name: 1 }).lean();
    return pupil?.name ?? '';
  }

  /** The engine run for a session: the cached one if it is current, else a replay of the stored responses. */
  private async liveRun(session: SessionRecord, pupilName?: string): Promise<LiveRun> {
    const key = String(session._id);
    const cached = this.runs.get(key);
    if (cached && cached.session === session) {
      this.runs.delete(key);
      this.runs.set(key, cached);
      if (pupilName !== undefined) cached.pupilName = pupilName;
      return cached;
    }
    const content = await this.content.load(session.moduleId, session.moduleVersion, session.bank);
    const responses = [];
    for (let sequence = 1; ; sequence++) {
      const response = await Response.findById(responseIdFor(session._id, sequence), { itemId: 1, category: 1 }).lean();
      if (!response) break;
      responses.push(response);
    }
    const answers = responses.map((response) => {
      const item = content.bank.index.get(response.itemId);
      if (item === undefined) throw new Error(`session ${key}: stored response for item ${response.itemId} outside its bank`);
      return { item, category: response.category };
    });
    const live: LiveRun = {
      session, content, run: replayAnswers(content.bank, content.config, session.seed, answers), answered: answers.length, pupilName: pupilName ?? null,
    };
    if (session.status !== 'finished') Object.assign(session, { answered: live.answered, currentItemId: this.currentItemId(live) });
    this.cacheRun(live);
    return live;
  }

  /**
   * State for start/resume; finishes a session whose engine has stopped or whose time ran out
   * while nobody was looking. Announces the pupil to the class view (a start, or a return).
   */
  private async currentState(session: SessionRecord, pupilName: string): Promise<SittingState> {
    const live = await this.liveRun(session, pupilName);
    const now = this.now();
    if (session.status !== 'finished' && (live.run.report.stop || (timeRemainingMs(session, now) === 0 && !session.paused))) {
      await this.finish(session, live, live.run.report.stop ? live.run.report.stop.reason : 'time-up', now);
    } else {
      this.scheduleTimeLimit(session, now);
      this.deps.events.progressChanged(String(session.classId), this.progressOf(session, pupilName, now));
    }
    return this.stateOf(session, live, now);
  }

  /**
   * After an answer: finish if the engine stopped, else announce progress. The only write of an
   * ordinary answer is its response: the session document's progress fields are kept in this
   * process (LiveRun.session) and written when the session finishes, because on FerretDB an
   * update costs several times an insert and the answer path is the load the service must carry.
   */
  private async afterProgress(session: SessionRecord, live: LiveRun, now: Date): Promise<SittingState> {
    const stop = live.run.report.stop;
    if (stop) {
      this.finishBehind(session, live, stop.reason, now);
    } else {
      Object.assign(session, { answered: live.answered, currentItemId: this.currentItemId(live) });
      this.deps.events.progressChanged(String(session.classId), this.progressOf(session, live.pupilName ?? '', now));
      this.scheduleTimeLimit(session, now);
    }
    return this.stateOf(session, live, now);
  }

  /** Writes the finish, then announces it (time up; a finish found unwritten at the next access). */
  private async finish(session: SessionRecord, live: LiveRun, stopReason: string, now: Date): Promise<void> {
    const update = this.finishUpdate(session, live, stopReason, now);
    const written = await this.writeFinish(session, update);
    Object.assign(session, update);
    this.clearTimer(String(session._id));
    await this.announceFinish(session, live, written, now);
  }

  /**
   * The engine stopped after an answer: the pupil's acknowledgement (with the result) does not
   * wait for the session document's finish. That write only records what the stored responses
   * already determine: the response is stored before the acknowledgement (DESIGN.md rule 1),
   * and a session whose engine has stopped but which is stored in progress is finished again,
   * with the same result, at its next access (answer, resume, start), after a crash too. Under
   * load the finish waited its turn on the one FerretDB connection behind sitting starts (p99
   * 277 ms for the answers that ended a sitting, against 100 ms for the rest).
   */
  private finishBehind(session: SessionRecord, live: LiveRun, stopReason: string, now: Date): void {
    const update = this.finishUpdate(session, live, stopReason, now);
    const key = String(session._id);
    Object.assign(session, update);
    this.clearTimer(key);
    const write = this.writeFinish(session, update)
      .then((written) => this.announceFinish(session, live, written, now))
      .catch((error: unknown) => {
        // Not stored: drop this process's copy, so the next access reads the session as stored
        // (in progress, engine stopped) and finishes it again.
        this.runs.delete(key);
        this.deps.logger.error({ err: error, sessionId: key }, 'writing a finished sitting failed; it is finished again at its next access');
      })
      .finally(() => {
        if (this.finishWrites.get(key) === write) this.finishWrites.delete(key);
      });
    this.finishWrites.set(key, write);
  }

  private finishUpdate(session: SessionRecord, live: LiveRun, stopReason: string, now: Date) {
    const result: ModuleResult = sittingResult(live.content.definition, live.content.bank, live.run.state, live.run.report, stopReason);
    return {
      status: 'finished' as const, finishedAt: now, answered: live.answered, currentItemId: null, result,
      ...(session.paused ? { paused: false, pausedAt: null, pausedTotalMs: session.pausedTotalMs + now.getTime() - (session.pausedAt?.getTime() ?? now.getTime()) } : {}),
    };
  }

  /**
   * By _id alone: a filter with a second field (e.g. status: 'in-progress') is a scan of every
   * session on FerretDB 1.x, which pushes down only an exact {_id} filter, and at 2,000
   * sittings finishes queued behind it for tens of seconds. Every caller holds the session's
   * lock and has seen it in progress, so this process finishes it once. Another process (on
   * MongoDB) finishing it too rewrites the same result from the same stored responses, and a
   * second announcement banks nothing twice (server/qualification/creditBank.ts).
   */
  private async writeFinish(session: SessionRecord, update: ReturnType<AssessmentService['finishUpdate']>): Promise<boolean> {
    const written = await retryBusyDatabase(() => AssessmentSession.updateOne({ _id: session._id }, { $set: update }));
    return written.matchedCount === 1;
  }

  /** Announced only once the finish is stored (never before: a crash in between loses nothing). */
  private async announceFinish(session: SessionRecord, live: LiveRun, written: boolean, now: Date): Promise<void> {
    this.deps.events.progressChanged(String(session.classId), this.progressOf(session, live.pupilName ?? (await this.pupilNameOf(session)), now));
    if (!written || !this.deps.sittingFinished) return;
    const finished: FinishedSitting = {
      sessionId: String(session._id), pupilId: String(session.pupilId), schoolId: String(session.schoolId),
      classId: String(session.classId), moduleId: session.moduleId, moduleVersion: session.moduleVersion,
      attempt: attemptOf(session), finishedAt: now, result: session.result as ModuleResult,
    };
    try {
      this.deps.sittingFinished(finished);
    } catch (error) {
      this.deps.logger.error({ err: error, sessionId: finished.sessionId }, 'sittingFinished listener failed');
    }
  }

  private currentItemId(live: LiveRun): string | null {
    const next = live.run.report.nextItem;
    return live.run.report.stop || next === null ? null : live.content.items[next].id;
  }

  private stateOf(session: SessionRecord, live: LiveRun, now: Date): SittingState {
    const finished = session.status === 'finished';
    const next = live.run.report.nextItem;
    return {
      sessionId: String(session._id),
      attempt: attemptOf(session),
      status: finished ? 'finished' : session.paused ? 'paused' : 'in-progress',
      sequence: finished ? live.answered : live.answered + 1,
      item: finished || next === null ? null : pupilItem(live.content.items[next]),
      answered: live.answered,
      timeRemainingMs: finished ? (session.timeLimitMs === null ? null : timeRemainingMs(session, now)) : timeRemainingMs(session, now),
      result: finished ? ((session.result as ModuleResult | null) ?? null) : null,
    };
  }

  private progressOf(session: SessionRecord, name: string, now: Date): PupilProgress {
    const finished = session.status === 'finished';
    return {
      pupilId: String(session.pupilId),
      name,
      sessionId: String(session._id),
      moduleId: session.moduleId,
      status: finished ? 'finished' : session.paused ? 'paused' : 'in-progress',
      itemNumber: finished ? session.answered : session.answered + 1,
      elapsedMs: sittingElapsedMs(session, now),
      result: finished ? ((session.result as ModuleResult | null) ?? null) : null,
    };
  }

  /** Server-side time limit: when it runs out, finish the session and tell the pupil's screen. */
  private scheduleTimeLimit(session: SessionRecord, now: Date): void {
    const key = String(session._id);
    this.clearTimer(key);
    const remaining = timeRemainingMs(session, now);
    if (remaining === null || session.paused || session.status === 'finished') return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.expire(session._id).catch((error) => this.deps.logger.error({ err: error, sessionId: key }, 'time limit check failed'));
    }, Math.min(remaining + 50, 2 ** 31 - 1));
    timer.unref();
    this.timers.set(key, timer);
  }

  private clearTimer(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private async expire(id: Types.ObjectId): Promise<void> {
    await this.withSession(id, async (session) => {
      if (session.status === 'finished' || session.paused) return;
      const now = this.now();
      if (timeRemainingMs(session, now) !== 0) {
        this.scheduleTimeLimit(session, now);
        return;
      }
      const live = await this.liveRun(session);
      await this.finish(session, live, 'time-up', now);
      this.deps.events.sittingChanged(String(session._id), this.stateOf(session, live, now));
    });
  }
}
