/**
 * Rules of combination of a qualification, and the check of a pupil's banked modules against
 * them: mandatory modules, optional groups with a minimum and maximum, a minimum total of
 * credits, minimum credits at or above a level, and barred combinations (at most one module of
 * each barred set counts).
 *
 * Group maxima and barred sets mean a pupil may hold more than can count, so the check chooses
 * which held modules count. It searches the selections that are maximal (no further held module
 * could be added without breaking a maximum or a bar) and takes, in order: one that meets every
 * rule, with the largest preference total (e.g. uniform marks, so the award counts the best
 * results; ties keep the first found in a fixed order); failing that, the one with fewest shortfalls, then smallest credit shortfall, then
 * smallest module shortfall. Its shortfalls are exactly what is still missing.
 */
import { RuleValidationError, RuleViolation, assertNoViolations } from '../grading/ruleValidationError';

export interface QualificationModule {
  moduleId: string;
  credits: number;
  level: number;
}

export interface OptionalGroup {
  id: string;
  title?: string;
  modules: readonly string[];
  /** At least this many modules of the group must count. */
  min: number;
  /** At most this many count (more may be held). Absent: no maximum. */
  max?: number;
}

export interface BarredCombination {
  /** At most one of these modules counts toward the qualification. */
  modules: readonly string[];
  reason?: string;
}

export interface QualificationRules {
  qualificationId: string;
  title?: string;
  /** Every module that can count toward the qualification. */
  modules: readonly QualificationModule[];
  mandatory: readonly string[];
  optionalGroups: readonly OptionalGroup[];
  minTotalCredits?: number;
  /** e.g. { level: 3, credits: 40 }: at least 40 credits from modules at level 3 or above. */
  minCreditsAtLevel?: readonly { level: number; credits: number }[];
  barred?: readonly BarredCombination[];
}

export type Shortfall =
  | { code: 'MANDATORY_MODULE'; moduleId: string; message: string }
  | { code: 'GROUP_MINIMUM'; groupId: string; need: number; have: number; candidates: string[]; message: string }
  | { code: 'TOTAL_CREDITS'; need: number; have: number; message: string }
  | { code: 'LEVEL_CREDITS'; level: number; need: number; have: number; message: string };

export type NotCountedReason = 'not-in-qualification' | 'group-maximum' | 'barred-combination';

export interface QualificationCheck {
  met: boolean;
  /** The held modules that count, in catalogue order. */
  counted: string[];
  notCounted: { moduleId: string; reason: NotCountedReason; message: string }[];
  totalCredits: number;
  shortfalls: Shortfall[];
}

/** Beyond this many search nodes the rules are too combinatorial to check exactly: a clear error. */
const SEARCH_LIMIT = 2_000_000;

