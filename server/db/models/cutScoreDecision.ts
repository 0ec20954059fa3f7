import { Schema, model } from 'mongoose';

/**
 * One published cut-score decision for a module (server/standards/cutScorePublishing.ts): the
 * cuts, the item-mapping proposal they started from, every adjustment with its reason, who
 * published and when, and the module version that carries them. Append-only; (moduleId,
 * version) is unique so two managers publishing at once cannot both become version n.
 */
const cutScoreDecisionSchema = new Schema(
  {
    moduleId: { type: String, required: true },
    /** Cut-score version 1, 2, … of this module (server/grading/cutScores.ts publishCutScores). */
    version: { type: Number, required: true },
    /** The label written into the module definition's cutScores.version. */
    label: { type: String, required: true },
    /** The module version created to carry these cuts. */
    moduleVersion: { type: Number, required: true },
    /** The module version the proposal was computed from. */
    basedOnModuleVersion: { type: Number, required: true },
    rp: { type: Number, required: true },
    method: { type: String, required: true },
    grades: { type: [String], required: true },
    cuts: { type: [Number], required: true },
    /** Item-mapping cuts before adjustment (null where no item evidenced the grade). */
    proposed: { type: [Schema.Types.Mixed], required: true },
    adjustments: { type: [Schema.Types.Mixed], default: [] },
    reason: { type: String, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
    publishedByName: { type: String, required: true },
    supersedes: { type: Number, default: null },
  },
  { minimize: false },
);
cutScoreDecisionSchema.index({ moduleId: 1, version: 1 }, { unique: true });

export interface CutScoreDecisionRecord {
  moduleId: string;
  version: number;
  label: string;
  moduleVersion: number;
  basedOnModuleVersion: number;
  rp: number;
  method: string;
  grades: string[];
  cuts: number[];
  proposed: (number | null)[];
  adjustments: { grade: string; from: number | null; to: number; reason: string; by: string; at: string }[];
  reason: string;
  publishedAt: Date;
  publishedBy: string;
  publishedByName: string;
  supersedes: number | null;
}

export const CutScoreDecision = model('CutScoreDecision', cutScoreDecisionSchema, 'cut_score_decisions');
