import { Schema, model } from 'mongoose';

/** The de-identified pupil-level analysis file of a closed cycle (CSV), apart from the cycle document for size. */
const samplingExportSchema = new Schema({
  _id: { type: String, required: true },
  cycleId: { type: String, required: true },
  kind: { type: String, enum: ['analysis-file'], required: true },
  csv: { type: String, required: true },
  createdAt: { type: Date, required: true },
});

export const SamplingExport = model('SamplingExport', samplingExportSchema);