export function validateQualificationShape(rules: QualificationRules): RuleViolation[] {
  const v: RuleViolation[] = [];
  const known = new Set<string>();
  rules.modules.forEach((m, i) => {
    if (!m.moduleId) v.push({ path: `/modules/${i}/moduleId`, message: 'is required' });
    if (known.has(m.moduleId)) v.push({ path: `/modules/${i}/moduleId`, message: `module ${m.moduleId} is listed twice` });
    known.add(m.moduleId);
    if (!(Number.isFinite(m.credits) && m.credits >= 0)) v.push({ path: `/modules/${i}/credits`, message: 'must be 0 or more' });
    if (!Number.isFinite(m.level)) v.push({ path: `/modules/${i}/level`, message: 'must be a number' });
  });
  const unknown = (id: string, path: string) => {
    if (!known.has(id)) v.push({ path, message: `module ${id} is not one of the qualification's modules` });
  };
  const placed = new Map<string, string>();
  rules.mandatory.forEach((id, i) => {
    unknown(id, `/mandatory/${i}`);
    if (placed.has(id)) v.push({ path: `/mandatory/${i}`, message: `module ${id} is listed twice` });
    placed.set(id, 'the mandatory modules');
  });
  rules.optionalGroups.forEach((g, gi) => {
    const path = `/optionalGroups/${gi}`;
    g.modules.forEach((id, i) => {
      unknown(id, `${path}/modules/${i}`);
      const where = placed.get(id);
      if (where) v.push({ path: `${path}/modules/${i}`, message: `module ${id} is already in ${where}; a module belongs to one place only` });
      placed.set(id, `group ${g.id}`);
    });
    if (!(Number.isInteger(g.min) && g.min >= 0)) v.push({ path: `${path}/min`, message: 'must be a whole number, 0 or more' });
    else if (g.min > g.modules.length) {
      v.push({ path: `${path}/min`, message: `can never be met: the group has only ${g.modules.length} modules but needs ${g.min}` });
    }
    if (g.max !== undefined) {
      if (!(Number.isInteger(g.max) && g.max >= 1)) v.push({ path: `${path}/max`, message: 'must be a whole number, 1 or more' });
      else if (g.max < g.min) v.push({ path: `${path}/max`, message: `can never be met: the maximum ${g.max} is below the minimum ${g.min}` });
    }
  });
  (rules.barred ?? []).forEach((b, bi) => {
    b.modules.forEach((id, i) => unknown(id, `/barred/${bi}/modules/${i}`));
    if (new Set(b.modules).size < 2) v.push({ path: `/barred/${bi}/modules`, message: 'a barred combination needs at least two different modules' });
    const mandatory = b.modules.filter((id) => rules.mandatory.includes(id));
    if (mandatory.length > 1) {
      v.push({ path: `/barred/${bi}`, message: `can never be met: mandatory modules ${mandatory.join(' and ')} are barred from counting together` });
    }
  });
  if (rules.minTotalCredits !== undefined && !(Number.isFinite(rules.minTotalCredits) && rules.minTotalCredits >= 0)) {
    v.push({ path: '/minTotalCredits', message: 'must be 0 or more' });
  }
  (rules.minCreditsAtLevel ?? []).forEach((r, i) => {
    if (!Number.isFinite(r.level)) v.push({ path: `/minCreditsAtLevel/${i}/level`, message: 'must be a number' });
    if (!(Number.isFinite(r.credits) && r.credits >= 0)) v.push({ path: `/minCreditsAtLevel/${i}/credits`, message: 'must be 0 or more' });
  });
  return v;
}

interface Evaluation {
  shortfalls: Shortfall[];
  totalCredits: number;
  creditDeficit: number;
  moduleDeficit: number;
}

function evaluate(rules: QualificationRules, selected: ReadonlySet<string>, held: ReadonlySet<string>): Evaluation {
  const shortfalls: Shortfall[] = [];
  let creditDeficit = 0;
  let moduleDeficit = 0;
  for (const id of rules.mandatory) {
    if (!selected.has(id)) {
      shortfalls.push({ code: 'MANDATORY_MODULE', moduleId: id, message: `Mandatory module ${id} is not yet passed` });
      moduleDeficit += 1;
    }
  }
  for (const g of rules.optionalGroups) {
    const have = g.modules.filter((id) => selected.has(id)).length;
    if (have < g.min) {
      const candidates = g.modules.filter((id) => !held.has(id));
      shortfalls.push({
        code: 'GROUP_MINIMUM', groupId: g.id, need: g.min - have, have, candidates,
        message: `${g.min - have} more module${g.min - have === 1 ? '' : 's'} needed from ${g.title ?? `group ${g.id}`} (${have} of ${g.min}); choose from ${candidates.join(', ') || 'none left'}`,
      });
      moduleDeficit += g.min - have;
    }
  }
  const counted = rules.modules.filter((m) => selected.has(m.moduleId));
  const totalCredits = counted.reduce((s, m) => s + m.credits, 0);
  if (rules.minTotalCredits !== undefined && totalCredits < rules.minTotalCredits) {
    const need = rules.minTotalCredits - totalCredits;
    shortfalls.push({ code: 'TOTAL_CREDITS', need, have: totalCredits, message: `${need} more credits needed (${totalCredits} of ${rules.minTotalCredits})` });
    creditDeficit += need;
  }
  for (const r of rules.minCreditsAtLevel ?? []) {
    const have = counted.filter((m) => m.level >= r.level).reduce((s, m) => s + m.credits, 0);
    if (have < r.credits) {
      const need = r.credits - have;
      shortfalls.push({
        code: 'LEVEL_CREDITS', level: r.level, need, have,
        message: `${need} more credits needed at level ${r.level} or above (${have} of ${r.credits})`,
      });
      creditDeficit += need;
    }
  }
  return { shortfalls, totalCredits, creditDeficit, moduleDeficit };
}

