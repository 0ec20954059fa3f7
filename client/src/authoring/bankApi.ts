/**
 * The item bank API (/api/bank, docs/item-bank.md) as the authoring screens use it. Errors are
 * the shared ApiError carrying the server's `{code, message, details}` body, so a validation
 * failure's JSON paths reach the form.
 */
import { ApiError } from '../shared/api';
import type { ItemDocument, ItemParameters, ItemStatus, PupilAnswer, PupilItem } from '../../../server/scoring/itemDocument';

export type { ItemDocument, ItemParameters, ItemStatus, PupilAnswer, PupilItem };

export interface StaffUser { id: string; name: string; role: 'pupil' | 'teacher'; staffRoles?: string[] }

export interface ItemSummary {
  itemId: string;
  version: number;
  status: ItemStatus;
  stem: string;
  interactionType: string;
  criteria: string[];
  modules: string[];
  author: string | null;
  mine: boolean;
  updatedAt: string | null;
  versions: { version: number; status: ItemStatus }[];
}

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

export async function bankRequest<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-Waymark-CSRF'] = '1';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'We could not reach the server. Check your connection and try again.' });
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (parsed as { error?: ApiError['error'] } | null)?.error;
    throw new ApiError(response.status, error ?? { code: 'INTERNAL', message: `The server answered ${response.status}.` });
  }
  return parsed as T;
}
