/**
 * The national sampling administrator's cycle: create, import the frame, assemble forms, draw the
 * sample, publish the sample and window, replace refusing schools, follow completion, close
 * (estimates published, the link to schools dropped). Thin shell around server/sampling: every
 * statistic is a pure call; this file reads and writes the sampling collections and nothing else
 * holds sampling data.
 */
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { ModuleContentCache } from '../assessment/moduleContent';
import type { ModuleDefinition } from '../content/moduleDefinition';
import {
  AssessmentModule, Pupil, School, SamplingCycle, SamplingExport, SamplingLogin, SamplingParticipant, SamplingSitting,
} from '../db/models';
import type { SamplingCycleRecord } from '../db/models/samplingCycle';
import { ApiError, validationFailed } from '../http/apiError';
import { seededRandom } from '../irt/random';
import type { Posterior } from '../irt/posterior';
import { buildBlocks, rotateBlocks, spiralForms, type AssessmentForm, type ItemBlock } from '../sampling/forms';
import { parseSamplingFrame } from '../sampling/frame';
import { selectPupils } from '../sampling/pupilSelection';
import { DEFAULT_RESPONSE_THRESHOLDS, responseRates, type ResponseThresholds } from '../sampling/responseRates';
import { SamplingInputError } from '../sampling/samplingInputError';
import { drawSchoolSample } from '../sampling/schoolSelection';
import type { FieldError, SampledSchool, SamplingFrame, SchoolSample } from '../sampling/types';
import { estimateCycle, type DrawnPupil, type SchoolOutcome } from './cycleEstimates';
import { pseudonymousKey } from './samplingKey';

export type CycleStatus = 'created' | 'frame-imported' | 'drawn' | 'open' | 'closed';

export interface CycleDesign {
  schools: number;
  pupilsPerSchool: number;
  seed: number;
  measureOfSize: 'eligiblePupils' | 'naepSmallSchools';
  replication: 'JK2' | 'FayBRR';
  linkError: number;
  thresholds: ResponseThresholds;
  reportingVariables: string[];
}

export interface FormsDesign {
  mode: 'forms' | 'adaptive';
  moduleVersion: number;
  /** Frozen item versions of the pool. */
  frozen: { itemId: string; version: number }[];
  blocks: ItemBlock[];
  forms: AssessmentForm[];
}

export interface SchoolStatus {
  schoolId: string;
  refused: boolean;
  replacementId: string | null;
  /** Pupils on the list of the school whose pupils were drawn. */
  listedPupils: number;
}

/** Default link error between cycles, in reported-scale units (a PISA-sized 0.03 SD on a 15-point SD). */
export const DEFAULT_LINK_ERROR = 0.5;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 10 symbols from 32: 50 bits, so guessing a live code is hopeless even before the login throttle. */
function newSamplingCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function normaliseSamplingCode(code: string): string {
  const bare = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return bare.length === 10 ? `${bare.slice(0, 5)}-${bare.slice(5)}` : bare;
}

function inputErrorDetails(error: SamplingInputError | { errors: FieldError[] }): { path: string; message: string }[] {
  return error.errors.map((e) => ({ path: e.line === null ? `/${e.field}` : `/csv/line/${e.line}`, message: e.line === null ? e.message : `line ${e.line}, ${e.field}: ${e.message}` }));
}

/** Pure-core refusals become 400 VALIDATION_FAILED with every problem, line-numbered. */
export async function asValidation<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SamplingInputError) throw validationFailed(error.message, inputErrorDetails(error));
    throw error;
  }
}

function cycleObjectId(id: string): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/.test(id)) throw new ApiError('NOT_FOUND', 'There is no such sampling cycle.');
  return new Types.ObjectId(id);
}

export async function loadCycle(id: string, projection: Record<string, 0> = {}): Promise<SamplingCycleRecord> {
  const cycle = await SamplingCycle.findById(cycleObjectId(id), projection).lean<SamplingCycleRecord>();
  if (!cycle) throw new ApiError('NOT_FOUND', 'There is no such sampling cycle.');
  return cycle;
}

