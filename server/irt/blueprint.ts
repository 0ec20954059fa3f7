/**
 * Content constraints of a module blueprint: minimum and maximum numbers of scored items per
 * tag value (criterion, strand, …), enemy items that may not appear in the same test, items
 * excluded for this pupil, and unscored (pretest) items that are delivered but never used for θ.
 *
 * The adaptive loop asks `blueprintAllows` before taking an item. It admits an item only when,
 * after taking it, every maximum still holds and every remaining minimum can still be met within
 * the remaining test length by items still available (a look-ahead in the spirit of the
 * shadow-test idea, van der Linden 2005, ch. 9, reduced to the counting conditions). So a
 * blueprint that is satisfiable at the start is satisfied at the end, whatever the responses.
 * For one tag (or nested tags) these counting conditions are exact; for crossed tags they are
 * checked per tag, which is necessary but, in rare crafted cases, not sufficient.
 */
import type { CompiledBank } from './bank';

/** Scored-item count limits for items whose tag `tag` has (or includes) `value`. */
export interface ContentConstraint {
  tag: string;
  value: string;
  min?: number;
  max?: number;
}

/** Unscored items seeded into the test for calibration (pretest). */
export interface PretestPlan {
  /** How many unscored items to deliver. */
  count: number;
  /** 1-based positions in the delivered sequence; drawn at random from the seed when absent. */
  positions?: number[];
}

export interface Blueprint {
  constraints?: ContentConstraint[];
  /** Groups of item ids of which at most one may appear in a test. */
  enemies?: string[][];
  /** Items never delivered in this module. */
  excludedItems?: string[];
  /** Items delivered only as pretest items: never chosen adaptively, never scored. */
  unscoredItems?: string[];
  pretest?: PretestPlan;
}

/** A blueprint resolved against a bank: typed arrays, item → constraint lists (CSR). */
export interface CompiledBlueprint {
  readonly constraints: readonly ContentConstraint[];
  readonly min: Int32Array;
  readonly max: Int32Array;
  /** Constraint → index of its tag in `tags`. */
  readonly tagOf: Int32Array;
  readonly tags: readonly string[];
  /** Constraints item i counts toward: itemConstraints[itemOffsets[i] .. itemOffsets[i+1]). */
  readonly itemOffsets: Int32Array;
  readonly itemConstraints: Int32Array;
  /** Enemies of item i: enemyList[enemyOffsets[i] .. enemyOffsets[i+1]). */
  readonly enemyOffsets: Int32Array;
  readonly enemyList: Int32Array;
  /** 1 for items excluded by the blueprint. */
  readonly excluded: Uint8Array;
  /** 1 for unscored (pretest) items. */
  readonly unscored: Uint8Array;
  readonly unscoredItems: Int32Array;
  readonly pretestCount: number;
  readonly pretestPositions: readonly number[] | undefined;
}

export interface BlueprintIssue {
  path: string;
  message: string;
}

/** Running per-test counts the look-ahead needs; updated as items are taken or ruled out. */
export interface BlueprintProgress {
  /** Scored items taken per constraint. */
  readonly counts: Int32Array;
  /** Items still available (not taken, not ruled out) per constraint. */
  readonly availableCounts: Int32Array;
  /** Σ over a tag's constraints of max(0, min − count): items the tag still needs. */
  readonly deficits: Int32Array;
}

