import {
  QualificationRules, assertQualificationRules, checkQualification, unmeetableRules, validateQualificationShape,
} from '../../../server/credits/qualification';
import { RuleValidationError } from '../../../server/grading/ruleValidationError';
import { thrownError } from './thrownError';
import { seededRandom } from '../../../server/irt/random';

/** A small maths qualification: two mandatory modules, two optional groups, a bar, credit and level minima. */
const rules: QualificationRules = {
  qualificationId: 'maths-cert',
  modules: [
    { moduleId: 'number', credits: 10, level: 1 },
    { moduleId: 'algebra', credits: 10, level: 2 },
    { moduleId: 'geometry', credits: 10, level: 2 },
    { moduleId: 'statistics', credits: 10, level: 2 },
    { moduleId: 'probability', credits: 5, level: 2 },
    { moduleId: 'mechanics', credits: 15, level: 3 },
    { moduleId: 'decision', credits: 15, level: 3 },
    { moduleId: 'finance', credits: 5, level: 1 },
    { moduleId: 'finance-plus', credits: 10, level: 2 },
  ],
  mandatory: ['number', 'algebra'],
  optionalGroups: [
    { id: 'core', title: 'core options', modules: ['geometry', 'statistics', 'probability'], min: 1, max: 2 },
    { id: 'applied', title: 'applied options', modules: ['mechanics', 'decision'], min: 1 },
  ],
  minTotalCredits: 45,
  minCreditsAtLevel: [{ level: 2, credits: 30 }],
  barred: [{ modules: ['finance', 'finance-plus'], reason: 'overlapping content' }],
};

