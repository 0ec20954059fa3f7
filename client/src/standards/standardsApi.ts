/** The shapes the standards routes return (server/http/routes/standardsRoutes.ts, calibrationRoutes.ts). */
export interface StaffUser { id: string; role: 'pupil' | 'teacher'; name: string; staffRoles?: string[] }

export interface ModuleSummary {
  id: string;
  version: number;
  title: string;
  items: number;
  criteria: number;
  cutScores: { version: string; provisional: boolean };
}

export interface ItemMapMark { itemId: string; theta: number | null; position: string; criteria: string[]; grades: string[]; source: string }
export interface ProposedCut { grade: string; theta: number | null; position: string; criteria: string[]; itemIds: string[] }

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

export interface NamedParameters { model: string; a?: number; b?: number; c?: number; thresholds?: number[]; steps?: number[] }

export interface RunItem {
  itemId: string;
  version: number;
  role: 'anchor' | 'free';
  responses: number;
  provisional: NamedParameters;
  estimate: NamedParameters | null;
  se: Record<string, number | null> | null;
  problem?: string;
  fit: { infit: number; outfit: number } | null;
  dif: { classification: 'A' | 'B' | 'C'; deltaDif: number } | null;
  information: { provisional: number[]; estimate: number[] | null };
  drift?: { drifted: boolean; critical: number; checks: { parameter: string; previous: number; current: number; z: number | null; drifted: boolean }[] };
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
