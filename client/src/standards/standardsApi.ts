/** The shapes the standards routes return (server/http/routes/standardsRoutes.ts, calibrationRoutes.ts). */
// Plain-data shapes are the server's own types; those holding dates or ids are restated as JSON.
import type { ItemMapMark, ProposedCut } from '../../../server/standards/standardSetting';
import type { ItemOutcome } from '../../../server/calibrationRuns/calibrationAnalysis';

export type { ItemMapMark, ProposedCut };
/** One item of a calibration run's outcome. */
export type RunItem = ItemOutcome;
export interface StaffUser { id: string; role: 'pupil' | 'teacher'; name: string; staffRoles?: string[] }

export interface ModuleSummary {
  id: string;
  version: number;
  title: string;
  items: number;
  criteria: number;
  cutScores: { version: string; provisional: boolean };
}


export interface CutScoreDecision {
  version: number;
  label: string;
  moduleVersion: number;
  cuts: number[];
  grades: string[];
  proposed: (number | null)[];
  adjustments: { grade: string; from: number | null; to: number; reason: string; at: string }[];
  reason: string;
  publishedAt: string;
  publishedByName: string;
}

export interface StandardSettingView {
  module: { id: string; version: number; title: string };
  rp: number;
  grades: string[];
  proposed: ProposedCut[];
  itemMap: ItemMapMark[];
  violations: { path: string; message: string }[];
  published: { version: string; provisional: boolean; belowLowest: string; boundaries: { grade: string; theta: number }[] };
  ungradedCriteria: string[];
  decisions: CutScoreDecision[];
}

export interface CalibrationRun {
  _id: string;
  kind: 'calibration' | 'drift';
  moduleId: string;
  moduleVersion: number;
  status: 'running' | 'finished' | 'failed';
  stage: string;
  options: { minResponses: number; grouping?: string; from?: string; to?: string };
  requestedByName: string;
  requestedAt: string;
  error: string | null;
  excluded: { itemId: string; version: number; responses: number; reason: string }[];
  outcome?: {
    persons: number;
    converged: boolean;
    iterations: number;
    ability: { mean: number; sd: number } | null;
    informationGrid: number[];
    groups: { message: string; enough: boolean };
    items: RunItem[];
  } | null;
  decisions: { itemId: string; action: 'accepted' | 'sent-back'; comment: string | null; newVersion: number; byName: string; at: string }[];
}
