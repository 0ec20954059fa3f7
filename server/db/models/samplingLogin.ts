import { Schema, model } from 'mongoose';

/** A sampling pupil's login (cookie `wm_sampling`): the token's hash → the participant's key. */
const samplingLoginSchema = new Schema({
  _id: { type: String, required: true },
  participantKey: { type: String, required: true },
  cycleId: { type: String, required: true },
  expiresAt: { type: Date, required: true },
});

export const SamplingLogin = model('SamplingLogin', samplingLoginSchema);
