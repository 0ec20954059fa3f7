/** Seeded synthetic banks for the adaptive-testing tests (not a test file itself). */
import { compileBank, type CompiledBank } from '../../../../server/irt/bank';
import { normalDeviate, seededRandom } from '../../../../server/irt/random';
import type { Item } from '../../../../server/irt/types';

/** catR's genDichoMatrix defaults: a ~ N(1, 0.2) (floored at 0.2 so every slope is positive), b ~ N(0, 1). */
export function twoParameterItems(size: number, seed: number, tags?: (i: number) => Item['tags']): Item[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i) => ({
    id: `q${i}`,
    model: '2PL' as const,
    a: Math.max(0.2, 1 + 0.2 * normalDeviate(random)),
    b: normalDeviate(random),
    ...(tags ? { tags: tags(i) } : {}),
  }));
}

export function twoParameterBank(size: number, seed: number, tags?: (i: number) => Item['tags']): CompiledBank {
  return compileBank(twoParameterItems(size, seed, tags));
}

/** A mixed bank: 2PL, 3PL and 4-category GRM items in turn. */
export function mixedItems(size: number, seed: number): Item[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i): Item => {
    const a = Math.max(0.3, 1 + 0.25 * normalDeviate(random));
    const b = normalDeviate(random);
    if (i % 3 === 0) return { id: `m${i}`, model: '2PL', a, b };
    if (i % 3 === 1) return { id: `m${i}`, model: '3PL', a, b, c: 0.1 + 0.1 * random() };
    const t0 = b - 0.8 - 0.3 * random();
    return { id: `m${i}`, model: 'GRM', a, thresholds: [t0, b, b + 0.8 + 0.3 * random()] };
  });
}