describe('qualification rules of combination: the check of held modules', () => {
  it('is met when every rule is, and says which modules count', () => {
    const check = checkQualification(rules, ['number', 'algebra', 'geometry', 'mechanics']);
    expect(check).toEqual({ met: true, counted: ['number', 'algebra', 'geometry', 'mechanics'], notCounted: [], totalCredits: 45, shortfalls: [] });
  });

  it('lists a missing mandatory module', () => {
    const check = checkQualification(rules, ['number', 'geometry', 'statistics', 'mechanics']);
    expect(check.met).toBe(false);
    expect(check.shortfalls).toEqual([{ code: 'MANDATORY_MODULE', moduleId: 'algebra', message: 'Mandatory module algebra is not yet passed' }]);
  });

  it('lists an optional group below its minimum, with the modules that would fill it', () => {
    const check = checkQualification(rules, ['number', 'algebra', 'geometry', 'statistics', 'finance']);
    expect(check.shortfalls).toEqual([
      {
        code: 'GROUP_MINIMUM', groupId: 'applied', need: 1, have: 0, candidates: ['mechanics', 'decision'],
        message: '1 more module needed from applied options (0 of 1); choose from mechanics, decision',
      },
    ]);
    expect(check.totalCredits).toBe(45);
  });

  it('counts at most the group maximum, choosing by preference (e.g. uniform marks), and says why the rest do not count', () => {
    const held = ['number', 'algebra', 'geometry', 'statistics', 'probability', 'mechanics'];
    const marks: Record<string, number> = { geometry: 55, statistics: 80, probability: 70 };
    const check = checkQualification(rules, held, (id) => marks[id] ?? 0);
    expect(check.met).toBe(true);
    expect(check.counted).toEqual(['number', 'algebra', 'statistics', 'probability', 'mechanics']);
    expect(check.notCounted).toEqual([{ moduleId: 'geometry', reason: 'group-maximum', message: 'Only 2 modules of core options count' }]);
    // By default the choice maximises credits.
    expect(checkQualification(rules, held).counted).toEqual(['number', 'algebra', 'geometry', 'statistics', 'mechanics']);
  });

  it('counts only one module of a barred combination', () => {
    const check = checkQualification(rules, ['number', 'algebra', 'geometry', 'decision', 'finance', 'finance-plus']);
    expect(check.counted).toContain('finance-plus');
    expect(check.notCounted).toEqual([
      { moduleId: 'finance', reason: 'barred-combination', message: 'Module finance cannot count together with finance-plus (overlapping content)' },
    ]);
    expect(check.totalCredits).toBe(55);
  });

  it('lists total credits and level credits still missing, with the numbers', () => {
    const lowLevel: QualificationRules = { ...rules, minTotalCredits: 60, minCreditsAtLevel: [{ level: 3, credits: 30 }] };
    const check = checkQualification(lowLevel, ['number', 'algebra', 'probability', 'mechanics']);
    expect(check.shortfalls).toEqual([
      { code: 'TOTAL_CREDITS', need: 20, have: 40, message: '20 more credits needed (40 of 60)' },
      { code: 'LEVEL_CREDITS', level: 3, need: 15, have: 15, message: '15 more credits needed at level 3 or above (15 of 30)' },
    ]);
  });

  it('a module outside the qualification does not count and is said so', () => {
    const check = checkQualification(rules, ['number', 'algebra', 'geometry', 'mechanics', 'poetry']);
    expect(check.met).toBe(true);
    expect(check.notCounted).toEqual([{ moduleId: 'poetry', reason: 'not-in-qualification', message: 'Module poetry does not count toward this qualification' }]);
  });

  it('with nothing held, lists everything that is missing', () => {
    const check = checkQualification(rules, []);
    expect(check.shortfalls.map((s) => s.code)).toEqual(['MANDATORY_MODULE', 'MANDATORY_MODULE', 'GROUP_MINIMUM', 'GROUP_MINIMUM', 'TOTAL_CREDITS', 'LEVEL_CREDITS']);
  });

  it('a mandatory module barred with an optional one counts, and the optional one does not', () => {
    const withBar: QualificationRules = { ...rules, barred: [{ modules: ['probability', 'algebra'] }] };
    const check = checkQualification(withBar, ['probability', 'algebra', 'number', 'geometry', 'mechanics']);
    expect(check.counted).toContain('algebra');
    expect(check.notCounted.map((n) => [n.moduleId, n.reason])).toEqual([['probability', 'barred-combination']]);
  });

  it('agrees with a brute-force enumeration of every subset of held modules (first principles)', () => {
    // Every subset of 9 modules as held set: the check is met iff some subset of the held
    // modules satisfies every rule outright.
    const ids = rules.modules.map((m) => m.moduleId);
    const credits = new Map(rules.modules.map((m) => [m.moduleId, m]));
    const satisfies = (s: string[]) => {
      const has = (id: string) => s.includes(id);
      if (!rules.mandatory.every(has)) return false;
      for (const g of rules.optionalGroups) {
        const n = g.modules.filter(has).length;
        if (n < g.min || (g.max !== undefined && n > g.max)) return false;
      }
      if ((rules.barred ?? []).some((b) => b.modules.filter(has).length > 1)) return false;
      const total = s.reduce((t, id) => t + (credits.get(id)?.credits ?? 0), 0);
      const level2 = s.filter((id) => (credits.get(id)?.level ?? 0) >= 2).reduce((t, id) => t + (credits.get(id)?.credits ?? 0), 0);
      return total >= (rules.minTotalCredits ?? 0) && level2 >= 30;
    };
    const subsets = (xs: string[]): string[][] => xs.reduce<string[][]>((acc, x) => [...acc, ...acc.map((a) => [...a, x])], [[]]);
    for (let mask = 0; mask < 1 << ids.length; mask += 1) {
      const held = ids.filter((_, i) => mask & (1 << i));
      const expected = subsets(held).some(satisfies);
      expect(checkQualification(rules, held).met).toBe(expected);
    }
  });
});

