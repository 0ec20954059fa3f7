import { compileBank } from '../../../server/irt/bank';
import { addResponse, bandProbabilities, createPosterior } from '../../../server/irt/posterior';
import { quadratureGrid } from '../../../server/irt/quadrature';
import type { Item } from '../../../server/irt/types';
import {
  GradeCriterion, PublishedCutScores, adjustCut, cutScoresInForce, cutScoresOf, draftCutScores, gradeFromTheta,
  gradeCutsFromBoundaries, gradeProbabilities, proposeCutScores, publishCutScores, validateCuts,
} from '../../../server/grading/cutScores';
import { expectedSuccess, responseProbabilityLocation } from '../../../server/grading/expectedSuccess';
import { criteriaOfItem, criterionItems } from '../../../server/grading/itemEvidence';
import { RuleConflictError, RuleValidationError } from '../../../server/grading/ruleValidationError';
import { thrownError } from '../credits/thrownError';

const logit = (p: number) => Math.log(p / (1 - p));

describe('expected success and the response-probability location', () => {
  // Tolerance 1e-9: bisection runs to double precision; the closed forms are exact.
  it('for one 2PL item is b + logit(RP)/a (first principles)', () => {
    const bank = compileBank([{ id: 'i', model: '2PL', a: 1.7, b: 0.4 }]);
    for (const rp of [0.5, 0.67, 0.8]) {
      const at = responseProbabilityLocation(bank, [0], rp);
      expect(at.position).toBe('inside');
      expect(at.theta).toBeCloseTo(0.4 + logit(rp) / 1.7, 9);
    }
  });

  it('for one 3PL item is b + log((RP − c)/(1 − RP))/a, and below the bounds when c ≥ RP', () => {
    const bank = compileBank([
      { id: 'g', model: '3PL', a: 1.2, b: -0.3, c: 0.25 },
      { id: 'h', model: '3PL', a: 1.2, b: -0.3, c: 0.7 },
    ]);
    expect(responseProbabilityLocation(bank, [0], 0.67).theta).toBeCloseTo(-0.3 + Math.log((0.67 - 0.25) / 0.33) / 1.2, 9);
    expect(responseProbabilityLocation(bank, [1], 0.67)).toEqual({ theta: -6, position: 'below-lower-bound' });
  });

  it('refuses an empty item set rather than invent a location', () => {
    const bank = compileBank([{ id: 'i', model: '2PL', a: 1, b: 0 }]);
    expect(() => responseProbabilityLocation(bank, [], 0.67)).toThrow(RuleValidationError);
  });

  it('for a 4PL item whose upper asymptote is below RP is above the bounds', () => {
    const bank = compileBank([{ id: 'k', model: '4PL', a: 1, b: 0, c: 0, d: 0.6 }]);
    expect(responseProbabilityLocation(bank, [0], 0.67)).toEqual({ theta: 6, position: 'above-upper-bound' });
  });

  it('for polytomous items uses the expected proportion of the maximum score, and the root solves the equation', () => {
    const bank = compileBank([
      { id: 'grm', model: 'GRM', a: 1.3, thresholds: [-1, 0.2, 1.1] },
      { id: 'gpcm', model: 'GPCM', a: 0.9, steps: [-0.5, 0.8] },
      { id: 'pcm1', model: 'PCM', steps: [0.3] },
    ]);
    // A one-step PCM item is a Rasch item with b = δ.
    expect(responseProbabilityLocation(bank, [2], 0.67).theta).toBeCloseTo(0.3 + logit(0.67), 9);
    const at = responseProbabilityLocation(bank, [0, 1], 0.67);
    expect(at.position).toBe('inside');
    expect(expectedSuccess(bank, [0, 1], at.theta)).toBeCloseTo(0.67, 9);
    expect(expectedSuccess(bank, [0], 6)).toBeLessThanOrEqual(1);
    expect(expectedSuccess(bank, [0], -6)).toBeGreaterThanOrEqual(0);
  });
});