function requireStatus(cycle: SamplingCycleRecord, allowed: CycleStatus[], action: string): void {
  if (!allowed.includes(cycle.status as CycleStatus)) {
    throw new ApiError('CONFLICT', `Cannot ${action} a cycle that is "${cycle.status}" (needs ${allowed.join(' or ')}).`);
  }
}

/** Moves a cycle only from the status it was read in: two clicks never both succeed. */
async function updateCycle(cycle: SamplingCycleRecord, set: Record<string, unknown>): Promise<void> {
  const result = await SamplingCycle.updateOne({ _id: cycle._id, status: cycle.status }, { $set: set });
  if (result.matchedCount !== 1) throw new ApiError('CONFLICT', 'The cycle changed meanwhile; reload it.');
}

export class SamplingCycles {
  private readonly content = new ModuleContentCache();

  constructor(private readonly key: Buffer, private readonly now: () => Date = () => new Date()) {}

  async create(actorId: string, body: {
    name: string; moduleId: string; schools: number; pupilsPerSchool?: number; seed?: number; measureOfSize?: CycleDesign['measureOfSize'];
    replication?: CycleDesign['replication']; linkError?: number; thresholds?: ResponseThresholds;
  }): Promise<SamplingCycleRecord> {
    const module = await AssessmentModule.findOne({ moduleId: body.moduleId }, { _id: 1 }).lean();
    if (!module) throw validationFailed('There is no such module.', [{ path: '/moduleId', message: `no module "${body.moduleId}"` }]);
    const design: CycleDesign = {
      schools: body.schools,
      pupilsPerSchool: body.pupilsPerSchool ?? 30,
      seed: body.seed ?? randomInt(0, 2 ** 31 - 1),
      measureOfSize: body.measureOfSize ?? 'eligiblePupils',
      replication: body.replication ?? 'JK2',
      linkError: body.linkError ?? DEFAULT_LINK_ERROR,
      thresholds: body.thresholds ?? DEFAULT_RESPONSE_THRESHOLDS,
      reportingVariables: [],
    };
    const doc = await SamplingCycle.create({ name: body.name, status: 'created', moduleId: body.moduleId, createdAt: this.now(), createdBy: actorId, design });
    return doc.toObject() as unknown as SamplingCycleRecord;
  }

  async list(): Promise<SamplingCycleRecord[]> {
    return SamplingCycle.find({}, { frame: 0, sample: 0 }).sort({ createdAt: -1 }).lean<SamplingCycleRecord[]>();
  }

  /** Validates the CSV with line-numbered errors; on any error nothing is written. */
  async importFrame(cycleId: string, body: { csv: string; implicitSortVariables?: string[]; reportingVariables?: string[] }): Promise<SamplingFrame> {
    const cycle = await loadCycle(cycleId);
    requireStatus(cycle, ['created', 'frame-imported'], 'import a frame into');
    const implicit = [...new Set([...(body.implicitSortVariables ?? []), ...(body.reportingVariables ?? [])])];
    const parsed = parseSamplingFrame(body.csv, { implicitSortVariables: implicit });
    if (!parsed.ok) throw validationFailed(`The frame has ${parsed.errors.length} problem(s).`, inputErrorDetails(parsed));
    const design = { ...(cycle.design as CycleDesign), reportingVariables: body.reportingVariables ?? [] };
    const sizable = parsed.frame.schools.length;
    if (design.schools > sizable) {
      throw validationFailed(`The sample of ${design.schools} schools is larger than the frame's ${sizable} sampleable schools.`,
        [{ path: '/schools', message: `at most ${sizable}` }]);
    }
    await updateCycle(cycle, { frame: parsed.frame, design, status: 'frame-imported' });
    return parsed.frame;
  }

