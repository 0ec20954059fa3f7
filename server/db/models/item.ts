import { Schema, model } from 'mongoose';

/**
 * One version of an item (item-bank/schemas/item.schema.json), stored whole in `document`
 * after validation. Live content is immutable: an edit writes a new (itemId, version) row and a
 * response records the version it answered.
 */
const itemSchema = new Schema(
  {
    itemId: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    document: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, minimize: false },
);
itemSchema.index({ itemId: 1, version: 1 }, { unique: true });

export const ItemVersion = model('Item', itemSchema);
