/**
 * Storage of qualifications, credit ledgers and awards. Every collection is append-only and
 * keyed so that a repeated or concurrent write fails on a unique index instead of writing twice
 * (FerretDB 1.x has no multi-document transactions; it uses an index only for an exact `_id`
 * filter, so the keys that matter are the `_id`s):
 * - a qualification version: `<id>@<version>`;
 * - a ledger entry: `<pupil>:<qualification>#<seq>` (a concurrent append of the same seq
 *   fails), and `sessionKey` unique: a finished session is recorded at most once per
 *   qualification, however many times banking is attempted;
 * - an award: `<pupil>:<qualification>:<n>` (server/credits/certification.ts awardId), so two
 *   cash-ins racing compute the same id and only one is written;
 * - a certification: the award id, so an award is certified once.
 */
import { Schema, model, type Types } from 'mongoose';
import type { Award } from '../credits/certification';
import type { LedgerEntry } from '../credits/ledger';
import type { QualificationSource } from './publishedQualification';

const qualificationVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    qualificationId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
  },
  { minimize: false, versionKey: false },
);

export interface QualificationVersionRecord {
  _id: string;
  qualificationId: string;
  version: number;
  source: QualificationSource;
  publishedAt: Date;
  publishedBy: string;
}
export const QualificationVersion = model('QualificationVersion', qualificationVersionSchema);

const creditLedgerEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    ledgerId: { type: String, required: true, index: true },
    pupilId: { type: Schema.Types.ObjectId, ref: 'Pupil', required: true },
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true },
    qualificationId: { type: String, required: true },
    seq: { type: Number, required: true },
    /** `<qualification>:<session>` for an attempt entry; the entry's own _id for a credit change. */
    sessionKey: { type: String, required: true, unique: true },
    entry: { type: Schema.Types.Mixed, required: true },
  },
  { minimize: false, versionKey: false },
);

export interface CreditLedgerEntryRecord {
  _id: string;
  ledgerId: string;
  pupilId: Types.ObjectId;
  schoolId: Types.ObjectId;
  qualificationId: string;
  seq: number;
  sessionKey: string;
  entry: LedgerEntry;
}
export const CreditLedgerEntry = model('CreditLedgerEntry', creditLedgerEntrySchema);

const qualificationAwardSchema = new Schema(
  {
    _id: { type: String, required: true },
    pupilId: { type: Schema.Types.ObjectId, ref: 'Pupil', required: true, index: true },
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true, index: true },
    qualificationId: { type: String, required: true },
    qualificationVersion: { type: Number, required: true },
    award: { type: Schema.Types.Mixed, required: true },
  },
  { minimize: false, versionKey: false },
);

export interface QualificationAwardRecord {
  _id: string;
  pupilId: Types.ObjectId;
  schoolId: Types.ObjectId;
  qualificationId: string;
  qualificationVersion: number;
  award: Award;
}
export const QualificationAward = model('QualificationAward', qualificationAwardSchema);

const awardCertificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    schoolId: { type: Schema.Types.ObjectId, ref: 'School', required: true, index: true },
    certifiedBy: { type: Schema.Types.ObjectId, ref: 'Teacher', required: true },
    certifiedByName: { type: String, required: true },
    certifiedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export interface AwardCertificationRecord {
  _id: string;
  schoolId: Types.ObjectId;
  certifiedBy: Types.ObjectId;
  certifiedByName: string;
  certifiedAt: Date;
}
export const AwardCertification = model('AwardCertification', awardCertificationSchema);

const qualificationModels = [QualificationVersion, CreditLedgerEntry, QualificationAward, AwardCertification];

/** Collections and unique indexes exist before the first write (they are what stops double writes). */
export async function ensureQualificationIndexes(): Promise<void> {
  for (const m of qualificationModels) {
    await m.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await m.createIndexes();
  }
}