  /** Blocks rotated over forms (every item in ≥ 2 forms, none the whole pool), or an adaptive pool. */
  async assembleForms(cycleId: string, body: { mode: 'forms' | 'adaptive'; newBlocks?: number; blocksPerForm?: number; trendBlocks?: number; itemIds?: string[] }): Promise<FormsDesign> {
    const cycle = await loadCycle(cycleId);
    requireStatus(cycle, ['created', 'frame-imported', 'drawn'], 'assemble forms for');
    const { moduleVersion, frozen } = await this.content.current(cycle.moduleId);
    const poolIds = new Set(frozen.map((f) => f.itemId));
    const unknown = (body.itemIds ?? []).map((id, i) => ({ id, i })).filter(({ id }) => !poolIds.has(id));
    if (unknown.length > 0) throw validationFailed('Some items are not live items of the module.', unknown.map(({ id, i }) => ({ path: `/itemIds/${i}`, message: `"${id}" is not a live item of ${cycle.moduleId}` })));
    const chosen = body.itemIds ? frozen.filter((f) => body.itemIds!.includes(f.itemId)) : frozen;
    let blocks: ItemBlock[] = [];
    let forms: AssessmentForm[] = [];
    if (body.mode === 'forms') {
      const trend = await this.trendBlocks(cycle, body.trendBlocks ?? 0, new Set(chosen.map((f) => f.itemId)));
      const carried = new Set(trend.flatMap((b) => b.itemIds));
      const fresh = chosen.map((f) => f.itemId).filter((id) => !carried.has(id));
      blocks = await asValidation(() => buildBlocks(trend, fresh, body.newBlocks ?? Math.min(6, fresh.length)));
      forms = await asValidation(() => rotateBlocks(blocks, body.blocksPerForm ?? 2));
    } else if (chosen.length < 2) {
      throw validationFailed('An adaptive pool needs at least two items.', [{ path: '/itemIds', message: 'at least 2 items' }]);
    }
    const design: FormsDesign = { mode: body.mode, moduleVersion, frozen: chosen.map((f) => ({ itemId: f.itemId, version: f.version })), blocks, forms };
    await updateCycle(cycle, { forms: design });
    return design;
  }

  /** The first `count` blocks of the latest closed cycle on the same module, carried intact for the trend. */
  private async trendBlocks(cycle: SamplingCycleRecord, count: number, pool: Set<string>): Promise<ItemBlock[]> {
    if (count === 0) return [];
    const earlier = await SamplingCycle.findOne({ moduleId: cycle.moduleId, status: 'closed', _id: { $ne: cycle._id } }, { forms: 1, closedAt: 1 }).sort({ closedAt: -1 }).lean<SamplingCycleRecord>();
    const blocks = ((earlier?.forms as FormsDesign | null)?.blocks ?? []).slice(0, count);
    if (blocks.length < count) throw validationFailed('There are not that many blocks to carry.', [{ path: '/trendBlocks', message: `the last closed cycle has ${blocks.length} block(s)` }]);
    const missing = blocks.flatMap((b) => b.itemIds).filter((id) => !pool.has(id));
    if (missing.length > 0) throw validationFailed('Trend items are no longer live.', [{ path: '/trendBlocks', message: `not live: ${missing.join(', ')}` }]);
    return blocks.map((b) => ({ ...b, trend: true }));
  }

  /** Seeded draw: schools by PPS (every π stored, replacements named), pupils in each, codes. */
  async draw(cycleId: string): Promise<{ sample: SchoolSample; pupils: number }> {
    const cycle = await loadCycle(cycleId);
    requireStatus(cycle, ['frame-imported'], 'draw the sample of');
    const design = cycle.design as CycleDesign;
    const frame = cycle.frame as SamplingFrame;
    const random = seededRandom(design.seed);
    const sample = await asValidation(() => drawSchoolSample(frame, {
      schools: design.schools, allocation: { kind: 'proportional' }, measureOfSize: design.measureOfSize,
    }, random));
    const participants: Record<string, unknown>[] = [];
    const status: SchoolStatus[] = [];
    for (const school of sample.schools) {
      const drawn = await this.drawPupils(cycle, frame, school, school.schoolId, random);
      participants.push(...drawn.participants);
      status.push({ schoolId: school.schoolId, refused: false, replacementId: null, listedPupils: drawn.listed });
    }
    // FerretDB stores no nested arrays: one { schoolId, probability } per frame school.
    if (cycle.forms) {
      const formOf = spiral(cycle.forms as FormsDesign, participants as { _id: string; schoolId: string; order: number }[], design.seed);
      for (const p of participants) p.formId = formOf.get(p._id as string) ?? null;
    }
    const stored = { ...sample, inclusionProbabilities: Object.entries(sample.inclusionProbabilities).map(([schoolId, probability]) => ({ schoolId, probability })) };
    // The cycle moves first (conditionally), so a second click cannot add a second set of pupils.
    await updateCycle(cycle, { sample: stored, schoolStatus: status, status: 'drawn' });
    await SamplingParticipant.insertMany(participants);
    return { sample, pupils: participants.length };
  }

