/**
 * Simulated sittings for the calibration demo and tests (scripts/seed-calibration-demo.ts):
 * pupils drawn from N(0, 1) answer a random subset of a module's live items, and each of a few
 * PRETEST items with some probability, their categories drawn from KNOWN generating parameters
 * (server/irt/calibration/simulateResponses drawCategory). They are written as real session
 * and response documents of a separate "calibration demo" school, so a calibration run reads
 * them exactly as it reads pupils' answers. Pupils carry `groups.disadvantaged` (one in three)
 * for DIF.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { compileModuleBank, type ItemParameters as EngineParameters } from '../assessment/adaptiveEngine';
import { responseIdFor } from '../assessment/sessionIdentity';
import { AssessmentSession, ItemVersion, Pupil, Response, School } from '../db/models';
import { drawCategory } from '../irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../irt/random';
import type { ItemDocument } from '../scoring/itemDocument';
import { latestModule, liveItemsOf } from '../standards/publishedModules';

export interface SimulationPlan {
  moduleId: string;
  pupils: number;
  /** Live module items each pupil answers. */
  itemsPerPupil: number;
  /** Chance that a pupil is also given each pretest item. */
  pretestShare: number;
  seed: number;
  /** When the answers are dated (a calibration or drift run can choose a date range). */
  answeredAt: Date;
  /** Generating parameters that differ from the stored ones: a drift to detect, by item id. */
  shifts?: Record<string, Partial<EngineParameters>>;
  /** School code of the simulated pupils (one school per plan keeps re-seeding apart). */
  schoolCode?: string;
}

/** Three real pretest questions on fractions, decimals and percentages, and the parameters that generate their answers. */
export function demoPretestItems(moduleId: string, criteria: readonly string[]): { document: ItemDocument; truth: EngineParameters }[] {
  const provisional = { kind: 'provisional' as const, date: '2026-11-01', note: 'Author’s judgement; pretest item awaiting calibration.' };
  // Tagged to the module (the bank's `tags.modules` convention, server/bank/itemModules.ts): live with provisional parameters = a pretest item there.
  const base = { version: 1, status: 'live' as const, subject: 'mathematics', author: 'Waymark calibration demo', tags: { strand: 'number', topic: 'fractions-decimals-percentages', modules: [moduleId] } };
  return [
    {
      document: {
        ...base, id: 'fdp-pretest-1', criteria: [criteria[0]],
        stem: 'Which of these is equal to $0.35$?',
        interaction: { type: 'choice', options: [{ id: 'A', content: '$\\frac{7}{20}$' }, { id: 'B', content: '$\\frac{35}{10}$' }, { id: 'C', content: '$\\frac{3}{5}$' }, { id: 'D', content: '$\\frac{1}{35}$' }] },
        answer: { type: 'choice', correct: 'A' },
        parameters: { model: '2PL', a: 1, b: -0.5, source: provisional },
      } as unknown as ItemDocument,
      truth: { model: '2PL', a: 1.3, b: -1.1 },
    },
    {
      document: {
        ...base, id: 'fdp-pretest-2', criteria: [criteria[Math.min(1, criteria.length - 1)]],
        stem: 'A coat costs £80. Its price rises by 15%. What is the new price, in pounds?',
        interaction: { type: 'numeric' },
        answer: { type: 'numeric', value: 92 },
        parameters: { model: '2PL', a: 1, b: 0, source: provisional },
      } as unknown as ItemDocument,
      truth: { model: '2PL', a: 1.1, b: 0.4 },
    },
    {
      document: {
        ...base, id: 'fdp-pretest-3', criteria: [criteria[Math.min(2, criteria.length - 1)]],
        stem: 'After a 20% discount a bike costs £240. What was the price before the discount, in pounds?',
        interaction: { type: 'numeric' },
        answer: { type: 'numeric', value: 300 },
        parameters: { model: '2PL', a: 1, b: 0.5, source: provisional },
      } as unknown as ItemDocument,
      truth: { model: '2PL', a: 0.9, b: 1.3 },
    },
  ];
}

/** Adds the demo pretest items as live items (version 1) when they are not in the bank yet. */
export async function ensureDemoPretestItems(moduleId: string): Promise<{ document: ItemDocument; truth: EngineParameters }[]> {
  const module = await latestModule(moduleId);
  const pretest = demoPretestItems(moduleId, module.definition.criteria.map((c) => c.id));
  for (const { document } of pretest) {
    if (!(await ItemVersion.exists({ itemId: document.id }))) {
      await ItemVersion.create({ itemId: document.id, version: document.version, status: 'live', document });
    }
  }
  return pretest;
}

