/**
 * A qualification as published (item-bank/qualifications/*.json, schema
 * item-bank/schemas/qualification.schema.json) resolved against the modules it names: the
 * pure rules of server/credits need each module's credits, level, grades and pass grade, which
 * the modules themselves carry. Resolution checks everything before anything is stored: unknown
 * modules, values that disagree with the module, uniform marks that do not fit a module's grade
 * scale, and rules that can never be met (server/credits/qualification.ts unmeetableRules).
 * Pure: data in, data out.
 */
import type { CreditRules } from '../credits/ledger';
import { AggregationRule, validateAggregationRule } from '../credits/overallGrade';
import { CreditModule, ResitPolicy, validateResitPolicy } from '../credits/policies';
import { QualificationRules, unmeetableRules } from '../credits/qualification';
import { roundUniformMark, thetaUniformMarkScale, uniformMark } from '../credits/uniformMarks';
import { RuleViolation, assertNoViolations } from '../grading/ruleValidationError';

/** One module entry of a qualification file. */
export interface QualificationModuleSource {
  moduleId: string;
  credits?: number;
  level?: number;
  passGrade?: string;
  uniformMax: number;
}

/** A qualification file, as validated by qualification.schema.json. */
export interface QualificationSource {
  id: string;
  version: number;
  title: string;
  description?: string;
  subject: string;
  modules: QualificationModuleSource[];
  mandatory: string[];
  optionalGroups: { id: string; title?: string; modules: string[]; min: number; max?: number }[];
  minTotalCredits?: number;
  minCreditsAtLevel?: { level: number; credits: number }[];
  barred?: { modules: string[]; reason?: string }[];
  policy: ResitPolicy;
  uniformMarks: { boundaryFractions: number[] };
  aggregation: { kind: 'uniform-mark-total'; belowLowest: string; boundaries: { grade: string; minimum: number }[] };
}

/** What the qualification needs to know of a module (its current published version). */
export interface ModuleFacts {
  moduleId: string;
  title: string;
  /** Lowest first: the grade below the lowest cut, then one per cut. */
  grades: string[];
  /** θ cuts, ascending, one per grade boundary. */
  cuts: number[];
  credit?: { value: number; level: number };
  passGrade?: string;
}

export interface PublishedModule extends CreditModule {
  title: string;
  uniformMax: number;
}

export interface PublishedQualification {
  qualificationId: string;
  version: number;
  title: string;
  description: string | null;
  subject: string;
  modules: PublishedModule[];
  rules: QualificationRules;
  creditRules: CreditRules;
  aggregation: AggregationRule;
  boundaryFractions: number[];
  source: QualificationSource;
}

function agreed<T>(
  fromFile: T | undefined,
  fromModule: T | undefined,
  path: string,
  what: string,
  v: RuleViolation[],
): T | undefined {
  if (fromFile !== undefined && fromModule !== undefined && fromFile !== fromModule) {
    v.push({ path, message: `says ${String(fromFile)} but the module's ${what} is ${String(fromModule)}` });
  }
  const value = fromModule ?? fromFile;
  if (value === undefined) v.push({ path, message: `the module does not carry its ${what}, so the qualification must give it` });
  return value;
}

/**
 * Resolve a qualification against the current versions of its modules. Throws a
 * RuleValidationError listing every problem (each with the path in the qualification file).
 */
export function resolveQualification(source: QualificationSource, modules: ReadonlyMap<string, ModuleFacts>): PublishedQualification {
  const v: RuleViolation[] = [];
  const resolved: PublishedModule[] = [];
  source.modules.forEach((entry, i) => {
    const facts = modules.get(entry.moduleId);
    if (!facts) {
      v.push({ path: `/modules/${i}/moduleId`, message: `module ${entry.moduleId} is not published` });
      return;
    }
    const credits = agreed(entry.credits, facts.credit?.value, `/modules/${i}/credits`, 'credit value', v);
    const level = agreed(entry.level, facts.credit?.level, `/modules/${i}/level`, 'credit level', v);
    const passGrade = agreed(entry.passGrade, facts.passGrade, `/modules/${i}/passGrade`, 'pass grade', v);
    if (passGrade !== undefined && !facts.grades.includes(passGrade)) {
      v.push({ path: `/modules/${i}/passGrade`, message: `"${passGrade}" is not a grade of module ${entry.moduleId}` });
    }
    if (facts.cuts.length !== source.uniformMarks.boundaryFractions.length) {
      v.push({
        path: '/uniformMarks/boundaryFractions',
        message: `gives ${source.uniformMarks.boundaryFractions.length} boundaries but module ${entry.moduleId} has ${facts.cuts.length} grade boundaries`,
      });
    }
    if (credits !== undefined && level !== undefined && passGrade !== undefined) {
      resolved.push({ moduleId: entry.moduleId, title: facts.title, credits, level, passGrade, grades: facts.grades, uniformMax: entry.uniformMax });
    }
  });
  source.uniformMarks.boundaryFractions.forEach((f, i, all) => {
    if (i > 0 && !(f > all[i - 1])) v.push({ path: `/uniformMarks/boundaryFractions/${i}`, message: 'must be larger than the one before' });
  });
  const policy: ResitPolicy = { ...source.policy };
  v.push(...validateResitPolicy(policy, '/policy'));
  const aggregation: AggregationRule = { kind: 'uniform-mark-total', belowLowest: source.aggregation.belowLowest, boundaries: source.aggregation.boundaries };
  v.push(...validateAggregationRule(aggregation));
  assertNoViolations(`Qualification ${source.id} version ${source.version} is not valid`, v);

  const rules: QualificationRules = {
    qualificationId: source.id,
    title: source.title,
    modules: resolved.map((m) => ({ moduleId: m.moduleId, credits: m.credits, level: m.level })),
    mandatory: source.mandatory,
    optionalGroups: source.optionalGroups,
    ...(source.minTotalCredits !== undefined ? { minTotalCredits: source.minTotalCredits } : {}),
    ...(source.minCreditsAtLevel ? { minCreditsAtLevel: source.minCreditsAtLevel } : {}),
    ...(source.barred ? { barred: source.barred } : {}),
  };
  assertNoViolations(`Qualification ${source.id} version ${source.version} can never be met as published`, unmeetableRules(rules));
  return {
    qualificationId: source.id,
    version: source.version,
    title: source.title,
    description: source.description ?? null,
    subject: source.subject,
    modules: resolved,
    rules,
    creditRules: { modules: resolved.map(({ moduleId, credits, level, grades, passGrade }) => ({ moduleId, credits, level, grades, passGrade })), policy },
    aggregation,
    boundaryFractions: source.uniformMarks.boundaryFractions,
    source,
  };
}

/**
 * A module result's uniform mark in this qualification: piecewise-linear through the module's
 * θ cuts (server/credits/uniformMarks.ts thetaUniformMarkScale), each boundary worth its
 * published fraction of the module's maximum, rounded half up.
 */
export function resultUniformMark(qualification: PublishedQualification, moduleId: string, theta: number, cuts: readonly number[]): number {
  const module = qualification.modules.find((m) => m.moduleId === moduleId);
  if (!module) {
    assertNoViolations('Unknown module', [{ path: '/moduleId', message: `module ${moduleId} does not count toward ${qualification.qualificationId}` }]);
  }
  const { uniformMax } = module as PublishedModule;
  const scale = thetaUniformMarkScale(cuts, qualification.boundaryFractions.map((f) => f * uniformMax), uniformMax);
  return roundUniformMark(uniformMark(theta, scale));
}
