/** Writes and reads the audit log of every access to sampling data. */
import { SamplingAudit } from '../db/models';
import type { Principal } from '../http/auth/authSessions';

export interface AuditActor {
  id: string;
  name: string;
  role: string;
}

export function actorOf(principal: Principal): AuditActor {
  return { id: principal.userId, name: principal.name, role: principal.staffRoles.join('+') || principal.role };
}

export async function recordAccess(actor: AuditActor, action: string, cycleId: string | null, detail = '', now = new Date()): Promise<void> {
  await SamplingAudit.create({ at: now, actorId: actor.id, actorName: actor.name, actorRole: actor.role, action, cycleId, detail });
}

export interface AuditEntry {
  at: string;
  actorName: string;
  actorRole: string;
  action: string;
  cycleId: string | null;
  detail: string;
}

export async function readAuditLog(limit = 500): Promise<AuditEntry[]> {
  const rows = await SamplingAudit.find({}).sort({ at: -1 }).limit(limit).lean();
  return rows.map((r) => ({ at: r.at.toISOString(), actorName: r.actorName, actorRole: r.actorRole, action: r.action, cycleId: r.cycleId ?? null, detail: r.detail ?? '' }));
}