describe('qualification check against brute force on random rules', () => {
  /*
   * 80 seeded random rule sets of 8 modules (groups with min/max, bars, total and level
   * minima), each with 12 random held sets. Brute force enumerates every subset of the held
   * modules that respects the maximums and bars; the check must find the same best
   * (shortfall count, credit shortfall, module shortfall) and, when met, the same best
   * preference total. Exact comparison: both sides add whole numbers.
   */
  it('finds the same best selection as exhaustive enumeration', () => {
    const random = seededRandom(77);
    const pick = (n: number) => Math.floor(random() * n);
    const outcomes = { met: 0, unmet: 0 };
    for (let trial = 0; trial < 80; trial += 1) {
      const ids = Array.from({ length: 8 }, (_, i) => `m${i}`);
      const modules = ids.map((moduleId) => ({ moduleId, credits: 5 * (1 + pick(3)), level: 1 + pick(3) }));
      const shuffled = [...ids].sort(() => random() - 0.5);
      const mandatory = shuffled.slice(0, pick(2));
      const g1 = shuffled.slice(2, 5);
      const g2 = shuffled.slice(5, 8);
      const optionalGroups = [
        { id: 'a', modules: g1, min: pick(2), max: 1 + pick(3) },
        { id: 'b', modules: g2, min: pick(3), ...(random() < 0.5 ? { max: 2 } : {}) },
      ].map((g) => ({ ...g, min: g.max === undefined ? g.min : Math.min(g.min, g.max) }));
      const barred = random() < 0.6 ? [{ modules: [shuffled[1 + pick(7)], shuffled[2 + pick(6)]].filter((x, i, a) => a.indexOf(x) === i) }] : [];
      const rulesHere: QualificationRules = {
        qualificationId: `r${trial}`, modules, mandatory, optionalGroups,
        minTotalCredits: 10 + 5 * pick(8), minCreditsAtLevel: [{ level: 2, credits: 5 * pick(6) }],
        barred: barred.filter((b) => b.modules.length === 2 && b.modules.filter((m) => mandatory.includes(m)).length < 2),
      };
      const pref = new Map(ids.map((id) => [id, pick(50)]));
      const info = new Map(modules.map((m) => [m.moduleId, m]));
      const deficits = (sel: string[]): [number, number, number] => {
        let count = 0; let credit = 0; let mod = 0;
        for (const id of mandatory) if (!sel.includes(id)) { count += 1; mod += 1; }
        for (const g of optionalGroups) {
          const have = g.modules.filter((id) => sel.includes(id)).length;
          if (have < g.min) { count += 1; mod += g.min - have; }
        }
        const total = sel.reduce((t, id) => t + (info.get(id)?.credits ?? 0), 0);
        if (total < (rulesHere.minTotalCredits ?? 0)) { count += 1; credit += (rulesHere.minTotalCredits ?? 0) - total; }
        const need2 = rulesHere.minCreditsAtLevel?.[0].credits ?? 0;
        const at2 = sel.filter((id) => (info.get(id)?.level ?? 0) >= 2).reduce((t, id) => t + (info.get(id)?.credits ?? 0), 0);
        if (at2 < need2) { count += 1; credit += need2 - at2; }
        return [count, credit, mod];
      };
      const allowed = (sel: string[]) => optionalGroups.every((g) => g.max === undefined || g.modules.filter((id) => sel.includes(id)).length <= g.max)
        && (rulesHere.barred ?? []).every((b) => b.modules.filter((id) => sel.includes(id)).length <= 1);
      for (let h = 0; h < 12; h += 1) {
        const held = ids.filter(() => random() < 0.6);
        let best: { d: [number, number, number]; p: number } | null = null;
        for (let mask = 0; mask < 1 << held.length; mask += 1) {
          const sel = held.filter((_, i) => mask & (1 << i));
          if (!allowed(sel)) continue;
          const d = deficits(sel);
          const p = sel.reduce((t, id) => t + (pref.get(id) as number), 0);
          const cmp = best === null ? -1 : d[0] - best.d[0] || d[1] - best.d[1] || d[2] - best.d[2];
          if (best === null || cmp < 0 || (cmp === 0 && p > best.p)) best = { d, p };
        }
        const check = checkQualification(rulesHere, held, (id) => pref.get(id) as number);
        expect(deficits(check.counted)).toEqual(best?.d);
        expect(allowed(check.counted)).toBe(true);
        expect(check.met).toBe(best?.d[0] === 0);
        if (check.met) expect(check.counted.reduce((t, id) => t + (pref.get(id) as number), 0)).toBe(best?.p);
        outcomes[check.met ? 'met' : 'unmet'] += 1;
      }
    }
    // Both outcomes must be exercised for the comparison to mean anything.
    expect(outcomes.met).toBeGreaterThan(50);
    expect(outcomes.unmet).toBeGreaterThan(50);
  });
});

