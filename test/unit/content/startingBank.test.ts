/**
 * The published mathematics criteria and the starting bank built on them: the criteria cover
 * every strand and grade, every module names published criteria with their grades, has at least
 * 80 live items across the grades and interaction types, carries provisional parameters from the
 * documented grade mapping, and has a blueprint the engine can always meet; the committed files
 * are exactly what scripts/generate-item-bank.ts writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beginAdaptiveTest, compileModuleBank, moduleEngineConfig, takeAnswer } from '../../../server/assessment/adaptiveEngine';
import { readItemBank } from '../../../server/content/itemBankContent';
import type { SubjectDefinition } from '../../../server/content/subjectDefinition';
import { seededRandom } from '../../../server/irt/random';
import { simulatedResponse, simulateAdaptiveTests } from '../../../server/irt/simulation';
import { validateAgainstSchema } from '../../../server/schemas/schemaRegistry';
import { generate } from '../../../scripts/generate-item-bank';

const bankRoot = path.resolve(__dirname, '..', '..', '..', 'item-bank');
const content = readItemBank(bankRoot);
const subject = content.subjects.find((s) => s.id === 'mathematics')!;
const gradeOf = new Map(subject.criteria.map((c) => [c.id, Number(c.grade)]));
const strandOf = new Map(subject.criteria.map((c) => [c.id, c.strand]));
const liveItems = new Map(content.items.filter((item) => item.status === 'live').map((item) => [item.id, item]));

describe('the published mathematics criteria', () => {
  test('validate, on the GCSE (9–1) scale, in the six strands', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(bankRoot, 'subjects', 'mathematics.json'), 'utf8')) as SubjectDefinition;
    expect(validateAgainstSchema('subject', raw)).toEqual([]);
    expect(subject.gradeScale.grades).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(subject.strands.map((s) => s.id)).toEqual(['number', 'algebra', 'ratio', 'geometry', 'probability', 'statistics']);
  });

  test('have at least 3 "You can …" statements per strand per grade (2 for probability and statistics at grade 1)', () => {
    for (const strand of subject.strands) {
      for (const grade of subject.gradeScale.grades) {
        const statements = subject.criteria.filter((c) => c.strand === strand.id && c.grade === grade);
        const fewest = ['probability', 'statistics'].includes(strand.id) && grade === '1' ? 2 : 3;
        expect({ strand: strand.id, grade, enough: statements.length >= fewest }).toEqual({ strand: strand.id, grade, enough: true });
        statements.forEach((c, k) => expect(c.id).toBe(`MA.${strand.code}.${grade}.${k + 1}`));
      }
    }
    expect(new Set(subject.criteria.map((c) => c.statement)).size).toBe(subject.criteria.length);
  });
});

describe('the starting bank', () => {
  test('has at least 6 modules besides fdp-1, each with at least 80 live items', () => {
    expect(content.modules.filter((m) => m.id !== 'fdp-1').length).toBeGreaterThanOrEqual(6);
    for (const module of content.modules) {
      expect({ module: module.id, live: module.items.filter((id) => liveItems.has(id)).length >= 80 }).toEqual({ module: module.id, live: true });
    }
  });

  test("every module's criteria are published, with the subject's grade and statement, and cover its items", () => {
    for (const module of content.modules) {
      for (const criterion of module.criteria) {
        const published = subject.criteria.find((c) => c.id === criterion.id);
        expect(published).toBeDefined();
        expect(criterion).toEqual({ id: published!.id, grade: published!.grade, statement: published!.statement });
      }
      const covered = new Set(module.criteria.map((c) => c.id));
      for (const id of module.items) expect(liveItems.get(id)!.criteria.every((c) => covered.has(c))).toBe(true);
    }
  });

  test('spans grades 1–9 in each of the six strands, and every interaction type', () => {
    const seen = new Set([...liveItems.values()].flatMap((item) => item.criteria.map((c) => `${strandOf.get(c)}:${gradeOf.get(c)}`)));
    for (const strand of subject.strands) {
      for (const grade of subject.gradeScale.grades) expect(seen).toContain(`${strand.id}:${grade}`);
    }
    const types = new Set([...liveItems.values()].flatMap((item) => (item.interaction.type === 'multi-part'
      ? ['multi-part', ...item.interaction.parts.map((p) => p.interaction.type)] : [item.interaction.type])));
    expect([...types].sort()).toEqual(['choice', 'expression', 'multi-part', 'multiple-response', 'numeric', 'ordering', 'quantity', 'text']);
    for (const module of content.modules.filter((m) => m.id !== 'fdp-1')) {
      expect(new Set(module.criteria.map((c) => c.grade)).size).toBe(9);
    }
  });

  test('every parameter set is provisional; generated items follow b = (grade − 5) × 0.55 ± 0.4 and 0.8 ≤ a ≤ 1.6', () => {
    for (const item of liveItems.values()) {
      const p = item.parameters;
      expect(p.source.kind).toBe('provisional');
      expect(p.a!).toBeGreaterThanOrEqual(0.8);
      expect(p.a!).toBeLessThanOrEqual(1.6);
      if (item.author !== 'Waymark starter bank (generated)') continue;
      const grade = Math.max(...item.criteria.map((c) => gradeOf.get(c)!));
      // Family adjustment ≤ 0.3 plus seeded jitter ≤ 0.1 (scripts/generate-item-bank.ts); GRM: the mean threshold.
      const b = p.model === 'GRM' ? p.thresholds!.reduce((s, t) => s + t, 0) / p.thresholds!.length : p.b!;
      expect(Math.abs(b - (grade - 5) * 0.55)).toBeLessThanOrEqual(0.41);
    }
  });

  test("each module's blueprint holds in sittings by pupils across the range", () => {
    for (const module of content.modules) {
      const items = module.items.map((id) => liveItems.get(id)!);
      const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria })));
      const configured = moduleEngineConfig(module);
      if (!configured.ok) throw new Error(JSON.stringify(configured.errors));
      const config = configured.config;
      const blueprint = (module.adaptive as { blueprint: { constraints: { value: string; max: number }[] } }).blueprint;
      const scratch = new Float64Array(8);
      [-2.5, 0, 2.5].forEach((theta, k) => {
        const random = seededRandom(100 + k);
        const run = beginAdaptiveTest(bank, config, 7 + k);
        const taken: string[] = [];
        while (!run.report.stop) {
          const item = run.report.nextItem!;
          taken.push(items[item].criteria[0]);
          takeAnswer(bank, config, run, item, simulatedResponse(bank, item, theta, random, scratch));
        }
        expect(taken.length).toBeLessThanOrEqual((config.stop as { maxItems: number }).maxItems);
        for (const constraint of blueprint.constraints) {
          expect(taken.filter((c) => c === constraint.value).length).toBeLessThanOrEqual(constraint.max);
        }
      });
    }
  });

  test('simulated sittings estimate θ about as well as the stopping rule promises', () => {
    for (const module of content.modules) {
      const items = module.items.map((id) => liveItems.get(id)!);
      const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria })));
      const configured = moduleEngineConfig(module);
      if (!configured.ok) throw new Error(JSON.stringify(configured.errors));
      const result = simulateAdaptiveTests(bank, configured.config, { seed: 11, examinees: { n: 300 } });
      // Stop at SE ≤ 0.4 or maxItems: over N(0, 1) pupils the RMSE should be near 0.4; 0.5 allows the
      // tails, where the bank is thinner and tests end at maxItems with a larger SE (300 pupils: the
      // RMSE's own sampling error is about 0.02).
      expect({ module: module.id, rmseOk: result.rmse < 0.5, bias: Math.abs(result.bias) < 0.1 }).toEqual({ module: module.id, rmseOk: true, bias: true });
    }
  });

  test('the committed files are exactly what scripts/generate-item-bank.ts writes', () => {
    const { modules, files } = generate();
    for (const [relative, items] of files) {
      expect(JSON.parse(fs.readFileSync(path.join(bankRoot, relative), 'utf8'))).toEqual(items);
    }
    for (const module of modules) {
      expect(JSON.parse(fs.readFileSync(path.join(bankRoot, 'modules', `${module.id as string}.json`), 'utf8'))).toEqual(module);
    }
  });
});
