/**
 * The item lifecycle as pure rules (docs/item-bank.md): who may do what to which version of an
 * item, and which versions change status as a result. No database here: the bank service
 * (bankService.ts) reads the item's versions, asks `planAction`, and writes what it says.
 *
 *   draft ──submit──▶ in-review ──approve──▶ approved ──publish──▶ live ──retire──▶ retired
 *     ▲                   │
 *     └──────return───────┘   (with a comment; the author edits and submits again)
 *
 * Editing a draft changes it in place. Editing anything approved or live starts a NEW VERSION
 * as a draft: the live version stays live until the new one is published, and publishing it
 * retires the old one, so a pupil always meets exactly one live version of an item.
 */
import type { StaffRole } from '../http/auth/staffRoles';
import type { ItemStatus } from '../scoring/itemDocument';

export type BankAction = 'edit' | 'submit' | 'approve' | 'return' | 'publish' | 'retire';

export interface BankActor {
  userId: string;
  staffRoles: readonly StaffRole[];
}

/** One stored version of an item, as the rules need it. */
export interface VersionState {
  version: number;
  status: ItemStatus;
  /** Who wrote this version; undefined for content loaded from item-bank/ files. */
  authorId?: string;
}

export interface StatusChange {
  version: number;
  from: ItemStatus;
  to: ItemStatus;
}

export type ActionPlan =
  /** Edit the draft `version` in place. */
  | { ok: true; kind: 'update'; version: number }
  /** Write `version` as a new draft copied from `from` (an approved or live version). */
  | { ok: true; kind: 'new-version'; from: number; version: number }
  /** Change statuses; the first change is the action's own version. */
  | { ok: true; kind: 'status'; changes: StatusChange[] }
  | { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND'; reason: string };

/** Statuses of a version still being worked on: an item has at most one. */
const IN_PROGRESS: readonly ItemStatus[] = ['draft', 'in-review', 'approved'];

function has(actor: BankActor, ...roles: StaffRole[]): boolean {
  return roles.some((role) => actor.staffRoles.includes(role));
}

export function isAuthor(actor: BankActor, version: VersionState): boolean {
  return version.authorId !== undefined && version.authorId === actor.userId;
}

/** The newest version still being worked on (draft, in review or approved), if any. */
export function versionInProgress(versions: readonly VersionState[]): VersionState | undefined {
  return [...versions].sort((x, y) => y.version - x.version).find((v) => IN_PROGRESS.includes(v.status));
}

export function liveVersion(versions: readonly VersionState[]): VersionState | undefined {
  return versions.find((v) => v.status === 'live');
}

/** Who may write a brand-new item: any member of staff with the teacher duty. */
export function mayCreate(actor: BankActor): boolean {
  return has(actor, 'teacher');
}

/**
 * Who may see a version: live, approved and retired versions are national content that any
 * member of staff may read; a draft or a version in review only its author, reviewers and
 * standards managers (a colleague's unfinished work is not published to every school).
 */
export function mayRead(actor: BankActor, version: VersionState): boolean {
  if (version.status === 'live' || version.status === 'approved' || version.status === 'retired') return actor.staffRoles.length > 0;
  return isAuthor(actor, version) || has(actor, 'reviewer', 'standards-manager');
}

function refuse(code: 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND', reason: string): ActionPlan {
  return { ok: false, code, reason };
}

function edit(versions: readonly VersionState[], actor: BankActor): ActionPlan {
  if (!has(actor, 'teacher')) return refuse('FORBIDDEN', 'Only a teacher can write items.');
  const open = versionInProgress(versions);
  if (open?.status === 'draft') {
    return isAuthor(actor, open) ? { ok: true, kind: 'update', version: open.version } : refuse('FORBIDDEN', `Version ${open.version} is a draft of another author; only they can change it.`);
  }
  if (open?.status === 'in-review') return refuse('CONFLICT', `Version ${open.version} is being reviewed; it can be changed once it is returned.`);
  // Approved or live: the new version starts from the newest approved version, else the live one.
  const base = open ?? liveVersion(versions);
  if (!base) return refuse('CONFLICT', 'A retired item cannot be changed.');
  const next = Math.max(...versions.map((v) => v.version)) + 1;
  return { ok: true, kind: 'new-version', from: base.version, version: next };
}

/**
 * What `action` by `actor` does to the item whose stored versions are `versions`. `version`
 * names the version acted on (default: the one the action applies to: the version in progress,
 * or the live one for retire).
 */
export function planAction(versions: readonly VersionState[], action: BankAction, actor: BankActor, version?: number): ActionPlan {
  if (versions.length === 0) return refuse('NOT_FOUND', 'There is no such item.');
  if (action === 'edit') return edit(versions, actor);
  const target = version !== undefined
    ? versions.find((v) => v.version === version)
    : action === 'retire' ? liveVersion(versions) : versionInProgress(versions);
  if (!target) return refuse(version !== undefined ? 'NOT_FOUND' : 'CONFLICT', version !== undefined ? `There is no version ${version} of this item.` : `Nothing of this item can be sent to "${action}".`);
  const change = (to: ItemStatus): StatusChange => ({ version: target.version, from: target.status, to });
  const wrongState = (wanted: string): ActionPlan => refuse('CONFLICT', `Version ${target.version} is ${target.status}; only ${wanted} can be sent to "${action}".`);

  switch (action) {
    case 'submit':
      if (target.status !== 'draft') return wrongState('a draft');
      if (!isAuthor(actor, target)) return refuse('FORBIDDEN', 'Only the author can send a draft for review.');
      return { ok: true, kind: 'status', changes: [change('in-review')] };
    case 'approve':
    case 'return':
      if (target.status !== 'in-review') return wrongState('an item in review');
      if (!has(actor, 'reviewer')) return refuse('FORBIDDEN', 'Only a reviewer can approve or return an item.');
      if (isAuthor(actor, target)) return refuse('FORBIDDEN', 'A reviewer cannot review their own item; another reviewer must.');
      return { ok: true, kind: 'status', changes: [change(action === 'approve' ? 'approved' : 'draft')] };
    case 'publish': {
      if (target.status !== 'approved') return wrongState('an approved item');
      if (!has(actor, 'reviewer', 'standards-manager')) return refuse('FORBIDDEN', 'Only a reviewer or a standards manager can put an item live.');
      const previous = liveVersion(versions);
      const changes = [change('live')];
      if (previous) changes.push({ version: previous.version, from: 'live', to: 'retired' });
      return { ok: true, kind: 'status', changes };
    }
    case 'retire':
      if (target.status !== 'live') return wrongState('a live item');
      if (!has(actor, 'reviewer', 'standards-manager')) return refuse('FORBIDDEN', 'Only a reviewer or a standards manager can retire an item.');
      return { ok: true, kind: 'status', changes: [change('retired')] };
    default:
      return refuse('CONFLICT', `Unknown action "${String(action)}".`);
  }
}
