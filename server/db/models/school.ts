import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A school. Pupils log in with the school's code plus their PIN; `pinSalt` keys the PIN lookup
 * hash so the same PIN in two schools stores differently.
 */
const schoolSchema = new Schema(
  {
    code: { type: String, required: true, unique: true, uppercase: true, trim: true },
    name: { type: String, required: true },
    pinSalt: { type: String, required: true },
  },
  { timestamps: true },
);

export type SchoolDocument = InferSchemaType<typeof schoolSchema>;
export const School = model('School', schoolSchema);
