/**
 * Which published criteria each item evidences. An item document lists them in `criteria`
 * (item-bank/schemas/item.schema.json); an IRT item may also carry `tags.criterion` (a code or
 * a list). Both count, so a bank compiled from either source maps the same way.
 */
import type { CompiledBank } from '../irt/bank';
import type { ItemTags } from '../irt/types';

export interface EvidencingItem {
  id: string;
  criteria?: readonly string[];
  tags?: ItemTags;
}

/** The criterion codes an item evidences, without duplicates, in the order first given. */
export function criteriaOfItem(item: EvidencingItem): string[] {
  const tagged = item.tags?.criterion;
  const fromTags = tagged === undefined ? [] : Array.isArray(tagged) ? tagged : [tagged];
  return [...new Set([...(item.criteria ?? []), ...fromTags])];
}

/**
 * Criterion code → positions in the compiled bank of the items that evidence it. `documents`
 * supplies the item documents' `criteria` arrays (compileBank keeps tags, not documents); an
 * item id there that is not in the bank is ignored, since only calibrated bank items can map.
 */
export function criterionItems(
  bank: CompiledBank,
  documents: readonly EvidencingItem[] = [],
): Map<string, number[]> {
  const extra = new Map(documents.map((d) => [d.id, d]));
  const map = new Map<string, number[]>();
  bank.items.forEach((item, position) => {
    const doc = extra.get(item.id);
    const codes = criteriaOfItem({ id: item.id, tags: item.tags, criteria: doc ? criteriaOfItem(doc) : [] });
    for (const code of codes) {
      const list = map.get(code);
      if (list) list.push(position);
      else map.set(code, [position]);
    }
  });
  return map;
}