  private async drawPupils(cycle: SamplingCycleRecord, frame: SamplingFrame, sampled: SampledSchool, schoolId: string, random: () => number) {
    const design = cycle.design as CycleDesign;
    const frameSchool = frame.schools.find((s) => s.schoolId === schoolId);
    if (!frameSchool) throw new ApiError('NOT_FOUND', `School "${schoolId}" is not on the frame.`);
    const list = await pupilList(schoolId, frameSchool.eligiblePupils);
    const chosen = await asValidation(() => selectPupils(list.map((p) => p.id), random, design.pupilsPerSchool));
    const byId = new Map(list.map((p) => [p.id, p]));
    const reportingGroups = Object.fromEntries(design.reportingVariables.map((v) => [v, String(frameSchool.implicit[v])]));
    const participants = chosen.pupilIds.map((id, order) => {
      const code = newSamplingCode();
      const entry = byId.get(id)!;
      return {
        _id: pseudonymousKey(this.key, String(cycle._id), code),
        cycleId: String(cycle._id),
        stratum: sampled.stratum,
        sampledSchoolId: sampled.schoolId,
        schoolId,
        pupilRef: entry.pupilRef,
        listPosition: entry.position,
        code,
        formId: null as string | null,
        reportingGroups,
        order,
      };
    });
    return { participants, listed: chosen.listed };
  }

  /** Publishes the sample and the window; forms are spiralled within each school from a seeded start. */
  async publish(cycleId: string, body: { opensAt: string; closesAt: string }): Promise<{ opensAt: string; closesAt: string }> {
    const cycle = await loadCycle(cycleId);
    requireStatus(cycle, ['drawn'], 'publish');
    if (!cycle.forms) throw new ApiError('CONFLICT', 'Assemble the forms (or the adaptive pool) before publishing.');
    const opensAt = new Date(body.opensAt);
    const closesAt = new Date(body.closesAt);
    if (!(closesAt.getTime() > opensAt.getTime())) throw validationFailed('The window must close after it opens.', [{ path: '/closesAt', message: 'must be after opensAt' }]);
    await this.assignForms(cycle);
    await updateCycle(cycle, { window: { opensAt, closesAt }, status: 'open' });
    return { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() };
  }

  /**
   * Forms for the participants that have none yet (drawn before the forms were assembled):
   * spiralled within each school. One update per pupil, so the usual order — forms, then draw —
   * assigns them at the draw instead (spiral below) and this writes nothing.
   */
  private async assignForms(cycle: SamplingCycleRecord): Promise<void> {
    const forms = cycle.forms as FormsDesign;
    if (forms.mode !== 'forms') return;
    const participants = await SamplingParticipant.find({ cycleId: String(cycle._id), formId: null }, { schoolId: 1, order: 1 }).lean();
    const assigned = spiral(forms, participants.map((p) => ({ _id: p._id, schoolId: p.schoolId!, order: p.order })), (cycle.design as CycleDesign).seed);
    const writes = [...assigned].map(([pupilId, formId]) => ({ updateOne: { filter: { _id: pupilId }, update: { $set: { formId } } } }));
    if (writes.length > 0) await SamplingParticipant.bulkWrite(writes);
  }

