/**
 * The data of a pupil's transcript for one qualification: every module result (from the
 * ledger's attempt entries), whether it banks credits now and in which awards it counted, the
 * credits, and every award with its grade, the current one marked. The page and the printable
 * document are rendered from this by the shell.
 */
import type { Award } from './certification';
import { currentAward } from './certification';
import { Ledger, attemptsOf, balance, bankedResults } from './ledger';

export interface TranscriptResult {
  resultId: string;
  satAt: string;
  grade: string;
  passed: boolean;
  /** True when this result banks the module's credits now. */
  banked: boolean;
  /** The awards (ids) this result counted in. */
  countedIn: string[];
}

export interface TranscriptModule {
  moduleId: string;
  /** Oldest first. */
  results: TranscriptResult[];
  creditsBanked: number;
}

export interface TranscriptAward {
  awardId: string;
  number: number;
  issuedAt: string;
  grade: string;
  totalCredits: number;
  current: boolean;
  supersededBy: string | null;
  counted: { moduleId: string; resultId: string; grade: string; uniformMark: number }[];
}

export interface Transcript {
  pupilId: string;
  qualificationId: string;
  modules: TranscriptModule[];
  creditBalance: number;
  awards: TranscriptAward[];
}

export function transcript(ledger: Ledger, awards: readonly Award[]): Transcript {
  const mine = awards.filter((a) => a.pupilId === ledger.pupilId && a.qualificationId === ledger.qualificationId);
  const banked = new Map(bankedResults(ledger).map((b) => [b.resultId, b]));
  const countedIn = new Map<string, string[]>();
  for (const award of [...mine].sort((x, y) => x.number - y.number)) {
    for (const r of award.counted) countedIn.set(r.resultId, [...(countedIn.get(r.resultId) ?? []), award.awardId]);
  }
  const modules = new Map<string, TranscriptModule>();
  for (const a of attemptsOf(ledger)) {
    const module = modules.get(a.moduleId) ?? { moduleId: a.moduleId, results: [], creditsBanked: 0 };
    modules.set(a.moduleId, module);
    const bankedNow = banked.get(a.resultId);
    module.results.push({
      resultId: a.resultId, satAt: a.satAt, grade: a.grade, passed: a.passed, banked: bankedNow !== undefined,
      countedIn: countedIn.get(a.resultId) ?? [],
    });
    if (bankedNow) module.creditsBanked += bankedNow.credits;
  }
  for (const module of modules.values()) module.results.sort((x, y) => Date.parse(x.satAt) - Date.parse(y.satAt));
  const current = currentAward(mine);
  const supersededBy = new Map(mine.filter((a) => a.supersedes !== null).map((a) => [a.supersedes as string, a.awardId]));
  return {
    pupilId: ledger.pupilId,
    qualificationId: ledger.qualificationId,
    modules: [...modules.values()],
    creditBalance: balance(ledger),
    awards: [...mine].sort((x, y) => x.number - y.number).map((a) => ({
      awardId: a.awardId, number: a.number, issuedAt: a.issuedAt, grade: a.grade, totalCredits: a.totalCredits,
      current: a === current, supersededBy: supersededBy.get(a.awardId) ?? null,
      counted: a.counted.map((r) => ({ moduleId: r.moduleId, resultId: r.resultId, grade: r.grade, uniformMark: r.uniformMark })),
    })),
  };
}
