import { Schema, model } from 'mongoose';

/**
 * How many times published content (module versions, live items, qualification rules) has
 * changed: one document, `_id: 'published'`, incremented by every publication. Caches of
 * published content in every server process compare it, with one read by `_id`, instead of
 * rescanning the content (server/content/publishedContentCache.ts).
 */
const contentGenerationSchema = new Schema(
  {
    _id: { type: String, required: true },
    generation: { type: Number, required: true, default: 0 },
  },
  { collection: 'content_generation', versionKey: false },
);

export const ContentGeneration = model('ContentGeneration', contentGenerationSchema);
