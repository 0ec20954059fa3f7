/**
 * The national sampling demo (`npm run seed:sampling-demo`): a synthetic frame, a past cycle
 * with published results (for the trend) and an open cycle whose window is running, with most
 * sampled pupils' sittings simulated and the demo school (DEMO01) sampled with certainty so its
 * pupils can sit for real.
 *
 * Simulated sittings are finished sittings whose posteriors come from answers drawn from the
 * items' own IRT models at a known ability (server/irt/simulation's simulatedResponse), through
 * the same engine door a real sitting uses; they carry no response documents.
 */
import { compileModuleBank, beginAdaptiveTest, takeAnswer, type AdaptiveTestConfig } from '../assessment/adaptiveEngine';
import { ItemVersion, SamplingCycle, SamplingParticipant, SamplingSitting } from '../db/models';
import type { SamplingCycleRecord } from '../db/models/samplingCycle';
import { normalDeviate, seededRandom } from '../irt/random';
import { simulatedResponse } from '../irt/simulation';
import type { ItemDocument } from '../scoring/itemDocument';
import { SamplingCycles, type FormsDesign } from './samplingCycles';

export interface DemoFrameOptions {
  schoolsPerStratum: number;
  strata: string[];
  /** Extra CSV lines (e.g. the demo school). */
  extraLines?: string[];
  seed: number;
}

/** A synthetic frame: enrolments 20–180, a rural/urban implicit variable, a few exclusions. */
export function demoFrameCsv(options: DemoFrameOptions): string {
  const random = seededRandom(options.seed);
  const lines = ['school_id,stratum,pupils,excluded_pupils,exclusion_reason,urbanicity'];
  options.strata.forEach((stratum, s) => {
    for (let i = 1; i <= options.schoolsPerStratum; i++) {
      const pupils = 20 + Math.floor(random() * 160);
      const excluded = random() < 0.3 ? 1 + Math.floor(random() * 3) : 0;
      const reason = random() < 0.02 ? 'special school' : '';
      lines.push(`${stratum.slice(0, 2).toUpperCase()}${s}${String(i).padStart(3, '0')},${stratum},${pupils},${excluded},${reason},${random() < 0.45 ? 'rural' : 'urban'}`);
    }
  });
  lines.push(...(options.extraLines ?? []));
  return lines.join('\n') + '\n';
}

export interface SimulationOptions {
  /** Share of sampled pupils (outside `skipSchools`) who sit. */
  share: number;
  /** Mean ability per stratum (θ), SD 1. */
  stratumMeans: Record<string, number>;
  seed: number;
  /** Schools whose pupils are left to sit for real. */
  skipSchools?: string[];
}

/** Writes finished sittings for sampled pupils of an open cycle; returns how many. */
export async function simulateSittings(cycleId: string, options: SimulationOptions): Promise<number> {
  const cycle = await SamplingCycle.findById(cycleId, { forms: 1 }).lean<SamplingCycleRecord>();
  const forms = cycle!.forms as FormsDesign;
  const rows = await ItemVersion.find({ $or: forms.frozen.map((f) => ({ itemId: f.itemId, version: f.version })) }).lean();
  const documents = new Map(rows.map((row) => [row.itemId, row.document as ItemDocument]));
  const participants = await SamplingParticipant.find({ cycleId }, { stratum: 1, formId: 1, schoolId: 1 }).lean();
  const sat = new Set((await SamplingSitting.find({ cycleId }, { _id: 1 }).lean()).map((row) => row._id));
  const random = seededRandom(options.seed);
  const scratch = new Float64Array(16);
  const sittings = [];
  for (const p of participants) {
    if (sat.has(p._id) || options.skipSchools?.includes(p.schoolId ?? '') || random() >= options.share) continue;
    const form = forms.forms.find((f) => f.formId === p.formId);
    const itemIds = form ? form.blockIds.flatMap((id) => forms.blocks.find((b) => b.blockId === id)!.itemIds) : forms.frozen.map((f) => f.itemId);
    const pool = forms.frozen.filter((f) => itemIds.includes(f.itemId));
    const items = pool.map((f) => documents.get(f.itemId)!);
    const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria ?? [] })));
    const length = Math.min(items.length, 12);
    const config: AdaptiveTestConfig = { selection: { method: 'MFI' }, stop: { minItems: length, maxItems: length } };
    const theta = (options.stratumMeans[p.stratum] ?? 0) + normalDeviate(random);
    const seed = Math.floor(random() * 2 ** 31);
    const run = beginAdaptiveTest(bank, config, seed);
    while (!run.report.stop && run.report.nextItem !== null) {
      takeAnswer(bank, config, run, run.report.nextItem, simulatedResponse(bank, run.report.nextItem, theta, random, scratch));
    }
    const { posterior } = run.state;
    sittings.push({
      _id: p._id, cycleId, stratum: p.stratum, pool, delivery: form ? 'form' : 'adaptive', seed, status: 'finished',
      startedAt: new Date(), finishedAt: new Date(), answered: run.report.answered,
      posterior: { grid: Array.from(posterior.grid), logDensity: Array.from(posterior.logDensity), prior: { ...posterior.prior } },
    });
  }
  if (sittings.length > 0) await SamplingSitting.insertMany(sittings);
  return sittings.length;
}

