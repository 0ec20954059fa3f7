import { Schema, model } from 'mongoose';

/**
 * The item bank's audit trail (collection bank_audit): one append-only entry per action on an
 * item version, so an item's history can be read back as "who did what, when, and why".
 */
const bankAuditSchema = new Schema(
  {
    itemId: { type: String, required: true },
    version: { type: Number, required: true },
    /** create | edit | new-version | submit | approve | return | publish | retire | import */
    action: { type: String, required: true },
    actorId: { type: String, required: true },
    actorName: { type: String, required: true },
    at: { type: Date, required: true },
    fromStatus: { type: String, default: null },
    toStatus: { type: String, default: null },
    comment: { type: String, default: null },
    /** Set on entries written by an import (server/bank/bankImport.ts), so a failed import can remove them. */
    importId: { type: String },
  },
  { minimize: false, collection: 'bank_audit' },
);
bankAuditSchema.index({ itemId: 1, at: 1 });

export const BankAudit = model('BankAudit', bankAuditSchema);
