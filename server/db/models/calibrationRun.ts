import { Schema, model, type Types } from 'mongoose';

/**
 * A calibration or drift run (server/calibrationRuns): the data chosen, its progress, the stored
 * outcome (estimates, SEs, fit, DIF, information curves beside the provisional values) and the
 * standards manager's decision on each item (accepted into the live bank, or sent back).
 */
const calibrationRunSchema = new Schema(
  {
    kind: { type: String, enum: ['calibration', 'drift'], required: true },
    moduleId: { type: String, required: true, index: true },
    moduleVersion: { type: Number, required: true },
    status: { type: String, enum: ['running', 'finished', 'failed'], required: true },
    /** What the run is doing now (for the progress display). */
    stage: { type: String, required: true },
    options: { type: Schema.Types.Mixed, required: true },
    requestedBy: { type: String, required: true },
    requestedByName: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    error: { type: String, default: null },
    /** Items in the data that were left out, and why (e.g. too few responses yet). */
    excluded: { type: [Schema.Types.Mixed], default: [] },
    outcome: { type: Schema.Types.Mixed, default: null },
    decisions: { type: [Schema.Types.Mixed], default: [] },
  },
  { minimize: false },
);

export interface ItemDecisionRecord {
  itemId: string;
  /** The version the run estimated. */
  version: number;
  action: 'accepted' | 'sent-back';
  comment: string | null;
  /** The item version the decision created. */
  newVersion: number;
  by: string;
  byName: string;
  at: Date;
}

export interface CalibrationRunRecord {
  _id: Types.ObjectId;
  kind: 'calibration' | 'drift';
  moduleId: string;
  moduleVersion: number;
  status: 'running' | 'finished' | 'failed';
  stage: string;
  options: Record<string, unknown>;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  excluded: { itemId: string; version: number; responses: number; reason: string }[];
  outcome: import('../../calibrationRuns/calibrationAnalysis').RunOutcome | null;
  decisions: ItemDecisionRecord[];
}

export const CalibrationRun = model('CalibrationRun', calibrationRunSchema, 'calibration_runs');