describe('qualification check on a large catalogue', () => {
  // 4 groups of 8 modules, at most 4 counting from each: 70⁴ ≈ 24 million maximal selections
  // for a pupil holding all 32, so the exact search must prune (branch and bound on preference).
  const groups = [0, 1, 2, 3].map((g) => Array.from({ length: 8 }, (_, i) => `g${g}m${i}`));
  const big: QualificationRules = {
    qualificationId: 'big',
    modules: groups.flat().map((id, i) => ({ moduleId: id, credits: 5 + (i % 3) * 5, level: 1 + (i % 4) })),
    mandatory: [],
    optionalGroups: groups.map((modules, g) => ({ id: `group${g}`, modules, min: 2, max: 4 })),
    minTotalCredits: 100,
    minCreditsAtLevel: [{ level: 3, credits: 40 }],
  };

  it('finds the selection with the largest preference among those meeting every rule', () => {
    const mark = (id: string) => Number(id.slice(-1)) * 7 + Number(id[1]) * 3;
    const check = checkQualification(big, big.modules.map((m) => m.moduleId), mark);
    expect(check.met).toBe(true);
    // First principles: with no bars, each group's 4 best-marked modules maximise the total,
    // provided they meet the credit rules, which this expectation also checks.
    const expected = groups.flatMap((modules) => [...modules].sort((x, y) => mark(y) - mark(x)).slice(0, 4));
    expect([...check.counted].sort()).toEqual([...expected].sort());
    expect(check.notCounted).toHaveLength(16);
    expect(unmeetableRules(big)).toEqual([]);
  });

  it('finds rules that can never be met without exhausting the search', () => {
    // First principles: with no bars, the most credits that can count is each group's 4 highest.
    const credit = new Map(big.modules.map((m) => [m.moduleId, m.credits]));
    const most = groups.reduce((sum, modules) => sum + modules.map((id) => credit.get(id) as number).sort((x, y) => y - x).slice(0, 4).reduce((a, b) => a + b, 0), 0);
    expect(unmeetableRules({ ...big, minTotalCredits: most + 1 })).toEqual([
      { path: '/minTotalCredits', message: `can never be met: the best combination of modules reaches ${most} of the ${most + 1} credits required` },
    ]);
    expect(unmeetableRules({ ...big, minTotalCredits: most })).toEqual([]);
  });

  it('a pupil far from the rules still gets the exact shortfalls quickly', () => {
    const held = groups.flatMap((modules) => modules.slice(0, 6));
    const check = checkQualification({ ...big, minTotalCredits: 400 }, held);
    expect(check.met).toBe(false);
    expect(check.shortfalls.map((s) => s.code)).toEqual(['TOTAL_CREDITS']);
    expect(check.counted).toHaveLength(16);
  });
});

describe('qualification rules that can never be met', () => {
  it('the example rules can be met', () => {
    expect(unmeetableRules(rules)).toEqual([]);
    expect(() => assertQualificationRules(rules)).not.toThrow();
  });

  it('finds a group minimum above its size or above its maximum, and unknown or misplaced modules', () => {
    const bad: QualificationRules = {
      ...rules,
      mandatory: ['number', 'algebra', 'calculus'],
      optionalGroups: [
        { id: 'core', modules: ['geometry', 'statistics', 'algebra'], min: 4, max: 2 },
        { id: 'applied', modules: ['mechanics'], min: 1, max: 0 },
      ],
    };
    expect(validateQualificationShape(bad)).toEqual([
      { path: '/mandatory/2', message: "module calculus is not one of the qualification's modules" },
      { path: '/optionalGroups/0/modules/2', message: 'module algebra is already in the mandatory modules; a module belongs to one place only' },
      { path: '/optionalGroups/0/min', message: 'can never be met: the group has only 3 modules but needs 4' },
      { path: '/optionalGroups/0/max', message: 'can never be met: the maximum 2 is below the minimum 4' },
      { path: '/optionalGroups/1/max', message: 'must be a whole number, 1 or more' },
    ]);
    expect(thrownError<RuleValidationError>(() => assertQualificationRules(bad)).details).toHaveLength(5);
  });

  it('finds mandatory modules barred from counting together', () => {
    const bad = { ...rules, barred: [{ modules: ['number', 'algebra'] }] };
    expect(unmeetableRules(bad)).toEqual([{ path: '/barred/0', message: 'can never be met: mandatory modules number and algebra are barred from counting together' }]);
  });

  it('finds a credit total more than any allowed combination can reach', () => {
    // All modules: 10+10 mandatory + 2 core (10+10) + 15+15 applied + 10 (finance-plus, barred with finance) = 80.
    const bad = { ...rules, minTotalCredits: 81 };
    expect(unmeetableRules(bad)).toEqual([{ path: '/minTotalCredits', message: 'can never be met: the best combination of modules reaches 80 of the 81 credits required' }]);
    expect(unmeetableRules({ ...rules, minTotalCredits: 80 })).toEqual([]);
  });

  it('finds a level minimum that cannot be reached and a group minimum defeated by a bar', () => {
    expect(unmeetableRules({ ...rules, minCreditsAtLevel: [{ level: 3, credits: 31 }] })).toEqual([
      { path: '/minCreditsAtLevel/0', message: 'can never be met: the best combination of modules reaches 30 of the 31 credits required at level 3 or above' },
    ]);
    const barredGroup = { ...rules, barred: [{ modules: ['mechanics', 'decision'] }], optionalGroups: [rules.optionalGroups[0], { ...rules.optionalGroups[1], min: 2 }] };
    expect(unmeetableRules(barredGroup)).toEqual([
      { path: '/optionalGroups/1/min', message: 'can never be met: the best combination of modules counts 1 of the 2 required from group applied' },
    ]);
  });
});
