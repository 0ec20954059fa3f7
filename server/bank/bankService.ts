/**
 * The item bank's imperative shell: reads an item's versions, asks the pure lifecycle rules
 * (itemLifecycle.ts) what an action does, validates every document with the item schema
 * (validateItemDocument) before writing it, writes with status-conditional updates (two
 * reviewers acting at once cannot both win) and appends every action to bank_audit.
 */
import { randomBytes } from 'node:crypto';
import { AssessmentModule, BankAudit, ItemVersion, SubjectVersion } from '../db/models';
import type { SubjectDefinition } from '../content/subjectDefinition';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { ApiError, validationFailed } from '../http/apiError';
import type { Principal } from '../http/auth/authSessions';
import type { ItemDocument, ItemStatus } from '../scoring/itemDocument';
import { validateItemDocument } from '../scoring/validateItemDocument';
import { markContentPublished } from '../content/publishedContentCache';
import { mayCreate, mayRead, planAction, type BankAction, type BankActor, type VersionState } from './itemLifecycle';
import { itemModules } from './itemModules';
import { assertPictureStored } from './itemAssets';
import { newestById } from '../content/newestVersions';

export interface StoredVersion {
  _id?: unknown;
  itemId: string;
  version: number;
  status: ItemStatus;
  authorId?: string;
  document: ItemDocument;
  updatedAt?: Date;
}

export interface AuditEntry {
  itemId: string;
  version: number;
  action: string;
  actorName: string;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
}

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
  /** Every version the caller may see, newest first. */
  versions: { version: number; status: ItemStatus }[];
}

export interface ItemFilters {
  status?: ItemStatus;
  criterion?: string;
  module?: string;
  author?: string;
  text?: string;
}

function actorOf(principal: Principal): BankActor {
  return { userId: principal.userId, staffRoles: principal.staffRoles };
}

function stateOf(row: StoredVersion): VersionState {
  return { version: row.version, status: row.status, authorId: row.authorId ?? undefined };
}

async function versionsOf(itemId: string): Promise<StoredVersion[]> {
  const rows = await ItemVersion.find({ itemId }).lean();
  return (rows as unknown as StoredVersion[]).sort((x, y) => x.version - y.version);
}

async function audit(entry: Omit<AuditEntry, 'at' | 'fromStatus' | 'toStatus' | 'comment'> & { actorId: string; fromStatus?: string | null; toStatus?: string | null; comment?: string | null }, at: Date): Promise<void> {
  await BankAudit.create({ fromStatus: null, toStatus: null, comment: null, ...entry, at });
}

/** VALIDATION_FAILED naming every bad field, or nothing. */
function assertValidItem(document: unknown): asserts document is ItemDocument {
  const details = validateItemDocument(document);
  if (details.length > 0) throw validationFailed('The item has problems; each is named below.', details);
}

/** Some versions of one item: never empty. */
type Versions = readonly [StoredVersion, ...StoredVersion[]];

function nonEmpty(rows: readonly StoredVersion[]): Versions | undefined {
  return rows.length > 0 ? (rows as Versions) : undefined;
}

/** The version an action should show by default: the one being worked on, else live, else newest. */
function currentOf(rows: Versions): StoredVersion {
  const newestFirst = [...rows].sort((x, y) => y.version - x.version);
  return newestFirst.find((r) => ['draft', 'in-review', 'approved'].includes(r.status))
    ?? newestFirst.find((r) => r.status === 'live') ?? (newestFirst[0] ?? rows[0]);
}

