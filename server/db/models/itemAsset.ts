import { Schema, model } from 'mongoose';

/**
 * A picture an item shows (collection item_assets), keyed by the SHA-256 of its bytes: the same
 * picture uploaded twice is stored once, and a stored picture never changes (its address,
 * /assets/<sha256>.<ext>, may be cached for ever). Written only by server/bank/itemAssets.ts.
 */
const itemAssetSchema = new Schema(
  {
    /** Lower-case hex SHA-256 of `bytes`. */
    _id: { type: String, required: true },
    mediaType: { type: String, required: true, enum: ['image/png', 'image/jpeg', 'image/webp'] },
    extension: { type: String, required: true, enum: ['png', 'jpg', 'webp'] },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    size: { type: Number, required: true },
    bytes: { type: Buffer, required: true },
    uploadedBy: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { minimize: false, collection: 'item_assets', versionKey: false },
);

export const ItemAsset = model('ItemAsset', itemAssetSchema);
