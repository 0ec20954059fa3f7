/**
 * Which modules an item is tagged to, for pretest seeding and the bank's module filter. The
 * item schema carries them as `modules`; items written before that field existed may carry
 * them as the tag `tags.modules` (a string or a list), which is read too.
 */
import type { ItemDocument } from '../scoring/itemDocument';

export function itemModules(item: ItemDocument): string[] {
  const own = (item as ItemDocument & { modules?: unknown }).modules;
  const tagged = item.tags?.modules;
  const found = [own, tagged].flatMap((value) => (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []));
  return [...new Set(found.filter((m): m is string => typeof m === 'string' && m.length > 0))];
}

/** An item whose parameters are still the author's judgement, not estimated from responses. */
export function hasProvisionalParameters(item: ItemDocument): boolean {
  return item.parameters.source.kind === 'provisional';
}