  /** A sampled school refuses: its codes are withdrawn and its first (else second) free replacement drawn. */
  async refuseSchool(cycleId: string, schoolId: string): Promise<SchoolStatus> {
    const cycle = await loadCycle(cycleId);
    requireStatus(cycle, ['drawn', 'open'], 'replace a school in');
    const statuses = cycle.schoolStatus as SchoolStatus[];
    const status = statuses.find((s) => s.schoolId === schoolId);
    const sample = cycle.sample as SchoolSample;
    const sampled = sample.schools.find((s) => s.schoolId === schoolId);
    if (!status || !sampled) throw new ApiError('NOT_FOUND', 'That school is not in the sample.');
    if (status.refused) throw new ApiError('CONFLICT', 'That school is already recorded as refusing.');
    const started = await SamplingSitting.countDocuments({ _id: { $in: (await SamplingParticipant.find({ cycleId, schoolId }, { _id: 1 }).lean()).map((p) => p._id) } });
    if (started > 0) throw new ApiError('CONFLICT', 'Pupils of that school have already started: it is taking part.');
    const used = new Set(statuses.flatMap((s) => (s.replacementId ? [s.replacementId] : [])));
    const replacementId = [sampled.firstReplacement, sampled.secondReplacement].find((r): r is string => r !== null && !used.has(r)) ?? null;
    let drawn: Awaited<ReturnType<SamplingCycles['drawPupils']>> | null = null;
    if (replacementId) {
      const seed = [...replacementId].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, (cycle.design as CycleDesign).seed);
      drawn = await this.drawPupils(cycle, cycle.frame as SamplingFrame, sampled, replacementId, seededRandom(seed));
    }
    const next: SchoolStatus = { schoolId, refused: true, replacementId, listedPupils: drawn?.listed ?? status.listedPupils };
    await updateCycle(cycle, { schoolStatus: statuses.map((s) => (s.schoolId === schoolId ? next : s)) });
    await SamplingParticipant.deleteMany({ cycleId, schoolId });
    if (drawn) {
      if (cycle.forms) {
        const formOf = spiral(cycle.forms as FormsDesign, drawn.participants, (cycle.design as CycleDesign).seed + 1);
        for (const p of drawn.participants) p.formId = formOf.get(p._id) ?? null;
      }
      await SamplingParticipant.insertMany(drawn.participants);
    }
    return next;
  }

  /**
   * Completion by stratum and response rates (weighted, before and after replacement) against
   * the thresholds: aggregates only, nothing about a school or a pupil.
   */
  async progress(cycleId: string) {
    const cycle = await loadCycle(cycleId, { frame: 0, forms: 0 });
    if (!cycle.sample) return { cycleId, strata: [], responseRates: null };
    const { participants, sittings } = await this.participation(cycleId);
    const strata = new Map<string, { stratum: string; sampled: number; started: number; finished: number }>();
    for (const p of participants) {
      const row = strata.get(p.stratum) ?? { stratum: p.stratum, sampled: 0, started: 0, finished: 0 };
      row.sampled += 1;
      const sitting = sittings.get(p._id);
      if (sitting) row.started += 1;
      if (sitting?.status === 'finished') row.finished += 1;
      strata.set(p.stratum, row);
    }
    const statuses = cycle.schoolStatus as SchoolStatus[];
    const sample = cycle.sample as SchoolSample;
    const rates = cycle.status === 'closed' ? (cycle.results as { responseRates: unknown } | null)?.responseRates ?? null : responseRates(sample.schools.map((s) => {
      const status = statuses.find((x) => x.schoolId === s.schoolId)!;
      const mine = participants.filter((p) => p.sampledSchoolId === s.schoolId);
      const responded = mine.filter((p) => sittings.get(p._id)?.status === 'finished').length;
      return {
        schoolId: s.schoolId, stratum: s.stratum, inclusionProbability: s.inclusionProbability, eligiblePupils: s.eligiblePupils,
        participation: responded === 0 ? 'none' : status.refused ? 'replacement' : 'sampled',
        listedPupils: status.listedPupils, pupilsSampled: responded === 0 ? 0 : mine.length, pupilsResponded: responded,
      };
    }), (cycle.design as CycleDesign).thresholds);
    return { cycleId, strata: [...strata.values()].sort((a, b) => a.stratum.localeCompare(b.stratum)), responseRates: rates };
  }

  /** Posteriors only when estimating: the live completion push runs often and needs statuses only. */
  private async participation(cycleId: string, withPosteriors = false) {
    const participants = await SamplingParticipant.find({ cycleId }, { stratum: 1, sampledSchoolId: 1 }).lean();
    const sittingRows = await SamplingSitting.find({ cycleId }, withPosteriors ? { status: 1, posterior: 1 } : { status: 1 }).lean();
    return { participants, sittings: new Map(sittingRows.map((s) => [s._id, s])) };
  }

  /**
   * Closes the window: weights, replicate weights, plausible values, estimates with suppression,
   * trend, response rates and exports are computed and stored; then the link to schools is
   * dropped (school, pupil and code removed from every participant; sampling logins ended).
   * A failure before the results are stored writes nothing.
   */
  async close(cycleId: string): Promise<unknown> {
    const cycle = await loadCycle(cycleId);
    requireStatus(cycle, ['open'], 'close');
    const design = cycle.design as CycleDesign;
    const sample = cycle.sample as SchoolSample;
    const frame = cycle.frame as SamplingFrame;
    const statuses = cycle.schoolStatus as SchoolStatus[];
    const { participants, sittings } = await this.participation(cycleId, true);
    const module = await AssessmentModule.findOne({ moduleId: cycle.moduleId, version: (cycle.forms as FormsDesign).moduleVersion }).lean();
    const definition = module?.definition as ModuleDefinition | undefined;
    if (!definition) throw new ApiError('CONFLICT', `Module "${cycle.moduleId}" is missing.`);
    const frameById = new Map(frame.schools.map((s) => [s.schoolId, s]));
    const schools: SchoolOutcome[] = sample.schools.map((s) => {
      const status = statuses.find((x) => x.schoolId === s.schoolId)!;
      const frameSchool = frameById.get(s.schoolId)!;
      return {
        sampled: s,
        replacementId: status.refused ? status.replacementId : null,
        listedPupils: status.listedPupils,
        reportingGroups: Object.fromEntries(design.reportingVariables.map((v) => [v, String(frameSchool.implicit[v])])),
      };
    });
    const pupils: DrawnPupil[] = participants.map((p) => {
      const sitting = sittings.get(p._id);
      const finished = sitting?.status === 'finished' && sitting.posterior;
      return { key: p._id, sampledSchoolId: p.sampledSchoolId!, responded: Boolean(finished), posterior: finished ? storedPosterior(sitting.posterior) : null };
    });
    const earlier = await SamplingCycle.find({ moduleId: cycle.moduleId, status: 'closed' }, { name: 1, results: 1, closedAt: 1 }).sort({ closedAt: 1 }).lean<SamplingCycleRecord[]>();
    const earlierMeans = earlier.flatMap((c) => {
      const nation = (c.results as StoredResults | null)?.estimates.find((e) => e.domain.kind === 'nation');
      return nation?.mean ? [{ cycle: c.name, estimate: nation.mean.estimate, se: nation.mean.se }] : [];
    });
    const result = await asValidation(() => estimateCycle({
      cycleName: cycle.name,
      schools,
      pupils,
      scale: { intercept: definition.reportingScale.intercept, slope: definition.reportingScale.slope },
      cuts: definition.cutScores.boundaries.map((b) => ({ label: b.grade, theta: b.theta })),
      replication: design.replication === 'FayBRR' ? { kind: 'FayBRR', k: 0.5 } : { kind: 'JK2' },
      seed: design.seed,
      thresholds: design.thresholds,
      earlier: earlierMeans,
      linkError: design.linkError,
    }));
    const closedAt = this.now();
    const results: StoredResults = {
      estimates: result.estimates,
      trend: result.trend,
      series: [...earlierMeans, ...nationSeries(cycle.name, result.estimates)],
      responseRates: result.responseRates,
      respondents: result.respondents,
      replicates: result.replicates,
      replication: design.replication,
      plausibleValues: result.plausibleValues,
      populationModel: result.populationModel,
      scaleName: definition.reportingScale.name,
      nationalTablesCsv: result.nationalTablesCsv,
    };
    // JSON round trip: FerretDB cannot store ±Infinity/NaN (e.g. Rubin's ν when B = 0); they become null.
    await updateCycle(cycle, { results: JSON.parse(JSON.stringify(results)) as StoredResults, status: 'closed', closedAt });
    await SamplingExport.create({ _id: `${cycleId}:analysis-file`, cycleId, kind: 'analysis-file', csv: result.analysisFileCsv, createdAt: closedAt });
    await dropSchoolLink(cycleId);
    return results;
  }
}

