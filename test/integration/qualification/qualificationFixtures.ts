/**
 * Fixtures for the qualification tests: sitting a module through the real socket.io service
 * with right (or wrong) answers from the items' keys, a qualification over the modules in the
 * test database, and finished sessions written directly for the ledger rules that need
 * several attempts at chosen moments.
 */
import { Types } from 'mongoose';
import type { Socket } from 'socket.io-client';
import type { ModuleDefinition } from '../../../server/content/moduleDefinition';
import { AssessmentModule, AssessmentSession, ItemVersion } from '../../../server/db/models';
import type { ItemDocument } from '../../../server/scoring/itemDocument';
import { modelAnswer } from '../../../server/scoring/modelAnswer';
import { someAnswer, type AckBody, type SittingStateBody } from '../http/appHarness';

let keys = 0;

/** A generous acknowledgement timeout: a start loads and checks the module's content, slow on a busy machine. */
function emitWithAck(socket: Socket, event: string, payload: unknown): Promise<AckBody> {
  return socket.timeout(60_000).emitWithAck(event, payload) as Promise<AckBody>;
}
/** Every stored item version, read once: one collection scan instead of one per answer (FerretDB scans for any filter but _id). */
let itemsByVersion: Map<string, ItemDocument> | null = null;

async function storedItem(itemId: string, version: number): Promise<ItemDocument> {
  if (!itemsByVersion?.has(`${itemId}@${version}`)) {
    const rows = await ItemVersion.find({}, { itemId: 1, version: 1, document: 1 }).lean();
    itemsByVersion = new Map(rows.map((r) => [`${r.itemId}@${r.version}`, r.document as ItemDocument]));
  }
  const item = itemsByVersion.get(`${itemId}@${version}`);
  if (!item) throw new Error(`item ${itemId} version ${version} is not stored`);
  return item;
}

/** Sits the assignment to the end; `right` answers from the key, otherwise a wrong-looking answer. */
export async function sitModule(socket: Socket, assignmentId: string, right: boolean): Promise<SittingStateBody> {
  const start = await emitWithAck(socket, 'sitting:start', { assignmentId });
  if (!start.ok) throw new Error(`start failed: ${JSON.stringify(start.error)}`);
  let state = start.state!;
  for (let step = 0; state.status !== 'finished'; step++) {
    if (step > 60) throw new Error('the module did not finish in 60 answers');
    const item = state.item!;
    const answer = right ? modelAnswer(await storedItem(item.id, item.version)) : wrongAnswer(item);
    keys += 1;
    const ack = await emitWithAck(socket, 'sitting:answer', {
      sessionId: state.sessionId, sequence: state.sequence, itemId: item.id, answer, idempotencyKey: `fixture-${process.pid}-${keys}`,
    });
    if (!ack.ok) throw new Error(`answer failed: ${JSON.stringify(ack.error)}`);
    state = ack.state!;
  }
  return state;
}

function wrongAnswer(item: NonNullable<SittingStateBody['item']>): unknown {
  // Numbers nobody would give; the last option of a choice item (a distractor on most items).
  if (item.interaction.type === 'choice') return someAnswer(item, (item.interaction.options?.length ?? 1) - 1);
  if (item.interaction.type === 'ordering') return [...(item.interaction.options ?? []).map((o) => o.id)].reverse();
  return '987654';
}

export async function currentModule(moduleId: string): Promise<ModuleDefinition> {
  const rows = await AssessmentModule.find({ moduleId }).lean();
  const newest = rows.sort((x, y) => y.version - x.version)[0];
  if (!newest) throw new Error(`module ${moduleId} is not loaded`);
  return newest.definition as ModuleDefinition;
}

/** A module entry for a qualification file: credits/level/pass grade only where the module lacks them. */
export async function moduleEntry(moduleId: string, uniformMax = 100, passGrade = '4') {
  const definition = await currentModule(moduleId);
  return {
    moduleId,
    uniformMax,
    ...(definition.credit ? {} : { credits: 5, level: 2 }),
    ...((definition as ModuleDefinition & { passGrade?: string }).passGrade ? {} : { passGrade }),
  };
}

/** A qualification over fdp-1 alone (the module every test database holds). */
export async function fdpQualification(id: string, policy: Record<string, unknown> = { counts: 'best' }) {
  const definition = await currentModule('fdp-1');
  const credits = definition.credit?.value ?? 5;
  return {
    id,
    version: 1,
    title: `Test qualification ${id}`,
    subject: 'mathematics',
    modules: [await moduleEntry('fdp-1')],
    mandatory: ['fdp-1'],
    optionalGroups: [],
    minTotalCredits: credits,
    policy,
    uniformMarks: { boundaryFractions: definition.cutScores.boundaries.map((_, i, all) => (i + 1) / (all.length + 2)) },
    aggregation: {
      kind: 'uniform-mark-total',
      belowLowest: 'U',
      boundaries: definition.cutScores.boundaries.map((b, i, all) => ({ grade: b.grade, minimum: Math.round((100 * (i + 1)) / (all.length + 2)) })),
    },
  };
}

/** A finished session written directly (as the assessment service would leave it), for the ledger rules. */
export async function finishedSession(input: {
  pupilId: Types.ObjectId | string; schoolId: Types.ObjectId | string; classId: Types.ObjectId | string; moduleId: string;
  startedAt: Date; grade: string; theta: number;
}) {
  const definition = await currentModule(input.moduleId);
  const _id = new Types.ObjectId();
  await AssessmentSession.collection.insertOne({
    _id, pupilId: new Types.ObjectId(String(input.pupilId)), schoolId: new Types.ObjectId(String(input.schoolId)),
    assignmentId: new Types.ObjectId(), classId: new Types.ObjectId(String(input.classId)), moduleId: input.moduleId, moduleVersion: definition.version,
    bank: [], seed: 1, status: 'finished', paused: false, pausedAt: null, pausedTotalMs: 0, timeLimitMs: null,
    startedAt: input.startedAt, finishedAt: new Date(input.startedAt.getTime() + 20 * 60_000), answered: 10, currentItemId: null,
    result: {
      theta: input.theta, se: 0.3, scaleScore: 100, scaleSe: 5, grade: input.grade, gradeProbability: 0.8, gradeProbabilities: [],
      cutScores: { moduleId: input.moduleId, version: definition.cutScores.version }, rp: 0.67, criteria: [], canDo: [], stopReason: 'se',
    },
  });
  return String(_id);
}
