/**
 * The sampling sitting: a pupil logs in with a sampling code and sits the normal player under a
 * pseudonymous key. Same durability as ordinary sittings (DESIGN.md rules 1–2): the response is
 * inserted before the acknowledgement, unique on (sitting, sequence) by `_id` and on (sitting,
 * idempotency key); θ and the next item are replayed from the stored responses and the seed.
 * The pupil never receives a result: a finished state carries `result: null` (thank-you page),
 * and no credit is written anywhere.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import {
  beginAdaptiveTest, compileModuleBank, moduleEngineConfig, replayAnswers, takeAnswer,
  type AdaptiveTestConfig, type CompiledBank, type EngineRun,
} from '../assessment/adaptiveEngine';
import { retryBusyDatabase } from '../assessment/retryBusyDatabase';
import { SessionLocks } from '../assessment/sessionLocks';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { AssessmentModule, ItemVersion, SamplingCycle, SamplingLogin, SamplingParticipant, SamplingResponse, SamplingSitting } from '../db/models';
import type { SamplingCycleRecord } from '../db/models/samplingCycle';
import type { SamplingSittingRecord } from '../db/models/samplingSitting';
import { ApiError } from '../http/apiError';
import { markSubmission, notCurrentQuestion } from '../assessment/submittedAnswer';
import type { ItemDocument, PupilAnswer, PupilItem } from '../scoring/itemDocument';
import { pupilItem } from '../scoring/pupilItem';
import { normaliseSamplingCode, type FormsDesign } from './samplingCycles';
import { pseudonymousKey } from './samplingKey';

export const SAMPLING_COOKIE = 'wm_sampling';
/** A sitting fits in a morning; a shared device should not stay logged in. */
export const SAMPLING_LOGIN_SECONDS = 4 * 60 * 60;

/** What the sampling player is told: the protocol's SittingState, with never a result. */
export interface SamplingSittingState {
  sessionId: string;
  status: 'in-progress' | 'finished';
  sequence: number;
  item: PupilItem | null;
  answered: number;
  timeRemainingMs: null;
  result: null;
}

export interface SamplingPupil {
  participantKey: string;
  cycleId: string;
}

interface SittingContent {
  bank: CompiledBank;
  config: AdaptiveTestConfig;
  items: ItemDocument[];
}

interface LiveRun {
  /** The sitting document as last written by this process. */
  sitting: SamplingSittingRecord;
  run: EngineRun;
  answered: number;
  content: SittingContent;
}

const DUPLICATE_KEY = 11000;
const CYCLE_CACHE_MS = 3000;
const isDuplicateKey = (error: unknown): boolean => (error as { code?: number } | null)?.code === DUPLICATE_KEY;

/**
 * The sitting's id as the browser knows it: a hash of the pseudonymous key, so the key itself
 * never leaves the server (the pupil's login already says whose sitting it is).
 */
export function publicSittingId(participantKey: string): string {
  return createHash('sha256').update(`sitting:${participantKey}`).digest('base64url').slice(0, 32);
}

export function samplingTokenHash(token: string): string {
  return createHash('sha256').update(`sampling:${token}`).digest('base64url');
}