/** Forms spiralled within each school (sampled order, seeded start per school; schools in id order). */
function spiral(forms: FormsDesign, participants: readonly { _id: string; schoolId: string; order: number }[], seed: number): Map<string, string> {
  const out = new Map<string, string>();
  if (forms.mode !== 'forms') return out;
  const bySchool = new Map<string, { _id: string; order: number }[]>();
  for (const p of participants) bySchool.set(p.schoolId, [...(bySchool.get(p.schoolId) ?? []), p]);
  const random = seededRandom((seed + 1) >>> 0);
  for (const school of [...bySchool.keys()].sort()) {
    const pupils = bySchool.get(school)!.sort((a, b) => a.order - b.order);
    for (const { pupilId, formId } of spiralForms(pupils.map((p) => p._id), forms.forms, random)) out.set(pupilId, formId);
  }
  return out;
}

export interface StoredResults {
  estimates: ReturnType<typeof estimateCycle>['estimates'];
  trend: ReturnType<typeof estimateCycle>['trend'];
  /** National means of every closed cycle up to this one, for the trend plot. */
  series: { cycle: string; estimate: number; se: number }[];
  responseRates: unknown;
  respondents: number;
  replicates: number;
  replication: string;
  plausibleValues: number;
  populationModel: unknown;
  scaleName: string;
  nationalTablesCsv: string;
}