/** Lexicographic order on (number of shortfalls, credit shortfall, module shortfall): < 0 when a is better. */
function compareDeficits(a: Evaluation, b: Evaluation): number {
  return a.shortfalls.length - b.shortfalls.length || a.creditDeficit - b.creditDeficit || a.moduleDeficit - b.moduleDeficit;
}

function better(a: Evaluation & { preference: number }, b: (Evaluation & { preference: number }) | null): boolean {
  if (b === null) return true;
  const byDeficit = compareDeficits(a, b);
  return byDeficit !== 0 ? byDeficit < 0 : a.preference > b.preference;
}

/**
 * Check held modules (those with banked credits) against the rules. `preference` scores a
 * held module (e.g. its uniform mark) to choose which count when a maximum or a bar forces a
 * choice; default: its credits.
 */
export function checkQualification(
  rules: QualificationRules,
  heldModules: readonly string[],
  preference?: (moduleId: string) => number,
  options: { stopAtFirstMet?: boolean } = {},
): QualificationCheck {
  assertNoViolations('The qualification rules are not valid', validateQualificationShape(rules));
  const catalogue = new Map(rules.modules.map((m) => [m.moduleId, m]));
  const score = preference ?? ((id: string) => catalogue.get(id)?.credits ?? 0);
  const held = new Set(heldModules);
  const candidates = rules.modules.map((m) => m.moduleId).filter((id) => held.has(id));
  const groupOf = new Map<string, OptionalGroup>();
  for (const g of rules.optionalGroups) for (const id of g.modules) groupOf.set(id, g);
  const barred = rules.barred ?? [];
  const mandatory = new Set(rules.mandatory);

  // Modules whose counting is a choice: in a group with a maximum, or in a barred set.
  const choice = (id: string) => (groupOf.get(id)?.max !== undefined) || barred.some((b) => b.modules.includes(id));
  const fixed = candidates.filter((id) => !choice(id));
  // Mandatory modules go first so that, when barred with an optional one, they win; then the
  // most preferred, so the first selections found are good ones and the bound below bites early.
  const branching = candidates
    .filter(choice)
    .sort((x, y) => Number(mandatory.has(y)) - Number(mandatory.has(x)) || score(y) - score(x));

  const selected = new Set(fixed);
  const groupCount = new Map<string, number>();
  for (const id of fixed) {
    const g = groupOf.get(id);
    if (g) groupCount.set(g.id, (groupCount.get(g.id) ?? 0) + 1);
  }
  const canAdd = (id: string) => {
    const g = groupOf.get(id);
    if (g?.max !== undefined && (groupCount.get(g.id) ?? 0) >= g.max) return false;
    return !barred.some((b) => b.modules.includes(id) && b.modules.some((other) => other !== id && selected.has(other)));
  };

  let best: (Evaluation & { preference: number; selection: Set<string> }) | null = null;
  let nodes = 0;
  let preferenceSoFar = [...selected].reduce((sum, id) => sum + score(id), 0);
  /**
   * Branch and bound. Every rule's shortfall can only shrink as modules are added, so
   * deficitFloor (below) bounds from below the shortfalls of any selection in the subtree, and
   * the preference total can grow at most by the best remaining scores each group still has
   * room for (bars ignored in both). A subtree that cannot beat the best so far is skipped.
   */
  const optimistic = (k: number): number => {
    let bound = preferenceSoFar;
    const room = new Map<string, number>();
    for (let j = k; j < branching.length; j += 1) {
      const id = branching[j];
      const value = score(id);
      if (value <= 0) continue;
      const g = groupOf.get(id);
      if (g?.max !== undefined) {
        const left = room.get(g.id) ?? g.max - (groupCount.get(g.id) ?? 0);
        if (left <= 0) continue;
        room.set(g.id, left - 1);
      }
      bound += value; // branching is sorted by score within the same mandatory class, so these are the best left
    }
    return bound;
  };
  /** Sum of the `room` largest values (all of them when room is Infinity). */
  const topSum = (values: number[], room: number) =>
    values.sort((x, y) => y - x).slice(0, Math.max(0, room)).reduce((sum, x) => sum + x, 0);
  /**
   * The smallest shortfalls any selection below this node can have: each group may still take
   * its room's worth of remaining modules (the most credits first), bars are ignored.
   */
  const deficitFloor = (k: number): Evaluation => {
    const remaining = branching.slice(k);
    const roomOf = (g: OptionalGroup | undefined) =>
      g?.max === undefined ? Number.POSITIVE_INFINITY : g.max - (groupCount.get(g.id) ?? 0);
    const reachable = (eligible: (m: QualificationModule) => boolean) => {
      let credits = 0;
      for (const id of selected) {
        const m = catalogue.get(id) as QualificationModule;
        if (eligible(m)) credits += m.credits;
      }
      const byGroup = new Map<string, number[]>();
      for (const id of remaining) {
        const m = catalogue.get(id) as QualificationModule;
        if (!eligible(m)) continue;
        const key = groupOf.get(id)?.id ?? `#${id}`;
        byGroup.set(key, [...(byGroup.get(key) ?? []), m.credits]);
      }
      for (const [key, values] of byGroup) {
        credits += topSum(values, key.startsWith('#') ? Number.POSITIVE_INFINITY : roomOf(rules.optionalGroups.find((g) => g.id === key)));
      }
      return credits;
    };
    const shortfalls: Shortfall[] = [];
    let creditDeficit = 0;
    let moduleDeficit = 0;
    for (const id of rules.mandatory) {
      if (!selected.has(id) && !remaining.includes(id)) {
        shortfalls.push({ code: 'MANDATORY_MODULE', moduleId: id, message: '' });
        moduleDeficit += 1;
      }
    }
    for (const g of rules.optionalGroups) {
      const have = g.modules.filter((id) => selected.has(id)).length;
      const more = Math.min(roomOf(g), g.modules.filter((id) => remaining.includes(id)).length);
      if (have + more < g.min) {
        shortfalls.push({ code: 'GROUP_MINIMUM', groupId: g.id, need: 0, have: 0, candidates: [], message: '' });
        moduleDeficit += g.min - have - more;
      }
    }
    const total = reachable(() => true);
    if (rules.minTotalCredits !== undefined && total < rules.minTotalCredits) {
      shortfalls.push({ code: 'TOTAL_CREDITS', need: 0, have: 0, message: '' });
      creditDeficit += rules.minTotalCredits - total;
    }
    for (const r of rules.minCreditsAtLevel ?? []) {
      const at = reachable((m) => m.level >= r.level);
      if (at < r.credits) {
        shortfalls.push({ code: 'LEVEL_CREDITS', level: r.level, need: 0, have: 0, message: '' });
        creditDeficit += r.credits - at;
      }
    }
    return { shortfalls, totalCredits: total, creditDeficit, moduleDeficit };
  };
  const search = (k: number): boolean => {
    nodes += 1;
    if (nodes > SEARCH_LIMIT) {
      throw new RuleValidationError('The qualification rules allow too many combinations to check exactly', [
        { path: '/optionalGroups', message: `more than ${SEARCH_LIMIT} combinations of optional and barred modules; split the groups` },
      ]);
    }
    if (best !== null) {
      const floor = compareDeficits(deficitFloor(k), best);
      if (floor > 0 || (floor === 0 && optimistic(k) <= best.preference)) return false;
    }
    if (k === branching.length) {
      if (branching.some((id) => !selected.has(id) && canAdd(id))) return false; // not maximal
      const evaluation = { ...evaluate(rules, selected, held), preference: preferenceSoFar };
      if (better(evaluation, best)) best = { ...evaluation, selection: new Set(selected) };
      return options.stopAtFirstMet === true && evaluation.shortfalls.length === 0;
    }
    const id = branching[k];
    if (canAdd(id)) {
      const g = groupOf.get(id);
      selected.add(id);
      preferenceSoFar += score(id);
      if (g) groupCount.set(g.id, (groupCount.get(g.id) ?? 0) + 1);
      const done = search(k + 1);
      selected.delete(id);
      preferenceSoFar -= score(id);
      if (g) groupCount.set(g.id, (groupCount.get(g.id) ?? 0) - 1);
      if (done) return true;
    }
    return search(k + 1);
  };
  search(0);

  const chosen = best as unknown as Evaluation & { selection: Set<string> };
  const notCounted: QualificationCheck['notCounted'] = [];
  for (const id of new Set(heldModules)) {
    if (chosen.selection.has(id)) continue;
    if (!catalogue.has(id)) {
      notCounted.push({ moduleId: id, reason: 'not-in-qualification', message: `Module ${id} does not count toward this qualification` });
      continue;
    }
    const g = groupOf.get(id);
    const bar = barred.find((b) => b.modules.includes(id) && b.modules.some((o) => o !== id && chosen.selection.has(o)));
    if (bar) {
      const other = bar.modules.find((o) => o !== id && chosen.selection.has(o));
      notCounted.push({ moduleId: id, reason: 'barred-combination', message: `Module ${id} cannot count together with ${other}${bar.reason ? ` (${bar.reason})` : ''}` });
    } else {
      notCounted.push({ moduleId: id, reason: 'group-maximum', message: `Only ${g?.max} modules of ${g?.title ?? `group ${g?.id}`} count` });
    }
  }
  return {
    met: chosen.shortfalls.length === 0,
    counted: rules.modules.map((m) => m.moduleId).filter((id) => chosen.selection.has(id)),
    notCounted,
    totalCredits: chosen.totalCredits,
    shortfalls: chosen.shortfalls,
  };
}

