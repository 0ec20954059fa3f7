/**
 * The item bank API's shapes (/api/bank, docs/item-bank.md) as the authoring screens use them;
 * calls go through the shared requestJson, whose ApiError carries the server's
 * `{code, message, details}` body, so a validation failure's JSON paths reach the form.
 */
import type { ItemDocument, ItemParameters, ItemStatus, PupilAnswer, PupilItem } from '../../../server/scoring/itemDocument';
import type { ItemSummary } from '../../../server/bank/bankService';

export type { ItemDocument, ItemParameters, ItemStatus, ItemSummary, PupilAnswer, PupilItem };

export interface StaffUser { id: string; name: string; role: 'pupil' | 'teacher'; staffRoles?: string[] }

export interface AuditEntry {
  version: number;
  action: string;
  actorName: string;
  at: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
}

export interface ItemDetail {
  itemId: string;
  current: number;
  versions: { version: number; status: ItemStatus; author: string | null; mine: boolean; document: ItemDocument }[];
  audit: AuditEntry[];
}

export interface TriedAnswer {
  score: number;
  maxScore: number;
  note: string;
  noteText?: string;
  readAs?: string;
  parts?: Record<string, { score: number; maxScore: number; note: string; noteText?: string; readAs?: string }>;
}

export interface InformationCurve {
  points: { theta: number; information: number }[];
  peak: { theta: number; information: number };
}

export interface TaggingChoices {
  criteria: { id: string; statement: string; grade?: string; modules: string[] }[];
  modules: { id: string; title: string }[];
}
