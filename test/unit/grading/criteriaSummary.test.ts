import { summariseCriteria } from '../../../server/grading/criteriaSummary';
import type { CriterionReport } from '../../../server/grading/moduleResult';

const report = (shown: Record<string, boolean>): CriterionReport[] =>
  Object.entries(shown).map(([id, s]) => ({ id, statement: `You can ${id}`, shown: s, expectedSuccess: s ? 0.8 : 0.4, items: 3 }));

describe('class summary by criterion', () => {
  it('counts shown and not yet per criterion, the criteria most pupils have not shown first', () => {
    const summary = summariseCriteria([
      report({ add: true, share: false, solve: false }),
      report({ add: true, share: true, solve: false }),
      report({ add: false, share: false, solve: false }),
      report({ add: true, share: true, solve: true }),
    ]);
    expect(summary).toEqual([
      { id: 'solve', statement: 'You can solve', shown: 1, notYet: 3, notYetShare: 0.75 },
      { id: 'share', statement: 'You can share', shown: 2, notYet: 2, notYetShare: 0.5 },
      { id: 'add', statement: 'You can add', shown: 3, notYet: 1, notYetShare: 0.25 },
    ]);
  });

  it('is empty for a class with no results', () => {
    expect(summariseCriteria([])).toEqual([]);
  });
});