describe('which items evidence which criteria', () => {
  it('takes codes from the item document criteria and from tags.criterion, without duplicates', () => {
    expect(criteriaOfItem({ id: 'x', criteria: ['N1', 'N2'], tags: { criterion: ['N2', 'N3'], strand: 'number' } })).toEqual(['N1', 'N2', 'N3']);
    expect(criteriaOfItem({ id: 'y', tags: { criterion: 'A1' } })).toEqual(['A1']);
    const bank = compileBank([
      { id: 'a', model: '2PL', a: 1, b: 0, tags: { criterion: 'N1' } },
      { id: 'b', model: '2PL', a: 1, b: 0 },
    ]);
    expect(criterionItems(bank, [{ id: 'b', criteria: ['N1', 'N2'] }, { id: 'not-in-bank', criteria: ['N9'] }])).toEqual(
      new Map([['N1', [0, 1]], ['N2', [1]]]),
    );
  });
});

/** Criteria of grades E < D < C each evidenced by three 2PL items around a rising difficulty. */
function ladder(): { items: Item[]; criteria: GradeCriterion[]; grades: string[] } {
  const grades = ['U', 'E', 'D', 'C'];
  const criteria: GradeCriterion[] = [
    { id: 'E1', grade: 'E', statement: 'You can order whole numbers' },
    { id: 'D1', grade: 'D', statement: 'You can add simple fractions' },
    { id: 'D2', grade: 'D', statement: 'You can convert fractions to decimals' },
    { id: 'C1', grade: 'C', statement: 'You can find a percentage of an amount' },
  ];
  const items: Item[] = [];
  const centre: Record<string, number> = { E1: -1.5, D1: -0.3, D2: 0, C1: 1 };
  for (const c of criteria) {
    for (let k = 0; k < 3; k += 1) {
      items.push({ id: `${c.id}-${k}`, model: '2PL', a: 0.8 + 0.3 * k, b: centre[c.id] + 0.2 * (k - 1), tags: { criterion: c.id } });
    }
  }
  items.push({ id: 'untagged', model: '2PL', a: 1, b: 3 });
  return { items, criteria, grades };
}

describe('item mapping: proposing cut scores', () => {
  const { items, criteria, grades } = ladder();
  const bank = compileBank(items);

  it('puts each cut where expected success on that grade’s items equals RP (default 0.67)', () => {
    const proposal = proposeCutScores({ bank, grades, criteria });
    expect(proposal.rp).toBe(0.67);
    expect(proposal.violations).toEqual([]);
    expect(proposal.boundaries.map((b) => b.grade)).toEqual(['E', 'D', 'C']);
    expect(proposal.boundaries[1].itemIds).toEqual(['D1-0', 'D1-1', 'D1-2', 'D2-0', 'D2-1', 'D2-2']);
    for (const b of proposal.boundaries) {
      const positions = b.itemIds.map((id) => bank.index.get(id) as number);
      expect(expectedSuccess(bank, positions, b.theta)).toBeCloseTo(0.67, 9);
    }
    const cuts = proposal.boundaries.map((b) => b.theta);
    expect(validateCuts(grades, cuts)).toEqual([]);
  });

  it('a higher RP raises every cut', () => {
    const low = proposeCutScores({ bank, grades, criteria, rp: 0.5 }).boundaries.map((b) => b.theta);
    const high = proposeCutScores({ bank, grades, criteria, rp: 0.8 }).boundaries.map((b) => b.theta);
    high.forEach((cut, i) => expect(cut).toBeGreaterThan(low[i]));
  });

  it('lists every mapped item, easiest first, with its own RP location and grade; unmapped items are left out', () => {
    const { itemMap } = proposeCutScores({ bank, grades, criteria });
    expect(itemMap).toHaveLength(12);
    expect(itemMap.map((e) => e.itemId)).not.toContain('untagged');
    for (let i = 1; i < itemMap.length; i += 1) expect(itemMap[i].location.theta).toBeGreaterThanOrEqual(itemMap[i - 1].location.theta);
    const item = itemMap.find((e) => e.itemId === 'C1-1');
    expect(item).toMatchObject({ criteria: ['C1'], grades: ['C'] });
    expect(item?.location.theta).toBeCloseTo(1 + logit(0.67) / 1.1, 9);
  });

  it('reports, rather than hides, cuts out of order and grades with no items', () => {
    const swapped = criteria.map((c) => (c.id === 'C1' ? { ...c, grade: 'E' } : c.id === 'E1' ? { ...c, grade: 'C' } : c));
    const proposal = proposeCutScores({ bank, grades, criteria: swapped });
    expect(proposal.violations.map((v) => v.path)).toEqual(['/boundaries/1', '/boundaries/2']);
    expect(proposal.violations[0].message).toMatch(/not above the cut for grade E/);
    const missing = proposeCutScores({ bank, grades: ['U', 'E', 'D', 'C', 'B'], criteria: [...criteria, { id: 'B1', grade: 'B', statement: 'You can …' }] });
    expect(missing.violations).toEqual([{ path: '/boundaries/3', message: 'no calibrated item evidences the criteria of grade B' }]);
  });

  it('rejects criteria for an unknown grade or for the lowest grade, and an RP outside (0, 1)', () => {
    const err = thrownError<RuleValidationError>(() => proposeCutScores({
      bank, grades, rp: 1, criteria: [{ id: 'Z', grade: 'Z', statement: '' }, { id: 'U1', grade: 'U', statement: '' }],
    }));
    expect(err).toBeInstanceOf(RuleValidationError);
    expect(err.details.map((d) => d.path)).toEqual(['/rp', '/criteria/0/grade', '/criteria/1/grade']);
  });
});