export function readSamplingCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SAMPLING_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export class SamplingSittings {
  private readonly locks = new SessionLocks();
  private readonly runs = new Map<string, LiveRun>();
  private readonly contents = new Map<string, Promise<SittingContent>>();
  private readonly cycleCache = new Map<string, { at: number; value: Promise<SamplingCycleRecord | null> }>();

  constructor(
    private readonly key: Buffer,
    private readonly deps: { logger: Logger; now?: () => Date; progressChanged?: (cycleId: string) => void },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** A sampling code → a login token (cookie), while the cycle's window is open. */
  async login(codeText: string): Promise<{ token: string; cycleId: string }> {
    const code = normaliseSamplingCode(codeText);
    const open = await SamplingCycle.find({ status: 'open' }, { window: 1 }).lean<SamplingCycleRecord[]>();
    const now = this.now();
    for (const cycle of open) {
      const participantKey = pseudonymousKey(this.key, String(cycle._id), code);
      const participant = await SamplingParticipant.findById(participantKey, { _id: 1 }).lean();
      if (!participant) continue;
      const window = cycle.window as { opensAt: Date; closesAt: Date };
      if (now < new Date(window.opensAt) || now > new Date(window.closesAt)) {
        throw new ApiError('CONFLICT', 'The sitting window for this code is not open now.');
      }
      const token = randomBytes(32).toString('base64url');
      await SamplingLogin.create({
        _id: samplingTokenHash(token), participantKey, cycleId: String(cycle._id),
        expiresAt: new Date(now.getTime() + SAMPLING_LOGIN_SECONDS * 1000),
      });
      return { token, cycleId: String(cycle._id) };
    }
    throw new ApiError('UNAUTHENTICATED', 'That sampling code is not recognised. Check it with your teacher.');
  }

  async pupilForToken(token: string | undefined): Promise<SamplingPupil | undefined> {
    if (!token) return undefined;
    const login = await SamplingLogin.findById(samplingTokenHash(token)).lean();
    if (!login || login.expiresAt.getTime() <= this.now().getTime()) return undefined;
    return { participantKey: login.participantKey, cycleId: login.cycleId };
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await SamplingLogin.deleteOne({ _id: samplingTokenHash(token) });
  }

  /** Starts the pupil's sitting, or returns the one already started (one per sampling code). */
  async start(pupil: SamplingPupil): Promise<SamplingSittingState> {
    return this.locks.run(pupil.participantKey, async () => {
      let sitting = await SamplingSitting.findById(pupil.participantKey).lean<SamplingSittingRecord>();
      if (!sitting) {
        const cycle = await this.openCycle(pupil.cycleId);
        const participant = await SamplingParticipant.findById(pupil.participantKey).lean();
        if (!participant) throw new ApiError('NOT_FOUND', 'This sampling code is no longer in use.');
        const forms = cycle.forms as FormsDesign;
        const form = forms.mode === 'forms' ? forms.forms.find((f) => f.formId === participant.formId) : undefined;
        if (forms.mode === 'forms' && !form) throw new ApiError('CONFLICT', 'No form is assigned to this code yet.');
        const items = form ? new Set(form.blockIds.flatMap((id) => forms.blocks.find((b) => b.blockId === id)?.itemIds ?? [])) : null;
        const pool = forms.frozen.filter((f) => items === null || items.has(f.itemId));
        try {
          const doc = await retryBusyDatabase(() => SamplingSitting.create({
            _id: pupil.participantKey, cycleId: pupil.cycleId, stratum: participant.stratum, pool,
            delivery: form ? 'form' : 'adaptive', seed: randomInt(0, 2 ** 31 - 1), status: 'in-progress', startedAt: this.now(), answered: 0,
          }));
          sitting = doc.toObject() as unknown as SamplingSittingRecord;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          sitting = await SamplingSitting.findById(pupil.participantKey).lean<SamplingSittingRecord>();
          if (!sitting) throw error;
        }
        this.deps.progressChanged?.(pupil.cycleId);
      }
      const live = await this.liveRun(sitting);
      return this.stateOf(sitting, live);
    });
  }

  async resume(pupil: SamplingPupil, sessionId: string): Promise<SamplingSittingState> {
    this.assertOwn(pupil, sessionId);
    return this.locks.run(pupil.participantKey, async () => {
      const cachedRun = this.runs.get(pupil.participantKey);
      const live = cachedRun ?? await this.liveRun(await this.sittingOf(pupil.participantKey));
      return this.stateOf(live.sitting, live);
    });
  }

  async answer(pupil: SamplingPupil, submission: { sessionId: string; sequence: number; itemId: string; answer: PupilAnswer; idempotencyKey: string }): Promise<SamplingSittingState> {
    this.assertOwn(pupil, submission.sessionId);
    return this.locks.run(pupil.participantKey, async () => {
      // This process's copy while it holds the run (every write to the sitting goes through here
      // under the lock), so an answer costs one insert and no reads.
      const cachedRun = this.runs.get(pupil.participantKey);
      const sitting = cachedRun?.sitting ?? await this.sittingOf(pupil.participantKey);
      const live = cachedRun ?? await this.liveRun(sitting);
      const retried = async (): Promise<SamplingSittingState | undefined> => {
        if (submission.sequence > live.answered) return undefined;
        const prior = await SamplingResponse.findById(`${sitting._id}:${submission.sequence}`, { idempotencyKey: 1 }).lean();
        return prior?.idempotencyKey === submission.idempotencyKey ? this.stateOf(sitting, live) : undefined;
      };
      if (sitting.status === 'finished' || live.run.report.stop) {
        const state = await retried();
        if (state) return state;
        if (sitting.status !== 'finished') await this.finish(sitting, live);
        throw new ApiError('CONFLICT', 'This sitting is already finished.');
      }
      await this.openCycle(pupil.cycleId);
      const index = live.run.report.nextItem;
      const item = index === null ? undefined : live.content.items[index];
      const refusal = notCurrentQuestion(submission, live.answered, item);
      // (!item always comes with a refusal; the test narrows the type.)
      if (refusal || !item) {
        const state = await retried();
        if (state) return state;
        throw refusal;
      }
      const mark = markSubmission(item, submission.answer, sitting.seed, submission.sequence);
      try {
        await retryBusyDatabase(() => SamplingResponse.create({
          _id: `${sitting._id}:${submission.sequence}`, sittingId: sitting._id, sequence: submission.sequence,
          itemId: item.id, itemVersion: item.version, answer: submission.answer, idempotencyKey: submission.idempotencyKey,
          score: mark.score, maxScore: mark.maxScore, category: mark.category, answeredAt: this.now(),
        }));
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        this.runs.delete(sitting._id);
        const state = await retried();
        if (state) return state;
        throw new ApiError('CONFLICT', 'This question was already answered from another window.');
      }
      try {
        takeAnswer(live.content.bank, live.content.config, live.run, index!, mark.category);
        live.answered += 1;
      } catch (error) {
        this.runs.delete(sitting._id);
        throw error;
      }
      if (live.run.report.stop) await this.finish(sitting, live);
      return this.stateOf(sitting, live);
    });
  }

  private assertOwn(pupil: SamplingPupil, sessionId: string): void {
    if (typeof sessionId !== 'string' || sessionId !== publicSittingId(pupil.participantKey)) throw new ApiError('FORBIDDEN', 'This sitting belongs to someone else.');
  }

  private async sittingOf(id: string): Promise<SamplingSittingRecord> {
    const sitting = await SamplingSitting.findById(id).lean<SamplingSittingRecord>();
    if (!sitting) throw new ApiError('NOT_FOUND', 'There is no such sitting.');
    return sitting;
  }

  /**
   * The cycle's status and window, remembered for a few seconds: every answer checks them, and the
   * cycle document (frame, sample) is large. An answer in the seconds after a close is harmless:
   * the link is already dropped and the results are computed.
   */
  private async openCycle(cycleId: string): Promise<SamplingCycleRecord> {
    const nowMs = this.now().getTime();
    let entry = this.cycleCache.get(cycleId);
    if (!entry || nowMs - entry.at > CYCLE_CACHE_MS) {
      const value = SamplingCycle.findById(cycleId, { status: 1, window: 1, forms: 1, moduleId: 1 }).lean<SamplingCycleRecord>().exec();
      entry = { at: nowMs, value };
      this.cycleCache.set(cycleId, entry);
      value.catch(() => this.cycleCache.delete(cycleId));
    }
    const cycle = await entry.value;
    const window = cycle?.window as { opensAt: Date; closesAt: Date } | null | undefined;
    const now = this.now();
    if (!cycle || cycle.status !== 'open' || !window || now < new Date(window.opensAt) || now > new Date(window.closesAt)) {
      throw new ApiError('CONFLICT', 'The sitting window is closed.');
    }
    return cycle;
  }

  /** Writes the finish and the posterior the plausible values will be drawn from. */
  private async finish(sitting: SamplingSittingRecord, live: LiveRun): Promise<void> {
    const { posterior } = live.run.state;
    const update = {
      status: 'finished' as const, finishedAt: this.now(), answered: live.answered,
      posterior: { grid: Array.from(posterior.grid), logDensity: Array.from(posterior.logDensity), prior: { ...posterior.prior } },
    };
    // By _id alone: FerretDB 1.x scans the whole collection for any other filter. A repeated
    // finish writes the same posterior, replayed from the same stored responses.
    await retryBusyDatabase(() => SamplingSitting.updateOne({ _id: sitting._id }, { $set: update }));
    Object.assign(sitting, update);
    this.deps.progressChanged?.(sitting.cycleId);
  }

  private async content(sitting: SamplingSittingRecord): Promise<SittingContent> {
    const pool = sitting.pool as { itemId: string; version: number }[];
    const cacheKey = `${sitting.cycleId}:${sitting.delivery}:${pool.map((p) => `${p.itemId}@${p.version}`).join(',')}`;
    let content = this.contents.get(cacheKey);
    if (!content) {
      const cycle = await SamplingCycle.findById(sitting.cycleId, { moduleId: 1, forms: 1 }).lean<SamplingCycleRecord>();
      if (!cycle) throw new ApiError('NOT_FOUND', 'The sampling cycle is gone.');
      content = this.compile(cycle, sitting.delivery as 'form' | 'adaptive', pool);
      content.catch(() => this.contents.delete(cacheKey));
      if (this.contents.size > 200) this.contents.delete(this.contents.keys().next().value!);
      this.contents.set(cacheKey, content);
    }
    return content;
  }

  private async compile(cycle: SamplingCycleRecord, delivery: 'form' | 'adaptive', pool: { itemId: string; version: number }[]): Promise<SittingContent> {
    const rows = await ItemVersion.find({ $or: pool.map((f) => ({ itemId: f.itemId, version: f.version })) }).lean();
    const byKey = new Map(rows.map((row) => [`${row.itemId}@${row.version}`, row.document as ItemDocument]));
    const items = pool.map((f) => {
      const document = byKey.get(`${f.itemId}@${f.version}`);
      if (!document) throw new Error(`sampling item ${f.itemId}@${f.version} is missing`);
      return document;
    });
    const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria ?? [] })));
    let config: AdaptiveTestConfig;
    if (delivery === 'form') {
      // A form is sat whole: the engine orders its items by information but stops only at the end.
      config = { selection: { method: 'MFI' }, stop: { minItems: items.length, maxItems: items.length } };
    } else {
      const forms = cycle.forms as FormsDesign;
      const module = await AssessmentModule.findOne({ moduleId: cycle.moduleId, version: forms.moduleVersion }).lean();
      const configured = moduleEngineConfig(module!.definition as ModuleDefinition);
      if (!configured.ok) throw new Error(`module ${cycle.moduleId}: invalid adaptive configuration`);
      // The restricted pool may be smaller than the module's blueprint needs; length caps at the pool.
      const { blueprint: _blueprint, exposure: _exposure, ...rest } = configured.config;
      config = { ...rest, stop: { ...rest.stop, maxItems: Math.min(rest.stop.maxItems, items.length), minItems: Math.min(rest.stop.minItems ?? 1, items.length) } };
    }
    return { bank, config, items };
  }

  private async liveRun(sitting: SamplingSittingRecord): Promise<LiveRun> {
    const cached = this.runs.get(sitting._id);
    if (cached) return cached;
    const content = await this.content(sitting);
    const answers: { item: number; category: number }[] = [];
    for (let sequence = 1; ; sequence++) {
      const response = await SamplingResponse.findById(`${sitting._id}:${sequence}`, { itemId: 1, category: 1 }).lean();
      if (!response) break;
      const item = content.bank.index.get(response.itemId);
      if (item === undefined) throw new Error(`sampling sitting: response for item ${response.itemId} outside its pool`);
      answers.push({ item, category: response.category });
    }
    const run = answers.length === 0 ? beginAdaptiveTest(content.bank, content.config, sitting.seed) : replayAnswers(content.bank, content.config, sitting.seed, answers);
    const live: LiveRun = { sitting, run, answered: answers.length, content };
    if (this.runs.size > 5000) this.runs.delete(this.runs.keys().next().value!);
    this.runs.set(sitting._id, live);
    if (sitting.status !== 'finished' && run.report.stop) await this.finish(sitting, live);
    return live;
  }

  private stateOf(_read: SamplingSittingRecord, live: LiveRun): SamplingSittingState {
    const { sitting } = live;
    const finished = sitting.status === 'finished';
    const next = live.run.report.nextItem;
    return {
      sessionId: publicSittingId(sitting._id),
      status: finished ? 'finished' : 'in-progress',
      sequence: finished ? live.answered : live.answered + 1,
      item: finished || next === null ? null : pupilItem(live.content.items[next]),
      answered: live.answered,
      timeRemainingMs: null,
      result: null,
    };
  }

  async close(): Promise<void> {
    await this.locks.drain();
  }
}
