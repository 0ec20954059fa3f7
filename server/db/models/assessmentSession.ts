import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/**
 * A pupil's sitting of a module. The authoritative state (θ, SE, next item) is NOT stored here:
 * it is replayed from the session's responses, the seed and the frozen item versions in `bank`
 * (DESIGN.md rule 2). `answered`, `currentItemId` and `result` are written when the session
 * finishes (and `answered` counts nothing while it runs: live progress is held by the process
 * running the session, or counted from the responses).
 */
const assessmentSessionSchema = new Schema(
  {
    pupilId: { type: Schema.Types.ObjectId, ref: 'Pupil', required: true },
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true },
    assignmentId: { type: Schema.Types.ObjectId, ref: 'Assignment', required: true },
    classId: { type: Schema.Types.ObjectId, ref: 'Class', required: true, index: true },
    moduleId: { type: String, required: true },
    moduleVersion: { type: Number, required: true },
    /** The item versions this session draws from, frozen at start so a replay sees the same bank. */
    bank: {
      type: [{ _id: false, itemId: { type: String, required: true }, version: { type: Number, required: true } }],
      required: true,
    },
    seed: { type: Number, required: true },
    status: { type: String, enum: ['in-progress', 'finished'], required: true },
    paused: { type: Boolean, required: true, default: false },
    pausedAt: { type: Date, default: null },
    pausedTotalMs: { type: Number, required: true, default: 0 },
    timeLimitMs: { type: Number, default: null },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    answered: { type: Number, required: true, default: 0 },
    currentItemId: { type: String, default: null },
    result: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, minimize: false },
);
assessmentSessionSchema.index({ pupilId: 1, assignmentId: 1 }, { unique: true });

/** A session as read with `.lean<AssessmentSessionRecord>()`. */
export interface AssessmentSessionRecord {
  _id: Types.ObjectId;
  pupilId: Types.ObjectId;
  schoolId: Types.ObjectId;
  assignmentId: Types.ObjectId;
  classId: Types.ObjectId;
  moduleId: string;
  moduleVersion: number;
  bank: { itemId: string; version: number }[];
  seed: number;
  status: 'in-progress' | 'finished';
  paused: boolean;
  pausedAt: Date | null;
  pausedTotalMs: number;
  timeLimitMs: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  answered: number;
  currentItemId: string | null;
  result: unknown;
}

export type AssessmentSessionDocument = InferSchemaType<typeof assessmentSessionSchema>;
export const AssessmentSession = model('Session', assessmentSessionSchema);