export async function listItems(principal: Principal, filters: ItemFilters): Promise<ItemSummary[]> {
  const actor = actorOf(principal);
  // Only what the list shows: documents are large and FerretDB reads the whole collection anyway.
  const rows = (await ItemVersion.find({}, {
    itemId: 1, version: 1, status: 1, authorId: 1, updatedAt: 1,
    'document.stem': 1, 'document.interaction.type': 1, 'document.criteria': 1, 'document.tags': 1, 'document.modules': 1, 'document.author': 1,
  }).lean()) as unknown as StoredVersion[];
  const byItem = new Map<string, StoredVersion[]>();
  for (const row of rows) {
    if (!mayRead(actor, stateOf(row))) continue;
    const list = byItem.get(row.itemId) ?? [];
    list.push(row);
    byItem.set(row.itemId, list);
  }
  const text = filters.text?.toLowerCase();
  const summaries: ItemSummary[] = [];
  for (const [itemId, list] of byItem) {
    const versions = nonEmpty(list);
    if (!versions) continue;
    const current = currentOf(versions);
    const doc = current.document;
    const modules = itemModules(doc);
    if (filters.status && !versions.some((v) => v.status === filters.status)) continue;
    if (filters.criterion && !doc.criteria.includes(filters.criterion)) continue;
    if (filters.module && !modules.includes(filters.module)) continue;
    if (filters.author && !(filters.author === 'me' ? current.authorId === principal.userId : (doc.author ?? '').toLowerCase().includes(filters.author.toLowerCase()))) continue;
    if (text && !`${itemId} ${doc.stem}`.toLowerCase().includes(text)) continue;
    summaries.push({
      itemId,
      version: current.version,
      status: current.status,
      stem: doc.stem.length > 200 ? `${doc.stem.slice(0, 197)}…` : doc.stem,
      interactionType: doc.interaction.type,
      criteria: doc.criteria,
      modules,
      author: doc.author ?? null,
      mine: current.authorId === principal.userId,
      updatedAt: current.updatedAt ? new Date(current.updatedAt).toISOString() : null,
      versions: [...versions].sort((x, y) => y.version - x.version).map((v) => ({ version: v.version, status: v.status })),
    });
  }
  return summaries.sort((x, y) => (y.updatedAt ?? '').localeCompare(x.updatedAt ?? '') || x.itemId.localeCompare(y.itemId));
}

export interface ItemDetail {
  itemId: string;
  current: number;
  versions: { version: number; status: ItemStatus; author: string | null; mine: boolean; document: ItemDocument }[];
  audit: AuditEntry[];
}

/** An item with every version the caller may see (keys included: staff only) and its audit trail. */
export async function getItem(principal: Principal, itemId: string): Promise<ItemDetail> {
  return detailOf(principal, itemId, await versionsOf(itemId));
}

async function detailOf(principal: Principal, itemId: string, stored: readonly StoredVersion[]): Promise<ItemDetail> {
  const actor = actorOf(principal);
  const rows = nonEmpty(stored.filter((row) => mayRead(actor, stateOf(row))));
  if (!rows) throw new ApiError('NOT_FOUND', `There is no item "${itemId}" that you can see.`);
  const visible = new Set(rows.map((r) => r.version));
  const trail = (await BankAudit.find({ itemId }).lean()) as unknown as AuditEntry[];
  return {
    itemId,
    current: currentOf(rows).version,
    versions: rows.map((r) => ({ version: r.version, status: r.status, author: r.document.author ?? null, mine: r.authorId === principal.userId, document: r.document }))
      .sort((x, y) => y.version - x.version),
    audit: trail.filter((e) => visible.has(e.version))
      .sort((x, y) => new Date(x.at).getTime() - new Date(y.at).getTime())
      .map((e) => ({ itemId: e.itemId, version: e.version, action: e.action, actorName: e.actorName, at: e.at, fromStatus: e.fromStatus, toStatus: e.toStatus, comment: e.comment })),
  };
}

/** The stored document of one version the caller may see (default: the current one). */
export async function readVersion(principal: Principal, itemId: string, version?: number): Promise<StoredVersion> {
  const actor = actorOf(principal);
  const rows = nonEmpty((await versionsOf(itemId)).filter((row) => mayRead(actor, stateOf(row))));
  if (!rows) throw new ApiError('NOT_FOUND', `There is no item "${itemId}" that you can see.`);
  const row = version === undefined ? currentOf(rows) : rows.find((r) => r.version === version);
  if (!row) throw new ApiError('NOT_FOUND', `There is no version ${version} of item "${itemId}" that you can see.`);
  return row;
}

function newItemId(): string {
  return `item-${randomBytes(5).toString('hex')}`;
}

/** The document as it will be stored: identity, version, status and author set by the server, not the body. */
function stamped(body: Record<string, unknown>, itemId: string, version: number, status: ItemStatus, author: string, reviewers?: string[]): Record<string, unknown> {
  const { _id: _ignored, reviewers: _r, ...rest } = body;
  const doc: Record<string, unknown> = { ...rest, id: itemId, version, status, author };
  if (reviewers && reviewers.length > 0) doc.reviewers = reviewers;
  return doc;
}

function asRecord(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationFailed('The item must be a JSON object.', [{ path: '', message: 'must be an object' }]);
  return body as Record<string, unknown>;
}