export interface DemoResult {
  pastCycleId: string;
  openCycleId: string;
  simulatedPast: number;
  simulatedOpen: number;
}

/**
 * The whole demo: a past cycle (drawn, sat, closed: results published) and an open one (trend
 * blocks carried, most pupils simulated, the demo school's pupils left to sit for real).
 */
export async function seedSamplingDemo(cycles: SamplingCycles, actorId: string, options: { moduleId?: string; schoolsPerStratum?: number; schools?: number; pupilsPerSchool?: number; now?: Date; progress?: (step: string) => void } = {}): Promise<DemoResult> {
  const step = options.progress ?? (() => undefined);
  const moduleId = options.moduleId ?? 'fdp-1';
  const now = options.now ?? new Date();
  const strata = ['North', 'Midlands', 'South', 'London'];
  const schoolsPerStratum = options.schoolsPerStratum ?? 30;
  const frame = demoFrameCsv({ schoolsPerStratum, strata, seed: 2025 });
  const design = { moduleId, schools: options.schools ?? 24, pupilsPerSchool: options.pupilsPerSchool ?? 20 };

  const past = await cycles.create(actorId, { name: 'National sample 2025', ...design, seed: 2025 });
  const pastId = String(past._id);
  step('2025: frame, forms, draw, publish');
  await cycles.importFrame(pastId, { csv: frame, implicitSortVariables: ['urbanicity'], reportingVariables: ['urbanicity'] });
  await cycles.assembleForms(pastId, { mode: 'forms', newBlocks: 8, blocksPerForm: 3 });
  await cycles.draw(pastId);
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  await cycles.publish(pastId, { opensAt: yearAgo.toISOString(), closesAt: new Date(now.getTime() + 60_000).toISOString() });
  step('2025: simulating sittings');
  const simulatedPast = await simulateSittings(pastId, { share: 0.93, stratumMeans: { North: -0.2, Midlands: -0.1, South: 0.1, London: 0.15 }, seed: 2025 });
  step(`2025: closing (${simulatedPast} sittings): weights, replicates, plausible values, estimates`);
  await cycles.close(pastId);

  const current = await cycles.create(actorId, { name: 'National sample 2026', ...design, seed: 2026 });
  const currentId = String(current._id);
  step('2026: frame, forms with trend blocks, draw, publish');
  const withDemoSchool = frame + 'DEMO01,North,400,0,,urban\n';
  await cycles.importFrame(currentId, { csv: withDemoSchool, implicitSortVariables: ['urbanicity'], reportingVariables: ['urbanicity'] });
  await cycles.assembleForms(currentId, { mode: 'forms', newBlocks: 6, blocksPerForm: 3, trendBlocks: 2 });
  await cycles.draw(currentId);
  await cycles.publish(currentId, { opensAt: now.toISOString(), closesAt: new Date(now.getTime() + 14 * 86_400_000).toISOString() });
  step('2026: simulating sittings');
  const simulatedOpen = await simulateSittings(currentId, {
    share: 0.8, stratumMeans: { North: -0.05, Midlands: 0, South: 0.2, London: 0.3 }, seed: 2026, skipSchools: ['DEMO01'],
  });
  return { pastCycleId: pastId, openCycleId: currentId, simulatedPast, simulatedOpen };
}
