import { Schema, model } from 'mongoose';
import type { ModuleDefinition } from '../../content/moduleDefinition';

/**
 * A published module (item-bank/schemas/module.schema.json), stored whole in `definition`
 * after validation. `moduleId` is the content id (e.g. "fdp-1"), stable across versions.
 */
const assessmentModuleSchema = new Schema(
  {
    moduleId: { type: String, required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    subject: { type: String, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, minimize: false },
);
assessmentModuleSchema.index({ moduleId: 1, version: 1 }, { unique: true });

export interface AssessmentModuleRecord {
  moduleId: string;
  version: number;
  title: string;
  subject: string;
  definition: ModuleDefinition;
}
export const AssessmentModule = model('Module', assessmentModuleSchema);
