/**
 * The content under item-bank/: subjects with their published criteria
 * (item-bank/subjects/*.json), modules (item-bank/modules/*.json) and items
 * (item-bank/items/**\/*.json, each file one item or an array of items). Reading and checking
 * are separate from writing so a bad file stops the load before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beginAdaptiveTest, compileModuleBank, moduleEngineConfig } from '../assessment/adaptiveEngine';
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import type { ValidationDetail } from '../schemas/validationDetail';
import type { ItemDocument } from '../scoring/itemDocument';
import type { ModuleDefinition, ModuleSource } from './moduleDefinition';
import { checkSubject, resolveModuleCriteria, subjectCriterionIndex } from './subjectCriteria';
import type { SubjectDefinition } from './subjectDefinition';

export interface ItemBankContent {
  subjects: SubjectDefinition[];
  /** Criteria statements filled in from the subject. */
  modules: ModuleDefinition[];
  items: ItemDocument[];
}

export interface ContentProblem extends ValidationDetail {
  file: string;
}

export class ContentError extends Error {
  constructor(readonly problems: readonly ContentProblem[]) {
    super(`The item bank has ${problems.length} problem(s); nothing was loaded:\n${problems
      .slice(0, 50).map((p) => `  - ${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

function jsonFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.isFile() && entry.name.endsWith('.json') ? [full] : [];
  }).sort();
}

/** Reads and checks every module and item; throws ContentError listing every problem. */
export function readItemBank(root: string): ItemBankContent {
  const problems: ContentProblem[] = [];
  const parse = (file: string): unknown => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({ file: path.relative(root, file), path: '', message: `is not valid JSON (${(error as Error).message})` });
      return undefined;
    }
  };

  const subjects: SubjectDefinition[] = [];
  const subjectFile = new Map<string, string>();
  for (const file of jsonFiles(path.join(root, 'subjects'))) {
    const candidate = parse(file);
    if (candidate === undefined) continue;
    const relative = path.relative(root, file);
    const details = validateAgainstSchema('subject', candidate);
    for (const d of details) problems.push({ file: relative, ...d });
    if (details.length > 0) continue;
    const subject = candidate as SubjectDefinition;
    const key = `${subject.id}@${subject.version}`;
    if (subjectFile.has(key)) {
      problems.push({ file: relative, path: '/id', message: `subject ${subject.id} version ${subject.version} is also in ${subjectFile.get(key)}` });
      continue;
    }
    subjectFile.set(key, relative);
    const subjectProblems = checkSubject(subject);
    for (const d of subjectProblems) problems.push({ file: relative, ...d });
    if (subjectProblems.length === 0) subjects.push(subject);
  }
  const criterionIndex = subjectCriterionIndex(subjects);

  const items: ItemDocument[] = [];
  const itemFile = new Map<string, string>();
  for (const file of jsonFiles(path.join(root, 'items'))) {
    const parsed = parse(file);
    if (parsed === undefined) continue;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const relative = path.relative(root, file);
    list.forEach((candidate, index) => {
      const prefix = Array.isArray(parsed) ? `/${index}` : '';
      const details = validateAgainstSchema('item', candidate);
      for (const d of details) problems.push({ file: relative, path: prefix + d.path, message: d.message });
      if (details.length > 0) return;
      const item = candidate as ItemDocument;
      const key = `${item.id}@${item.version}`;
      if (itemFile.has(key)) {
        problems.push({ file: relative, path: `${prefix}/id`, message: `item ${item.id} version ${item.version} is also in ${itemFile.get(key)}` });
        return;
      }
      itemFile.set(key, relative);
      item.criteria.forEach((code, k) => {
        if (!criterionIndex.has(item.subject, code)) {
          problems.push({ file: relative, path: `${prefix}/criteria/${k}`, message: `"${code}" is not a published criterion of the subject "${item.subject}"` });
        }
      });
      items.push(item);
    });
  }

  const modules: ModuleDefinition[] = [];
  const moduleFile = new Map<string, string>();
  for (const file of jsonFiles(path.join(root, 'modules'))) {
    const candidate = parse(file);
    if (candidate === undefined) continue;
    const relative = path.relative(root, file);
    const details = validateAgainstSchema('module', candidate);
    for (const d of details) problems.push({ file: relative, ...d });
    if (details.length > 0) continue;
    const source = candidate as ModuleSource;
    const key = `${source.id}@${source.version}`;
    if (moduleFile.has(key)) {
      problems.push({ file: relative, path: '/id', message: `module ${source.id} version ${source.version} is also in ${moduleFile.get(key)}` });
      continue;
    }
    moduleFile.set(key, relative);
    const resolved = resolveModuleCriteria(source, subjects);
    problems.push(...resolved.problems.map((d) => ({ file: relative, ...d })));
    if (!resolved.module) continue;
    problems.push(...checkModule(resolved.module, items).map((d) => ({ file: relative, ...d })));
    modules.push(resolved.module);
  }
  if (problems.length > 0) throw new ContentError(problems);
  return { subjects, modules, items };
}

/** What the schema cannot say: items exist and are live, the engine accepts the configuration and parameters, cuts ascend. */
function checkModule(module: ModuleDefinition, items: readonly ItemDocument[]): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const live = new Map<string, ItemDocument>();
  for (const item of items) {
    if (item.status === 'live' && (live.get(item.id)?.version ?? 0) < item.version) live.set(item.id, item);
  }
  module.items.forEach((id, index) => {
    if (!live.has(id)) problems.push({ path: `/items/${index}`, message: `there is no live item "${id}"` });
  });
  const boundaries = module.cutScores.boundaries;
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i].theta > boundaries[i - 1].theta)) {
      problems.push({ path: `/cutScores/boundaries/${i}/theta`, message: 'must be higher than the boundary before it' });
    }
  }
  const configured = moduleEngineConfig(module);
  if (!configured.ok) problems.push(...configured.errors.map((e) => ({ path: `/adaptive${e.path.startsWith('/') ? '' : '/'}${e.path}`, message: e.message })));
  try {
    const bankItems = module.items.flatMap((id) => (live.has(id) ? [live.get(id)!] : []));
    const bank = compileModuleBank(bankItems.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria })));
    // Starting a test is the engine's own check that the blueprint fits this bank and can be met within maxItems.
    if (configured.ok && problems.length === 0) beginAdaptiveTest(bank, configured.config, 1);
  } catch (error) {
    problems.push({ path: '/items', message: (error as Error).message });
  }
  const criterionIds = new Set(module.criteria.map((c) => c.id));
  for (const id of module.items) {
    const item = live.get(id);
    if (item && !item.criteria.some((c) => criterionIds.has(c))) {
      problems.push({ path: '/criteria', message: `item ${id} evidences none of the module's criteria (${item.criteria.join(', ')})` });
    }
  }
  return problems;
}
