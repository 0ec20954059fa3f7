import { Schema, model, type Types } from 'mongoose';

/**
 * The PIN login index: `_id` is `<schoolId>:<pinLookup>`, so a login is one primary-key read
 * (FerretDB 1.x answers other filters by scanning the collection) and the same PIN cannot name
 * two pupils of one school.
 */
const pupilLoginSchema = new Schema({
  _id: { type: String, required: true },
  pupilId: { type: Schema.Types.ObjectId, ref: 'Pupil', required: true },
});

export function pupilLoginId(schoolId: Types.ObjectId | string, pinLookup: string): string {
  return `${String(schoolId)}:${pinLookup}`;
}

export const PupilLogin = model('PupilLogin', pupilLoginSchema);