const BATCH = 500;

export async function seedSimulatedSittings(plan: SimulationPlan): Promise<{ pupils: number; sittings: number; responses: number }> {
  const module = await latestModule(plan.moduleId);
  const operational = await liveItemsOf(module.definition);
  const pretest = await ensureDemoPretestItems(plan.moduleId);
  const pretestVersions = await ItemVersion.find({ itemId: { $in: pretest.map((p) => p.document.id) }, status: 'live' }, { itemId: 1, version: 1, document: 1 }).lean();
  const pretestLive = pretest.flatMap((p) => {
    const row = pretestVersions.filter((v) => v.itemId === p.document.id).sort((x, y) => y.version - x.version)[0];
    return row ? [{ id: p.document.id, version: row.version, truth: p.truth, maxScore: 1 }] : [];
  });
  const items = [
    ...operational.map((d) => ({ id: d.id, version: d.version, truth: { ...d.parameters, ...(plan.shifts?.[d.id] ?? {}) } as EngineParameters, maxScore: 1 })),
    ...pretestLive,
  ];
  const bank = compileModuleBank(items.map((i) => ({ id: i.id, parameters: i.truth, criteria: [] })));
  const random = seededRandom(plan.seed);
  const scratch = new Float64Array(256);

  const code = plan.schoolCode ?? `SIM${plan.seed}`.slice(0, 12).toUpperCase();
  const school = (await School.findOne({ code }).lean()) ?? (await School.create({ code, name: `Calibration demo (simulated pupils, ${code})`, pinSalt: randomBytes(16).toString('hex') })).toObject();
  const pupils = Array.from({ length: plan.pupils }, (_, i) => ({
    _id: new Types.ObjectId(), schoolId: school._id, name: `Simulated pupil ${i + 1}`, pinLookup: randomBytes(16).toString('hex'),
    classIds: [], groups: { disadvantaged: i % 3 === 0 },
  }));
  const operationalCount = operational.length;
  const sessions: Record<string, unknown>[] = [];
  const responses: Record<string, unknown>[] = [];
  const order = Array.from({ length: operationalCount }, (_, i) => i);
  for (const pupil of pupils) {
    const theta = normalDeviate(random);
    const sessionId = new Types.ObjectId();
    const chosen: number[] = [];
    const perPupil = Math.min(plan.itemsPerPupil, operationalCount);
    for (let i = 0; i < perPupil; i++) {
      const j = i + Math.floor(random() * (operationalCount - i));
      [order[i], order[j]] = [order[j], order[i]];
      chosen.push(order[i]);
    }
    for (let k = 0; k < pretestLive.length; k++) if (random() < plan.pretestShare) chosen.push(operationalCount + k);
    chosen.forEach((index, sequence) => {
      const category = drawCategory(bank, index, theta, random, scratch);
      responses.push({
        _id: responseIdFor(sessionId, sequence), sessionId, pupilId: pupil._id, sequence, itemId: items[index].id, itemVersion: items[index].version,
        answer: 'simulated', idempotencyKey: `simulated-${sequence}`, score: category, maxScore: items[index].maxScore, category,
        note: category > 0 ? 'CORRECT' : 'SIMULATED_INCORRECT', readAs: null, answeredAt: plan.answeredAt,
      });
    });
    sessions.push({
      _id: sessionId, pupilId: pupil._id, schoolId: school._id, assignmentId: new Types.ObjectId(), classId: new Types.ObjectId(),
      moduleId: module.moduleId, moduleVersion: module.version, attempt: 1,
      bank: chosen.map((index) => ({ itemId: items[index].id, version: items[index].version })),
      seed: Math.floor(random() * 2 ** 31), status: 'finished', paused: false, pausedTotalMs: 0, timeLimitMs: null,
      startedAt: plan.answeredAt, finishedAt: plan.answeredAt, answered: chosen.length, currentItemId: null, result: null,
    });
  }
  for (let i = 0; i < pupils.length; i += BATCH) await Pupil.collection.insertMany(pupils.slice(i, i + BATCH));
  for (let i = 0; i < sessions.length; i += BATCH) await AssessmentSession.collection.insertMany(sessions.slice(i, i + BATCH) as never[]);
  for (let i = 0; i < responses.length; i += BATCH) await Response.collection.insertMany(responses.slice(i, i + BATCH) as never[]);
  return { pupils: pupils.length, sittings: sessions.length, responses: responses.length };
}