function nationSeries(name: string, estimates: StoredResults['estimates']): StoredResults['series'] {
  const nation = estimates.find((e) => e.domain.kind === 'nation');
  return nation?.mean ? [{ cycle: name, estimate: nation.mean.estimate, se: nation.mean.se }] : [];
}

/** Removes the participant ↔ school link (weighting and follow-up are done) and ends sampling logins. */
export async function dropSchoolLink(cycleId: string): Promise<void> {
  await SamplingParticipant.updateMany({ cycleId }, { $set: { schoolId: null, sampledSchoolId: null, pupilRef: null, listPosition: null, code: null } });
  await SamplingLogin.deleteMany({ cycleId });
}

export function storedPosterior(stored: unknown): Posterior {
  const p = stored as { grid: number[]; logDensity: number[]; prior: { mean: number; sd: number } };
  const logDensity = Float64Array.from(p.logDensity);
  return {
    grid: Float64Array.from(p.grid), logDensity, prior: p.prior, maxLogDensity: Math.max(...logDensity),
    responses: 0, weights: new Float64Array(p.grid.length),
  };
}

/** A school's pupil list: its Waymark pupils when the frame's id is a Waymark school code, else list positions. */
async function pupilList(schoolId: string, eligible: number): Promise<{ id: string; pupilRef: string | null; position: number | null }[]> {
  const school = await School.findOne({ code: schoolId }, { _id: 1 }).lean();
  if (school) {
    const pupils = await Pupil.find({ schoolId: school._id }, { _id: 1 }).sort({ _id: 1 }).lean();
    if (pupils.length > 0) return pupils.map((p) => ({ id: String(p._id), pupilRef: String(p._id), position: null }));
  }
  return Array.from({ length: eligible }, (_, i) => ({ id: `${schoolId}#${i + 1}`, pupilRef: null, position: i + 1 }));
}