export async function createDraft(principal: Principal, body: unknown, now: Date): Promise<StoredVersion> {
  if (!mayCreate(actorOf(principal))) throw new ApiError('FORBIDDEN', 'Only a teacher can write items.');
  const record = asRecord(body);
  const itemId = typeof record.id === 'string' && record.id.length > 0 ? record.id : newItemId();
  const document = stamped(record, itemId, 1, 'draft', principal.name);
  assertValidItem(document);
  await assertPictureStored(document);
  if (await ItemVersion.exists({ itemId })) throw new ApiError('CONFLICT', `An item with the id "${itemId}" already exists; choose another id.`, [{ path: '/id', message: 'is already used by another item' }]);
  try {
    await ItemVersion.create({ itemId, version: 1, status: 'draft', document, authorId: principal.userId });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', `An item with the id "${itemId}" already exists.`, [{ path: '/id', message: 'is already used by another item' }]);
    throw error;
  }
  await audit({ itemId, version: 1, action: 'create', actorId: principal.userId, actorName: principal.name, toStatus: 'draft' }, now);
  return { itemId, version: 1, status: 'draft', authorId: principal.userId, document };
}

/** Saves an edit: in place for the author's draft, else as a new draft version (itemLifecycle.ts). */
export async function saveEdit(principal: Principal, itemId: string, body: unknown, now: Date): Promise<StoredVersion> {
  const record = asRecord(body);
  if (record.id !== undefined && record.id !== itemId) throw validationFailed('The item id cannot be changed.', [{ path: '/id', message: `must stay "${itemId}"` }]);
  const rows = await versionsOf(itemId);
  const plan = planAction(rows.map(stateOf), 'edit', actorOf(principal));
  if (!plan.ok) throw new ApiError(plan.code, plan.reason);
  if (plan.kind === 'update') {
    const row = rows.find((r) => r.version === plan.version) as StoredVersion;
    const document = stamped(record, itemId, plan.version, 'draft', row.document.author ?? principal.name);
    assertValidItem(document);
    await assertPictureStored(document);
    // By primary key (FerretDB 1.x scans for any other filter), still conditional on the status.
    const result = await ItemVersion.updateOne({ _id: row._id, status: 'draft', authorId: principal.userId }, { $set: { document } });
    if (result.matchedCount !== 1) throw new ApiError('CONFLICT', 'The draft changed while you were editing it; reload it and try again.');
    await audit({ itemId, version: plan.version, action: 'edit', actorId: principal.userId, actorName: principal.name, fromStatus: 'draft', toStatus: 'draft' }, now);
    return { ...row, document };
  }
  if (plan.kind !== 'new-version') throw new Error('unexpected edit plan');
  const document = stamped(record, itemId, plan.version, 'draft', principal.name);
  assertValidItem(document);
  await assertPictureStored(document);
  try {
    await ItemVersion.create({ itemId, version: plan.version, status: 'draft', document, authorId: principal.userId });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', 'Someone else has just started a new version of this item; reload it.');
    throw error;
  }
  await audit({ itemId, version: plan.version, action: 'new-version', actorId: principal.userId, actorName: principal.name, toStatus: 'draft', comment: `Started from version ${plan.from}.` }, now);
  return { itemId, version: plan.version, status: 'draft', authorId: principal.userId, document };
}

export type StatusAction = Exclude<BankAction, 'edit'>;

