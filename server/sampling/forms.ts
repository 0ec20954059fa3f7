/**
 * Matrix sampling of the item pool: items in blocks, blocks rotated over forms so every item is
 * in at least two forms and no pupil sees the whole pool, forms spiralled within each school,
 * and trend blocks carried unchanged from cycle to cycle so the scale can be linked.
 *
 * Sources: NAEP TDW "Assessment design" (balanced incomplete block spiralling); TIMSS 2019
 * Assessment Frameworks ch. 4 (block rotation: each block in two booklets, in different
 * positions; trend blocks kept secure and reused).
 */
import type { RandomSource } from '../irt/types';
import { SamplingInputError } from './samplingInputError';
import type { FieldError } from './types';

export interface ItemBlock {
  blockId: string;
  itemIds: string[];
  /** Carried from an earlier cycle for linking. */
  trend: boolean;
}

export interface AssessmentForm {
  formId: string;
  /** Block ids in the order the pupil meets them. */
  blockIds: string[];
}

/**
 * Blocks for this cycle: the trend blocks as they were (same items, same order: a block's
 * context is part of what links the cycles), plus new items dealt round-robin into `newBlocks`
 * blocks, so a pool ordered by difficulty or strand is spread evenly over the blocks.
 */
export function buildBlocks(trendBlocks: readonly ItemBlock[], newItemIds: readonly string[], newBlocks: number): ItemBlock[] {
  if (!Number.isInteger(newBlocks) || newBlocks < 0) {
    throw new SamplingInputError([{ line: null, field: 'newBlocks', message: `must be a whole number ≥ 0, got ${newBlocks}` }]);
  }
  if (newBlocks > newItemIds.length) {
    throw new SamplingInputError([{ line: null, field: 'newBlocks', message: `${newBlocks} blocks cannot be filled from ${newItemIds.length} new items` }]);
  }
  if (newBlocks === 0 && newItemIds.length > 0) {
    throw new SamplingInputError([{ line: null, field: 'newBlocks', message: 'new items need at least one block' }]);
  }
  const carried = trendBlocks.map((b) => ({ blockId: b.blockId, itemIds: [...b.itemIds], trend: true }));
  const taken = new Set(carried.map((b) => b.blockId));
  const fresh: ItemBlock[] = [];
  for (let n = 1; fresh.length < newBlocks; n++) {
    if (!taken.has(`N${n}`)) fresh.push({ blockId: `N${n}`, itemIds: [], trend: false });
  }
  newItemIds.forEach((id, i) => fresh[i % newBlocks].itemIds.push(id));
  const blocks = [...carried, ...fresh];
  const problems = blockProblems(blocks);
  if (problems.length > 0) throw new SamplingInputError(problems);
  return blocks;
}

function blockProblems(blocks: readonly ItemBlock[]): FieldError[] {
  const problems: FieldError[] = [];
  const blockIds = new Set<string>();
  const itemBlock = new Map<string, string>();
  blocks.forEach((b, i) => {
    if (blockIds.has(b.blockId)) problems.push({ line: null, field: `blocks/${i}/blockId`, message: `duplicate block "${b.blockId}"` });
    blockIds.add(b.blockId);
    if (b.itemIds.length === 0) problems.push({ line: null, field: `blocks/${i}/itemIds`, message: `block "${b.blockId}" is empty` });
    for (const item of b.itemIds) {
      const other = itemBlock.get(item);
      if (other !== undefined) problems.push({ line: null, field: `blocks/${i}/itemIds`, message: `item "${item}" is in blocks "${other}" and "${b.blockId}"` });
      else itemBlock.set(item, b.blockId);
    }
  });
  return problems;
}

/**
 * Cyclic rotation: with B blocks and k blocks per form, form f holds blocks f, f+1, …, f+k−1
 * (mod B). Every block is in exactly k forms and in each position once (position effects
 * balance out); with 2 ≤ k < B every item is in at least two forms and no form is the whole pool.
 */
export function rotateBlocks(blocks: readonly ItemBlock[], blocksPerForm: number): AssessmentForm[] {
  const b = blocks.length;
  if (!Number.isInteger(blocksPerForm) || blocksPerForm < 2 || blocksPerForm >= b) {
    throw new SamplingInputError([
      {
        line: null,
        field: 'blocksPerForm',
        message: `blocks per form must be a whole number from 2 to ${b - 1} (${b} blocks), so every item is in two forms and no form holds the whole pool; got ${blocksPerForm}`,
      },
    ]);
  }
  const problems = blockProblems(blocks);
  if (problems.length > 0) throw new SamplingInputError(problems);
  return blocks.map((_, f) => ({
    formId: `F${f + 1}`,
    blockIds: Array.from({ length: blocksPerForm }, (__, j) => blocks[(f + j) % b].blockId),
  }));
}

/** Checks a form design (generated or hand-made) against the rules; empty when it passes. */
export function formDesignProblems(blocks: readonly ItemBlock[], forms: readonly AssessmentForm[]): FieldError[] {
  const problems = blockProblems(blocks);
  const byId = new Map(blocks.map((b) => [b.blockId, b]));
  const formsOfItem = new Map<string, number>();
  const poolSize = blocks.reduce((sum, b) => sum + b.itemIds.length, 0);
  forms.forEach((form, f) => {
    const items = new Set<string>();
    form.blockIds.forEach((id, j) => {
      const block = byId.get(id);
      if (!block) problems.push({ line: null, field: `forms/${f}/blockIds/${j}`, message: `unknown block "${id}"` });
      else block.itemIds.forEach((item) => items.add(item));
    });
    if (items.size === poolSize) problems.push({ line: null, field: `forms/${f}`, message: `form "${form.formId}" holds the whole item pool` });
    for (const item of items) formsOfItem.set(item, (formsOfItem.get(item) ?? 0) + 1);
  });
  for (const block of blocks) {
    for (const item of block.itemIds) {
      const count = formsOfItem.get(item) ?? 0;
      if (count < 2) problems.push({ line: null, field: `items/${item}`, message: `item "${item}" is in ${count} form(s); at least 2 are needed` });
    }
  }
  return problems;
}

/**
 * Spiralling within a school: pupils in their sampled order take the forms in turn from a
 * random starting form, so each school gets every form about equally and form is unrelated to
 * anything about the pupil.
 */
export function spiralForms(pupilIds: readonly string[], forms: readonly AssessmentForm[], random: RandomSource): { pupilId: string; formId: string }[] {
  if (forms.length === 0) throw new SamplingInputError([{ line: null, field: 'forms', message: 'no forms to assign' }]);
  const start = Math.floor(random() * forms.length);
  return pupilIds.map((pupilId, j) => ({ pupilId, formId: forms[(start + j) % forms.length].formId }));
}
