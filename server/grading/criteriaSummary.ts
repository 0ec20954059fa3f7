/**
 * The teacher's class view by criterion: for each criterion of a module, how many of the
 * class's latest results show it and how many do not yet, most-needed first, so the criteria
 * most pupils have not yet shown lead the list.
 */
import type { CriterionReport } from './moduleResult';

export interface CriterionSummary {
  id: string;
  statement: string;
  shown: number;
  notYet: number;
  /** notYet / (shown + notYet). */
  notYetShare: number;
}

/** One criteria report per pupil (their latest result of the module). */
export function summariseCriteria(reports: readonly (readonly CriterionReport[])[]): CriterionSummary[] {
  const byId = new Map<string, CriterionSummary & { order: number }>();
  for (const report of reports) {
    for (const c of report) {
      let entry = byId.get(c.id);
      if (!entry) {
        entry = { id: c.id, statement: c.statement, shown: 0, notYet: 0, notYetShare: 0, order: byId.size };
        byId.set(c.id, entry);
      }
      if (c.shown) entry.shown += 1;
      else entry.notYet += 1;
    }
  }
  return [...byId.values()]
    .map((e) => ({ ...e, notYetShare: e.notYet / (e.shown + e.notYet) }))
    .sort((x, y) => y.notYetShare - x.notYetShare || x.order - y.order)
    .map(({ order: _order, ...summary }) => summary);
}
