/**
 * Calibration and drift runs for the standards manager: start a run (stored at once, the work
 * done in a worker thread), follow its stage, read its outcome, and decide on each estimated
 * item: ACCEPT (a new live item version carrying the calibrated parameters, with date, model
 * and sample size in parameters.source; the version it replaces is retired) or SEND BACK (a new
 * draft version for the author, the comment recorded; the live version stops being delivered).
 *
 * The bank's lifecycle (server/bank) has no action for "new parameters from a calibration":
 * its edits are the author's drafts that go through review. Parameters estimated from pupils'
 * responses are the standards manager's decision, so they are written here the way the bank
 * writes versions: validated by validateItemDocument, a new (itemId, version) row (the unique
 * index stops a concurrent second one), the replaced version retired conditionally on being
 * live, both steps appended to bank_audit, and the module pools' cache told (markContentPublished).
 */
import { Types } from 'mongoose';
import type { Principal } from '../http/auth/authSessions';
import { ApiError, validationFailed } from '../http/apiError';
import { markContentPublished } from '../content/publishedContentCache';
import { BankAudit, ItemVersion } from '../db/models';
import { CalibrationRun, type CalibrationRunRecord, type ItemDecisionRecord } from '../db/models/calibrationRun';
import type { ItemDocument, ItemParameters } from '../scoring/itemDocument';
import { validateItemDocument } from '../scoring/validateItemDocument';
import { latestModule } from '../standards/publishedModules';
import { analyseInWorker } from './analysisThread';
import type { RunOutcome } from './calibrationAnalysis';
import { DEFAULT_MIN_GROUP_SIZE, DEFAULT_MIN_RESPONSES, gatherRunInput, type RunOptions } from './runData';

export interface StartRunBody {
  kind?: 'calibration' | 'drift';
  moduleId: string;
  itemIds?: string[];
  from?: string;
  to?: string;
  minResponses?: number;
  grouping?: string;
}

export interface DecisionBody {
  action: 'accept' | 'send-back';
  comment?: string;
}

export interface RunSettings {
  /** Default minimum responses before a pretest item is calibrated (issue 7: 200). */
  minResponses?: number;
  minGroupSize?: number;
}

