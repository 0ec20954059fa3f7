/**
 * A module as a session sees it: definition, validated engine configuration, the compiled
 * bank of the exact item versions frozen at the session's start, and the item documents by
 * bank position. Compiled once per (module version, item versions) and shared by sessions.
 */
import { AssessmentModule, ItemVersion } from '../db/models';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { PublishedContentCache } from '../content/publishedContentCache';
import type { ItemDocument } from '../scoring/itemDocument';
import { ApiError } from '../http/apiError';
import { compileModuleBank, moduleEngineConfig, type AdaptiveTestConfig, type CompiledBank } from './adaptiveEngine';
import { hasProvisionalParameters, itemModules } from '../bank/itemModules';
import { newestById } from '../content/newestVersions';

export interface FrozenItem {
  itemId: string;
  version: number;
}

export interface ModuleContent {
  definition: ModuleDefinition;
  moduleVersion: number;
  config: AdaptiveTestConfig;
  bank: CompiledBank;
  /** Item documents in bank order. */
  items: readonly ItemDocument[];
  frozen: readonly FrozenItem[];
  /** Ids of the unscored pretest items among `items`. */
  pretestItemIds: readonly string[];
}

/**
 * A module's pool is its listed items plus the live items tagged to it (`modules`). A tagged
 * item that is not listed and still has only provisional parameters is a PRETEST item:
 * delivered, never scored (issue 7, "Pretest seeding"). Pure: decided from the documents.
 */
export function pretestItemIdsOf(definition: ModuleDefinition, items: readonly ItemDocument[]): string[] {
  const listed = new Set(definition.items);
  return items.filter((item) => !listed.has(item.id) && hasProvisionalParameters(item)).map((item) => item.id);
}

const CACHE_LIMIT = 200;

export class ModuleContentCache {
  private readonly compiled = new Map<string, Promise<ModuleContent>>();

  private readonly currentCache = new PublishedContentCache((moduleId) => this.readCurrent(moduleId));

  /**
   * The newest published version of a module and the newest live version of each of its items.
   * Every session start needs it, and on FerretDB it costs collection scans of the modules and
   * the items, so it is kept until content is published (server/content/publishedContentCache.ts).
   */
  current(moduleId: string, nowMs = Date.now()): Promise<{ moduleVersion: number; frozen: FrozenItem[] }> {
    return this.currentCache.get(moduleId, nowMs);
  }

  private async readCurrent(moduleId: string): Promise<{ moduleVersion: number; frozen: FrozenItem[] }> {
    const module = await AssessmentModule.findOne({ moduleId }).sort({ version: -1 }).lean();
    if (!module) throw new ApiError('NOT_FOUND', `There is no module "${moduleId}".`);
    const definition = module.definition as ModuleDefinition;
    const versions = await ItemVersion.find({ itemId: { $in: definition.items }, status: 'live' }, { itemId: 1, version: 1 }).lean();
    const newest = newestById(versions, (v) => v.itemId);
    const frozen = definition.items.filter((id) => newest.has(id)).map((itemId) => ({ itemId, version: newest.get(itemId)!.version }));
    // Live items tagged to the module but not listed in it (the bank's authoring, server/bank).
    const tagged = await ItemVersion.find(
      { status: 'live', $or: [{ 'document.modules': moduleId }, { 'document.tags.modules': moduleId }] },
      { itemId: 1, version: 1 },
    ).lean();
    const listed = new Set(definition.items);
    const taggedNewest = newestById(tagged.filter((v) => !listed.has(v.itemId)), (v) => v.itemId);
    for (const [itemId, { version }] of [...taggedNewest].sort(([x], [y]) => (x < y ? -1 : 1))) frozen.push({ itemId, version });
    if (frozen.length === 0) throw new ApiError('CONFLICT', `Module "${moduleId}" has no live items yet.`);
    return { moduleVersion: module.version, frozen };
  }

  load(moduleId: string, moduleVersion: number, frozen: readonly FrozenItem[]): Promise<ModuleContent> {
    const key = `${moduleId}@${moduleVersion}:${frozen.map((f) => `${f.itemId}@${f.version}`).join(',')}`;
    let content = this.compiled.get(key);
    if (!content) {
      if (this.compiled.size >= CACHE_LIMIT) this.compiled.delete(this.compiled.keys().next().value!);
      content = this.compile(moduleId, moduleVersion, frozen);
      content.catch(() => this.compiled.delete(key));
      this.compiled.set(key, content);
    }
    return content;
  }

  private async compile(moduleId: string, moduleVersion: number, frozen: readonly FrozenItem[]): Promise<ModuleContent> {
    const module = await AssessmentModule.findOne({ moduleId, version: moduleVersion }).lean();
    if (!module) throw new ApiError('NOT_FOUND', `Module "${moduleId}" version ${moduleVersion} is missing.`);
    const definition = module.definition as ModuleDefinition;
    const rows = await ItemVersion.find({ $or: frozen.map((f) => ({ itemId: f.itemId, version: f.version })) }).lean();
    const byKey = new Map(rows.map((row) => [`${row.itemId}@${row.version}`, row.document as ItemDocument]));
    const items = frozen.map((f) => {
      const document = byKey.get(`${f.itemId}@${f.version}`);
      if (!document) throw new Error(`item ${f.itemId} version ${f.version} of module ${moduleId} is missing`);
      return document;
    });
    const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria ?? [] })));
    const pretestItemIds = pretestItemIdsOf(definition, items);
    const configured = moduleEngineConfig(definition, pretestItemIds);
    if (!configured.ok) {
      throw new Error(`module ${moduleId}: invalid adaptive configuration: ${configured.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    }
    return { definition, moduleVersion, config: configured.config, bank, items, frozen, pretestItemIds };
  }
}