describe('cut-score versions', () => {
  const { items, criteria, grades } = ladder();
  const bank = compileBank(items);
  const proposal = proposeCutScores({ bank, grades, criteria });

  it('an adjustment needs a reason and keeps the proposal and the history of changes', () => {
    const draft = draftCutScores('fdp', proposal);
    expect(() => adjustCut(draft, { grade: 'D', theta: -0.2, reason: 'because', by: 'sm1', at: '2026-01-01T00:00:00Z' })).toThrow(RuleValidationError);
    const adjusted = adjustCut(draft, {
      grade: 'D', theta: -0.2, reason: 'Panel judged item D2-2 harder than its calibration suggests', by: 'sm1', at: '2026-01-01T00:00:00Z',
    });
    expect(adjusted.cuts[1]).toBe(-0.2);
    expect(adjusted.proposed).toEqual(proposal.boundaries.map((b) => b.theta));
    expect(adjusted.adjustments).toEqual([{
      grade: 'D', from: proposal.boundaries[1].theta, to: -0.2, reason: 'Panel judged item D2-2 harder than its calibration suggests',
      by: 'sm1', at: '2026-01-01T00:00:00.000Z',
    }]);
    expect(draft.cuts[1]).toBe(proposal.boundaries[1].theta);
    const err = thrownError<RuleValidationError>(() => adjustCut(draft, { grade: 'U', theta: 9, reason: '', by: '', at: 0 }));
    expect(err.details.map((d) => d.path)).toEqual(['/grade', '/theta', '/reason', '/by']);
  });

  it('refuses to publish cuts out of order, naming each offending cut, and publishes nothing', () => {
    const draft = adjustCut(draftCutScores('fdp', proposal), {
      grade: 'C', theta: -2, reason: 'deliberately wrong for the test', by: 'sm1', at: 0,
    });
    const err = thrownError<RuleValidationError>(() => publishCutScores([], draft, 'sm1', '2026-01-02T00:00:00Z'));
    expect(err.details).toEqual([{ path: '/cuts/2', message: 'the cut for grade C must be above the cut for grade D' }]);
    expect(validateCuts(grades, [-1, 0])).toEqual([{ path: '/cuts', message: 'expected 3 cuts (one per grade boundary), got 2' }]);
    expect(validateCuts(grades, [-7, 0, Number.NaN]).map((v) => v.path)).toEqual(['/cuts/0', '/cuts/2']);
  });

  it('versions are numbered, immutable, and a later version never changes an earlier result’s grade', () => {
    const v1 = publishCutScores([], draftCutScores('fdp', proposal), 'sm1', '2026-01-02T00:00:00Z');
    const draft2 = adjustCut(draftCutScores('fdp', proposal), {
      grade: 'C', theta: v1.cuts[2] + 0.4, reason: 'Raised after the 2026 review of criterion C1', by: 'sm2', at: '2026-06-01T00:00:00Z',
    });
    const v2 = publishCutScores([v1], draft2, 'sm2', '2026-06-02T00:00:00Z');
    expect([v1.version, v2.version, v2.supersedes, v1.supersedes]).toEqual([1, 2, 1, null]);
    expect(Object.isFrozen(v1)).toBe(true);
    expect(Object.isFrozen(v1.cuts)).toBe(true);
    const history: PublishedCutScores[] = [v1, v2];

    // A result sat in March was graded by v1 and records it; its θ, between the two C cuts, is C under v1, D under v2.
    const march = cutScoresInForce(history, 'fdp', '2026-03-01T00:00:00Z') as PublishedCutScores;
    expect(march.version).toBe(1);
    const stored = { theta: v1.cuts[2] + 0.2, cutScores: { moduleId: 'fdp', version: march.version } };
    expect(gradeFromTheta(stored.theta, march)).toBe('C');
    expect(gradeFromTheta(stored.theta, cutScoresOf(history, stored.cutScores))).toBe('C');
    expect(gradeFromTheta(stored.theta, cutScoresInForce(history, 'fdp', '2026-07-01T00:00:00Z') as PublishedCutScores)).toBe('D');
    expect(cutScoresInForce(history, 'fdp', '2025-12-01T00:00:00Z')).toBeNull();
    expect(() => cutScoresOf(history, { moduleId: 'fdp', version: 7 })).toThrow(RuleValidationError);
    expect(() => publishCutScores(history, draft2, 'sm2', '2026-05-01T00:00:00Z')).toThrow(RuleConflictError);
  });

  it('reads cut scores as a module file publishes them, and rejects boundaries out of order', () => {
    const fromFile = gradeCutsFromBoundaries('fdp', {
      version: '2026-provisional', belowLowest: 'U', boundaries: [{ grade: 'E', theta: -1 }, { grade: 'D', theta: 0.2 }],
    });
    expect(fromFile).toEqual({ moduleId: 'fdp', version: '2026-provisional', grades: ['U', 'E', 'D'], cuts: [-1, 0.2] });
    expect(gradeFromTheta(0.3, fromFile)).toBe('D');
    const err = thrownError<RuleValidationError>(() => gradeCutsFromBoundaries('fdp', {
      version: 'x', belowLowest: 'U', boundaries: [{ grade: 'E', theta: 0.5 }, { grade: 'D', theta: 0.2 }],
    }));
    expect(err.details).toEqual([{ path: '/cuts/1', message: 'the cut for grade D must be above the cut for grade E' }]);
  });

  it('a θ exactly at a cut earns the higher grade; grades run from the lowest to the highest', () => {
    const cuts = { moduleId: 'm', version: 1, grades: ['U', 'E', 'D'], cuts: [-1, 0.5] };
    expect([-6, -1.0000001, -1, 0.4999, 0.5, 6].map((t) => gradeFromTheta(t, cuts))).toEqual(['U', 'U', 'E', 'E', 'D', 'D']);
  });

  it('grade probabilities are the posterior band masses, one per grade, summing to 1', () => {
    const posterior = createPosterior(quadratureGrid(), { mean: 0, sd: 1 });
    bank.items.forEach((_, i) => addResponse(posterior, bank, i, i % 2));
    const cuts = { moduleId: 'm', version: 1, grades, cuts: proposal.boundaries.map((b) => b.theta) };
    const probabilities = gradeProbabilities(posterior, cuts);
    expect(probabilities.map((p) => p.grade)).toEqual(grades);
    expect(probabilities.map((p) => p.probability)).toEqual(bandProbabilities(posterior, cuts.cuts));
    expect(probabilities.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 12);
  });
});