function tagValues(bank: CompiledBank, item: number, tag: string): readonly string[] {
  const value = bank.items[item].tags?.[tag];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function resolveIds(bank: CompiledBank, ids: readonly string[], path: string, issues: BlueprintIssue[]): number[] {
  const found: number[] = [];
  ids.forEach((id, k) => {
    const index = bank.index.get(id);
    if (index === undefined) issues.push({ path: `${path}/${k}`, message: `unknown item id ${JSON.stringify(id)}` });
    else found.push(index);
  });
  return found;
}

function csr(size: number, lists: readonly number[][]): { offsets: Int32Array; values: Int32Array } {
  const offsets = new Int32Array(size + 1);
  let total = 0;
  for (let i = 0; i < size; i++) {
    offsets[i] = total;
    total += lists[i]?.length ?? 0;
  }
  offsets[size] = total;
  const values = new Int32Array(total);
  for (let i = 0; i < size; i++) {
    const list = lists[i];
    if (list) values.set(list, offsets[i]);
  }
  return { offsets, values };
}

/**
 * Resolve a blueprint against a bank. Returns the issues that make it unusable (unknown ids,
 * min > max, …); satisfiability for a given pupil is `blueprintUnsatisfiable`'s job.
 */
export function compileBlueprint(
  bank: CompiledBank,
  blueprint: Blueprint | undefined,
): { ok: true; blueprint: CompiledBlueprint } | { ok: false; issues: BlueprintIssue[] } {
  const issues: BlueprintIssue[] = [];
  const constraints = blueprint?.constraints ?? [];
  const tags: string[] = [];
  const tagOf = new Int32Array(constraints.length);
  const min = new Int32Array(constraints.length);
  const max = new Int32Array(constraints.length);
  const seen = new Set<string>();
  constraints.forEach((constraint, c) => {
    let t = tags.indexOf(constraint.tag);
    if (t < 0) t = tags.push(constraint.tag) - 1;
    tagOf[c] = t;
    min[c] = constraint.min ?? 0;
    max[c] = constraint.max ?? 0x7fffffff;
    const key = `${constraint.tag}\u0000${constraint.value}`;
    if (seen.has(key)) issues.push({ path: `/blueprint/constraints/${c}`, message: `duplicate constraint for ${constraint.tag} = ${constraint.value}` });
    seen.add(key);
    if (min[c] > max[c]) issues.push({ path: `/blueprint/constraints/${c}`, message: `min ${min[c]} exceeds max ${max[c]} for ${constraint.tag} = ${constraint.value}` });
  });

  const byTagValue = new Map<string, number>();
  constraints.forEach((constraint, c) => byTagValue.set(`${constraint.tag}\u0000${constraint.value}`, c));
  const itemLists: number[][] = new Array(bank.size);
  if (constraints.length > 0) {
    for (let i = 0; i < bank.size; i++) {
      const list: number[] = [];
      for (const tag of tags) {
        for (const value of tagValues(bank, i, tag)) {
          const c = byTagValue.get(`${tag}\u0000${value}`);
          if (c !== undefined && !list.includes(c)) list.push(c);
        }
      }
      if (list.length > 0) itemLists[i] = list;
    }
  }
  const items = csr(bank.size, itemLists);

  const enemyLists: number[][] = new Array(bank.size);
  (blueprint?.enemies ?? []).forEach((group, g) => {
    const members = resolveIds(bank, group, `/blueprint/enemies/${g}`, issues);
    for (const i of members) {
      const list = (enemyLists[i] ??= []);
      for (const j of members) if (j !== i && !list.includes(j)) list.push(j);
    }
  });
  const enemies = csr(bank.size, enemyLists);

  const excluded = new Uint8Array(bank.size);
  for (const i of resolveIds(bank, blueprint?.excludedItems ?? [], '/blueprint/excludedItems', issues)) excluded[i] = 1;
  const unscored = new Uint8Array(bank.size);
  const unscoredItems = resolveIds(bank, blueprint?.unscoredItems ?? [], '/blueprint/unscoredItems', issues);
  for (const i of unscoredItems) unscored[i] = 1;

  const pretestCount = blueprint?.pretest?.count ?? 0;
  const pretestPositions = blueprint?.pretest?.positions;
  if (pretestCount > unscoredItems.length) {
    issues.push({ path: '/blueprint/pretest/count', message: `${pretestCount} pretest items requested but only ${unscoredItems.length} unscored items listed` });
  }
  if (pretestPositions && pretestPositions.length !== pretestCount) {
    issues.push({ path: '/blueprint/pretest/positions', message: `${pretestPositions.length} positions given for ${pretestCount} pretest items` });
  }
  if (pretestPositions && new Set(pretestPositions).size !== pretestPositions.length) {
    issues.push({ path: '/blueprint/pretest/positions', message: 'positions must be distinct' });
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    blueprint: {
      constraints,
      min,
      max,
      tagOf,
      tags,
      itemOffsets: items.offsets,
      itemConstraints: items.values,
      enemyOffsets: enemies.offsets,
      enemyList: enemies.values,
      excluded,
      unscored,
      unscoredItems: Int32Array.from(unscoredItems),
      pretestCount,
      pretestPositions,
    },
  };
}

/** Progress for a fresh test, given which items are available to this pupil (1 = available). */
export function startBlueprintProgress(blueprint: CompiledBlueprint, available: Uint8Array): BlueprintProgress {
  const n = blueprint.min.length;
  const counts = new Int32Array(n);
  const availableCounts = new Int32Array(n);
  const deficits = new Int32Array(blueprint.tags.length);
  for (let i = 0; i < available.length; i++) {
    if (!available[i]) continue;
    for (let p = blueprint.itemOffsets[i]; p < blueprint.itemOffsets[i + 1]; p++) availableCounts[blueprint.itemConstraints[p]]++;
  }
  for (let c = 0; c < n; c++) deficits[blueprint.tagOf[c]] += blueprint.min[c];
  return { counts, availableCounts, deficits };
}

/**
 * Why this blueprint cannot be met for this pupil within `maxItems` scored items, or [] when the
 * counting conditions hold: each minimum has enough available items, and each tag's minimums
 * fit in the test length.
 */
export function blueprintUnsatisfiable(blueprint: CompiledBlueprint, progress: BlueprintProgress, maxItems: number): string[] {
  const reasons: string[] = [];
  blueprint.constraints.forEach((constraint, c) => {
    if (progress.availableCounts[c] < blueprint.min[c]) {
      reasons.push(`${constraint.tag} = ${constraint.value} needs at least ${blueprint.min[c]} items but only ${progress.availableCounts[c]} are available to this pupil`);
    }
  });
  blueprint.tags.forEach((tag, t) => {
    if (progress.deficits[t] > maxItems) {
      reasons.push(`the minimums for ${tag} add up to ${progress.deficits[t]} items, more than the maximum test length ${maxItems}`);
    }
  });
  return reasons;
}

/** True when every minimum has been met. */
export function blueprintMinimaMet(progress: BlueprintProgress): boolean {
  for (let t = 0; t < progress.deficits.length; t++) if (progress.deficits[t] > 0) return false;
  return true;
}

/** Count one more available item on each of item i's constraints being ruled out (taken elsewhere, enemy, exposure). */
export function ruleOut(blueprint: CompiledBlueprint, progress: BlueprintProgress, item: number): void {
  for (let p = blueprint.itemOffsets[item]; p < blueprint.itemOffsets[item + 1]; p++) progress.availableCounts[blueprint.itemConstraints[p]]--;
}

/** Record a scored item as taken: counts rise, deficits fall. The caller rules the item out separately. */
export function countTaken(blueprint: CompiledBlueprint, progress: BlueprintProgress, item: number): void {
  for (let p = blueprint.itemOffsets[item]; p < blueprint.itemOffsets[item + 1]; p++) {
    const c = blueprint.itemConstraints[p];
    if (progress.counts[c] < blueprint.min[c]) progress.deficits[blueprint.tagOf[c]]--;
    progress.counts[c]++;
  }
}

/** True when losing item i from the pool would leave one of its outstanding minimums short of items. */
export function blueprintNeeds(blueprint: CompiledBlueprint, progress: BlueprintProgress, item: number): boolean {
  for (let p = blueprint.itemOffsets[item]; p < blueprint.itemOffsets[item + 1]; p++) {
    const c = blueprint.itemConstraints[p];
    const stillNeeded = blueprint.min[c] - progress.counts[c];
    if (stillNeeded > 0 && progress.availableCounts[c] - 1 < stillNeeded) return true;
  }
  return false;
}

/** True when taking item i keeps every maximum (no look-ahead). */
export function blueprintMaximaAllow(blueprint: CompiledBlueprint, progress: BlueprintProgress, item: number): boolean {
  for (let p = blueprint.itemOffsets[item]; p < blueprint.itemOffsets[item + 1]; p++) {
    const c = blueprint.itemConstraints[p];
    if (progress.counts[c] + 1 > blueprint.max[c]) return false;
  }
  return true;
}

/**
 * May item i be taken as the next scored item when `taken` scored items are already in the test
 * and at most `maxItems` will be? Checks every maximum, then the look-ahead: with R items left
 * after this one, each tag's outstanding minimums must fit in R, and each outstanding minimum
 * must still have enough available items once i and its enemies are gone.
 */
export function blueprintAllows(
  blueprint: CompiledBlueprint,
  progress: BlueprintProgress,
  available: Uint8Array,
  item: number,
  taken: number,
  maxItems: number,
): boolean {
  const { itemOffsets, itemConstraints, min, max, tagOf } = blueprint;
  const { counts, availableCounts, deficits } = progress;
  const start = itemOffsets[item];
  const end = itemOffsets[item + 1];
  for (let p = start; p < end; p++) {
    const c = itemConstraints[p];
    if (counts[c] + 1 > max[c]) return false;
  }
  const remaining = maxItems - taken - 1;
  for (let t = 0; t < deficits.length; t++) {
    let deficit = deficits[t];
    if (deficit === 0) continue;
    for (let p = start; p < end; p++) {
      const c = itemConstraints[p];
      if (tagOf[c] === t && counts[c] < min[c]) deficit--;
    }
    if (deficit > remaining) return false;
  }
  // Taking i leaves (count + 1, available − 1) on its own constraints: the gap is unchanged.
  // Its enemies leave the pool too, which can starve a minimum.
  for (let e = blueprint.enemyOffsets[item]; e < blueprint.enemyOffsets[item + 1]; e++) {
    const enemy = blueprint.enemyList[e];
    if (!available[enemy]) continue;
    for (let p = itemOffsets[enemy]; p < itemOffsets[enemy + 1]; p++) {
      const c = itemConstraints[p];
      let stillNeeded = min[c] - counts[c];
      for (let q = start; q < end; q++) if (itemConstraints[q] === c) stillNeeded--;
      // Several enemies can share a constraint: count them all.
      let lost = 0;
      for (let f = blueprint.enemyOffsets[item]; f < blueprint.enemyOffsets[item + 1]; f++) {
        const other = blueprint.enemyList[f];
        if (!available[other]) continue;
        for (let r = itemOffsets[other]; r < itemOffsets[other + 1]; r++) if (itemConstraints[r] === c) lost++;
      }
      let ownShare = 0;
      for (let q = start; q < end; q++) if (itemConstraints[q] === c) ownShare++;
      if (stillNeeded > 0 && availableCounts[c] - ownShare - lost < stillNeeded) return false;
    }
  }
  return true;
}
