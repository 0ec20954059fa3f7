import { Schema, model } from 'mongoose';

/**
 * One version of an item (item-bank/schemas/item.schema.json), stored whole in `document`
 * after validation. Live content is immutable: an edit writes a new (itemId, version) row and a
 * response records the version it answered. `status` mirrors `document.status`; the author's
 * account id is kept beside the document (the document names the author for people) so the
 * lifecycle can tell an author from a reviewer (server/bank/itemLifecycle.ts).
 */
const itemSchema = new Schema(
  {
    itemId: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    document: { type: Schema.Types.Mixed, required: true },
    /** The staff account that wrote this version; absent for content loaded from item-bank/. */
    authorId: { type: String },
    /** The import that wrote this row (server/bank/bankImport.ts), so a failed import can remove all it wrote. */
    importId: { type: String },
  },
  { timestamps: true, minimize: false },
);
itemSchema.index({ itemId: 1, version: 1 }, { unique: true });

export const ItemVersion = model('Item', itemSchema);
