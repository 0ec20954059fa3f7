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
    /** 1 for a pupil's first sitting of an assignment, 2 for the first resit, … (sessionIdFor). */
    attempt: { type: Number, required: true, default: 1 },
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
assessmentSessionSchema.index({ pupilId: 1, assignmentId: 1, attempt: 1 }, { unique: true });

/**
 * Before resits, (pupilId, assignmentId) was unique, which forbids a second attempt. Databases
 * created then still have that index: drop it (createIndexes adds the new one but never removes).
 */
export async function retireSingleAttemptIndex(): Promise<void> {
  const indexes = await AssessmentSession.collection.indexes().catch(() => []);
  const retired = indexes.find((index) => index.unique && JSON.stringify(index.key) === JSON.stringify({ pupilId: 1, assignmentId: 1 }));
  if (retired?.name) await AssessmentSession.collection.dropIndex(retired.name);
}

/** A session as read with `.lean<AssessmentSessionRecord>()`. */
export interface AssessmentSessionRecord {
  _id: Types.ObjectId;
  pupilId: Types.ObjectId;
  schoolId: Types.ObjectId;
  assignmentId: Types.ObjectId;
  classId: Types.ObjectId;
  moduleId: string;
  moduleVersion: number;
  /** Absent on sessions stored before resits: those are attempt 1. */
  attempt?: number;
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