export class CalibrationRuns {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly settings: RunSettings = {}) {}

  private optionsFor(body: StartRunBody): RunOptions {
    if (body.from && body.to && body.from > body.to) {
      throw validationFailed('The date range is empty.', [{ path: '/to', message: 'must not be before the from date' }]);
    }
    for (const key of ['from', 'to'] as const) {
      if (body[key] !== undefined && Number.isNaN(Date.parse(body[key]!))) throw validationFailed('A date is not valid.', [{ path: `/${key}`, message: 'is not a real date' }]);
    }
    return {
      kind: body.kind ?? 'calibration', moduleId: body.moduleId, itemIds: body.itemIds, from: body.from, to: body.to,
      minResponses: body.minResponses ?? this.settings.minResponses ?? DEFAULT_MIN_RESPONSES,
      grouping: body.grouping, minGroupSize: this.settings.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
    };
  }

  /** Stores the run and starts it; the returned run is 'running'. */
  async start(principal: Principal, body: StartRunBody, now: Date): Promise<CalibrationRunRecord> {
    const options = this.optionsFor(body);
    const module = await latestModule(body.moduleId);
    const run = await CalibrationRun.create({
      kind: options.kind, moduleId: module.moduleId, moduleVersion: module.version, status: 'running', stage: 'choosing the data',
      options, requestedBy: principal.userId, requestedByName: principal.name, requestedAt: now,
    });
    const work = this.execute(run._id, options).finally(() => this.pending.delete(work));
    this.pending.add(work);
    return run.toObject() as unknown as CalibrationRunRecord;
  }

  /** Runs a stored run to the end (the command calls this directly and waits). */
  async execute(runId: Types.ObjectId, options: RunOptions): Promise<void> {
    try {
      const module = await latestModule(options.moduleId);
      const { input, excluded } = await gatherRunInput(module, options);
      await CalibrationRun.updateOne({ _id: runId }, {
        $set: { excluded, stage: `estimating (${input.columns.filter((c) => c.role === 'free').length} items, ${input.persons.length} sittings)` },
      });
      const outcome: RunOutcome = await analyseInWorker(input);
      await CalibrationRun.updateOne({ _id: runId }, { $set: { outcome, status: 'finished', stage: 'finished', finishedAt: new Date() } });
    } catch (error) {
      await CalibrationRun.updateOne({ _id: runId }, { $set: { status: 'failed', stage: 'failed', error: (error as Error).message, finishedAt: new Date() } })
        .catch(() => undefined);
    }
  }

  /**
   * Runs left 'running' by a process that stopped (a restart, a crash) are run again from their
   * stored options: a run is a deterministic function of its options and the stored responses,
   * so running it again gives the outcome it would have had. Called once at start-up.
   */
  async resumeInterrupted(): Promise<number> {
    const interrupted = await CalibrationRun.find({ status: 'running' }, { options: 1 }).lean<{ _id: Types.ObjectId; options: RunOptions }[]>();
    for (const run of interrupted) {
      await CalibrationRun.updateOne({ _id: run._id }, { $set: { stage: 'restarted after the server stopped' } });
      const work = this.execute(run._id, run.options).finally(() => this.pending.delete(work));
      this.pending.add(work);
    }
    return interrupted.length;
  }

  /** Resolves when no run is in progress in this process (for an orderly shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async list(moduleId?: string): Promise<Omit<CalibrationRunRecord, 'outcome'>[]> {
    return CalibrationRun.find(moduleId ? { moduleId } : {}, { outcome: 0 }).sort({ requestedAt: -1 }).limit(100).lean<CalibrationRunRecord[]>();
  }

  async get(runId: string): Promise<CalibrationRunRecord> {
    const run = Types.ObjectId.isValid(runId) && String(new Types.ObjectId(runId)) === runId
      ? await CalibrationRun.findById(runId).lean<CalibrationRunRecord>()
      : null;
    if (!run) throw new ApiError('NOT_FOUND', 'There is no such calibration run.');
    return run;
  }

  async decide(principal: Principal, runId: string, itemId: string, body: DecisionBody, now: Date): Promise<ItemDecisionRecord> {
    const run = await this.get(runId);
    if (run.status !== 'finished' || !run.outcome) throw new ApiError('CONFLICT', 'The run has not finished.');
    if (run.kind !== 'calibration') throw new ApiError('CONFLICT', 'Items are accepted from calibration runs; a drift run only flags them.');
    const item = run.outcome.items.find((i) => i.itemId === itemId && i.role === 'free');
    if (!item) throw new ApiError('NOT_FOUND', `Item "${itemId}" was not estimated in this run.`);
    if (run.decisions.some((d) => d.itemId === itemId)) throw new ApiError('CONFLICT', `A decision on "${itemId}" is already recorded for this run.`);
    if (body.action === 'accept' && !item.estimate) {
      throw validationFailed('The item has no estimate to accept.', [{ path: '/action', message: item.problem ?? 'the item could not be estimated' }]);
    }
    const newest = await ItemVersion.findOne({ itemId }).sort({ version: -1 }).lean();
    if (!newest || newest.version !== item.version || newest.status !== 'live') {
      throw new ApiError('CONFLICT', `Item "${itemId}" has changed since the run (newest version ${newest?.version ?? 'none'}, ${newest?.status ?? 'missing'}).`);
    }
    const current = newest.document as ItemDocument;
    const newVersion = newest.version + 1;
    let document: ItemDocument;
    if (body.action === 'accept') {
      const e = item.estimate!;
      const parameters: ItemParameters = {
        model: e.model as ItemParameters['model'],
        ...(e.a !== undefined && e.model !== 'Rasch' ? { a: e.a } : {}),
        ...(e.b !== undefined ? { b: e.b } : {}),
        ...(e.c !== undefined ? { c: e.c } : {}),
        ...(e.thresholds ? { thresholds: e.thresholds } : {}),
        ...(e.steps ? { steps: e.steps } : {}),
        source: {
          kind: 'calibrated', date: now.toISOString().slice(0, 10), sampleSize: item.responses,
          note: `Fixed-anchor ${e.model} calibration (marginal maximum likelihood, EM), run ${runId}, ${item.responses} responses; accepted by ${principal.name}.`,
        },
      };
      document = { ...current, version: newVersion, status: 'live', parameters };
    } else {
      document = { ...current, version: newVersion, status: 'draft' };
    }
    const problems = validateItemDocument(document);
    if (problems.length > 0) throw validationFailed('The new item version would not be valid.', problems.map((p) => ({ path: `/item${p.path}`, message: p.message })));

    const decision: ItemDecisionRecord = {
      itemId, version: item.version, action: body.action === 'accept' ? 'accepted' : 'sent-back', comment: body.comment?.trim() ?? null,
      newVersion, by: principal.userId, byName: principal.name, at: now,
    };
    // The decision is claimed first (only one per item per run), then the version written.
    const claimed = await CalibrationRun.updateOne({ _id: run._id, 'decisions.itemId': { $ne: itemId } }, { $push: { decisions: decision } });
    if (claimed.modifiedCount !== 1) throw new ApiError('CONFLICT', `A decision on "${itemId}" is already recorded for this run.`);
    try {
      await ItemVersion.create({ itemId, version: newVersion, status: document.status, document, ...(newest.authorId ? { authorId: newest.authorId } : {}) });
    } catch (error) {
      await CalibrationRun.updateOne({ _id: run._id }, { $pull: { decisions: { itemId } } });
      if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', `Item "${itemId}" gained a new version just now.`);
      throw error;
    }
    // The accepted version replaces the old one in sittings; a sent-back item leaves them.
    await ItemVersion.updateOne({ _id: newest._id, status: 'live' }, { $set: { status: 'retired', document: { ...current, status: 'retired' } } });
    const actor = { actorId: principal.userId, actorName: principal.name, at: now };
    await BankAudit.create([
      body.action === 'accept'
        ? { ...actor, itemId, version: newVersion, action: 'calibrate', fromStatus: null, toStatus: 'live', comment: document.parameters.source.note ?? null }
        : { ...actor, itemId, version: newVersion, action: 'return', fromStatus: null, toStatus: 'draft', comment: `Sent back after calibration run ${runId}: ${decision.comment}` },
      { ...actor, itemId, version: newest.version, action: 'retire', fromStatus: 'live', toStatus: 'retired', comment: `Replaced by version ${newVersion} (${decision.action} in calibration run ${runId}).` },
    ]);
    await markContentPublished();
    return decision;
  }
}