/** submit, approve, return (comment required), publish or retire; returns the item's detail afterwards. */
export async function act(principal: Principal, itemId: string, action: StatusAction, now: Date, options: { comment?: string; version?: number } = {}): Promise<ItemDetail> {
  const rows = await versionsOf(itemId);
  const actor = actorOf(principal);
  const plan = planAction(rows.map(stateOf), action, actor, options.version);
  if (!plan.ok) {
    // An item the caller may not see is simply not there.
    if (plan.code !== 'NOT_FOUND' && !rows.some((r) => mayRead(actor, stateOf(r)))) throw new ApiError('NOT_FOUND', `There is no item "${itemId}" that you can see.`);
    throw new ApiError(plan.code, plan.reason);
  }
  if (plan.kind !== 'status') throw new Error('unexpected status plan');
  if (action === 'return' && !options.comment?.trim()) {
    throw validationFailed('Say what the author should change.', [{ path: '/comment', message: 'A comment is needed when returning an item to its author.' }]);
  }
  for (const [index, change] of plan.changes.entries()) {
    const row = rows.find((r) => r.version === change.version) as StoredVersion;
    const reviewers = action === 'approve' ? [...new Set([...(row.document.reviewers ?? []), principal.name])] : row.document.reviewers;
    const document = { ...row.document, status: change.to, ...(reviewers && reviewers.length > 0 ? { reviewers } : {}) };
    assertValidItem(document);
    const result = await ItemVersion.updateOne({ _id: row._id, status: change.from }, { $set: { status: change.to, document } });
    if (result.matchedCount !== 1) {
      if (index === 0) throw new ApiError('CONFLICT', `Version ${change.version} changed while you were looking at it; reload the item.`);
      // The new version is live; the old one was already moved by someone else: nothing to undo.
      continue;
    }
    row.status = change.to;
    row.document = document as ItemDocument;
    await audit({
      itemId, version: change.version, action: index === 0 ? action : 'retire', actorId: principal.userId, actorName: principal.name,
      fromStatus: change.from, toStatus: change.to, comment: index === 0 ? options.comment?.trim() || null : `Replaced by version ${plan.changes[0]?.version}.`,
    }, now);
  }
  if (action === 'publish' || action === 'retire') await markContentPublished();
  return detailOf(principal, itemId, rows);
}

/**
 * One version of every item the caller may see (so an export imports back): the current one,
 * or with `status` the newest version in that status (status=live: what pupils meet now).
 */
export async function exportItems(principal: Principal, status?: ItemStatus): Promise<ItemDocument[]> {
  const actor = actorOf(principal);
  const rows = (await ItemVersion.find({}).lean()) as unknown as StoredVersion[];
  const byItem = new Map<string, StoredVersion[]>();
  for (const row of rows) {
    if (!mayRead(actor, stateOf(row))) continue;
    byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row]);
  }
  return [...byItem.values()]
    .map((versions) => nonEmpty(status === undefined ? versions : versions.filter((v) => v.status === status)))
    .filter((versions): versions is Versions => versions !== undefined)
    .map((versions) => currentOf(versions).document)
    .sort((x, y) => x.id.localeCompare(y.id));
}

export interface CriterionChoice {
  id: string;
  statement: string;
  grade?: string;
  strand?: string;
  modules: string[];
}

/** The newest version of every module. */
async function latestModules(): Promise<ModuleDefinition[]> {
  const rows = await AssessmentModule.find({}, { moduleId: 1, version: 1, definition: 1 }).lean();
  return [...newestById(rows, (row) => row.moduleId).values()].map((row) => row.definition as ModuleDefinition);
}

/** The newest published version of every subject's criteria. */
async function latestSubjects(): Promise<SubjectDefinition[]> {
  const rows = await SubjectVersion.find({}, { subjectId: 1, version: 1, definition: 1 }).lean();
  return [...newestById(rows, (row) => row.subjectId).values()].map((row) => row.definition as SubjectDefinition);
}

/**
 * The criteria an author may tag: the subjects' published criteria (with their grade and the
 * modules that cover each), or, for a bank loaded before subjects existed, the modules' own
 * criteria; and the modules an item may be tagged to.
 */
export async function taggingChoices(): Promise<{ criteria: CriterionChoice[]; modules: { id: string; title: string }[] }> {
  const [modules, subjects] = await Promise.all([latestModules(), latestSubjects()]);
  const coveredBy = new Map<string, string[]>();
  const criteria = new Map<string, CriterionChoice>();
  for (const module of modules) {
    // `grade` arrives with the subject's published criteria; older module versions have none.
    for (const c of module.criteria as readonly { id: string; statement: string; grade?: string }[]) {
      coveredBy.set(c.id, [...(coveredBy.get(c.id) ?? []), module.id]);
      if (subjects.length === 0) criteria.set(c.id, { id: c.id, statement: c.statement, ...(c.grade !== undefined ? { grade: c.grade } : {}), modules: [] });
    }
  }
  for (const subject of subjects) {
    for (const c of subject.criteria) criteria.set(c.id, { id: c.id, statement: c.statement, grade: c.grade, strand: c.strand, modules: [] });
  }
  for (const entry of criteria.values()) entry.modules = coveredBy.get(entry.id) ?? [];
  return {
    criteria: [...criteria.values()].sort((x, y) => x.id.localeCompare(y.id, 'en', { numeric: true })),
    modules: modules.map((m) => ({ id: m.id, title: m.title })).sort((x, y) => x.title.localeCompare(y.title)),
  };
}