/**
 * Every reason the rules can never be met, or [] when some set of modules meets them. Holding
 * more modules never hurts (extra ones simply do not count), so the rules can be met at all if
 * and only if they are met by a pupil who holds every module of the qualification.
 */
export function unmeetableRules(rules: QualificationRules): RuleViolation[] {
  const shape = validateQualificationShape(rules);
  if (shape.length > 0) return shape;
  const all = checkQualification(rules, rules.modules.map((m) => m.moduleId), undefined, { stopAtFirstMet: true });
  return all.shortfalls.map((s) => {
    switch (s.code) {
      case 'MANDATORY_MODULE':
        return { path: `/mandatory/${rules.mandatory.indexOf(s.moduleId)}`, message: `can never be met: mandatory module ${s.moduleId} cannot count in the best combination of the others` };
      case 'GROUP_MINIMUM':
        return { path: `/optionalGroups/${rules.optionalGroups.findIndex((g) => g.id === s.groupId)}/min`, message: `can never be met: the best combination of modules counts ${s.have} of the ${s.have + s.need} required from group ${s.groupId}` };
      case 'TOTAL_CREDITS':
        return { path: '/minTotalCredits', message: `can never be met: the best combination of modules reaches ${s.have} of the ${s.have + s.need} credits required` };
      case 'LEVEL_CREDITS':
        return {
          path: `/minCreditsAtLevel/${(rules.minCreditsAtLevel ?? []).findIndex((r) => r.level === s.level)}`,
          message: `can never be met: the best combination of modules reaches ${s.have} of the ${s.have + s.need} credits required at level ${s.level} or above`,
        };
    }
  });
}

/** Throws a RuleValidationError listing every reason when the rules are malformed or can never be met. */
export function assertQualificationRules(rules: QualificationRules): void {
  assertNoViolations('The qualification rules can never be met as published', unmeetableRules(rules));
}
