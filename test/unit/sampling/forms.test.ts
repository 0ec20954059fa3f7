import { seededRandom } from '../../../server/irt/random';
import { buildBlocks, formDesignProblems, rotateBlocks, spiralForms, type ItemBlock } from '../../../server/sampling/forms';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';

const newItems = Array.from({ length: 40 }, (_, i) => `item${i}`);
const trendBlocks: ItemBlock[] = [
  { blockId: 'T1', itemIds: ['t1', 't2', 't3', 't4', 't5'], trend: true },
  { blockId: 'T2', itemIds: ['t6', 't7', 't8', 't9', 't10'], trend: true },
];

describe('buildBlocks', () => {
  it('keeps trend blocks intact and deals new items round-robin', () => {
    const blocks = buildBlocks(trendBlocks, newItems, 5);
    expect(blocks.slice(0, 2)).toEqual(trendBlocks);
    expect(blocks.slice(2).map((b) => b.blockId)).toEqual(['N1', 'N2', 'N3', 'N4', 'N5']);
    expect(blocks.slice(2).every((b) => b.itemIds.length === 8 && !b.trend)).toBe(true);
    expect(blocks[2].itemIds.slice(0, 2)).toEqual(['item0', 'item5']);
  });

  it('rejects an item in two blocks and more blocks than items', () => {
    expect(() => buildBlocks(trendBlocks, ['t3', 'x'], 1)).toThrow(/item "t3" is in blocks "T1" and "N1"/);
    expect(() => buildBlocks([], ['a', 'b'], 3)).toThrow(SamplingInputError);
  });
});

describe('rotateBlocks', () => {
  const blocks = buildBlocks(trendBlocks, newItems, 5);

  it('puts every item in at least two forms, no form holds the whole pool, positions balance', () => {
    const forms = rotateBlocks(blocks, 3);
    expect(forms).toHaveLength(7);
    expect(formDesignProblems(blocks, forms)).toEqual([]);
    for (const block of blocks) {
      const positions = forms.map((f) => f.blockIds.indexOf(block.blockId)).filter((p) => p >= 0).sort();
      expect(positions).toEqual([0, 1, 2]);
    }
  });

  it('refuses designs that would break the rules', () => {
    expect(() => rotateBlocks(blocks, 1)).toThrow(/from 2 to 6/);
    expect(() => rotateBlocks(blocks, 7)).toThrow(SamplingInputError);
    const oneForm = [{ formId: 'F1', blockIds: blocks.map((b) => b.blockId) }];
    const problems = formDesignProblems(blocks, oneForm);
    expect(problems).toContainEqual({ line: null, field: 'forms/0', message: 'form "F1" holds the whole item pool' });
    expect(problems).toContainEqual({ line: null, field: 'items/t1', message: 'item "t1" is in 1 form(s); at least 2 are needed' });
  });
});

describe('spiralForms', () => {
  it('hands the forms out in turn from a seeded random start', () => {
    const forms = rotateBlocks(buildBlocks([], newItems, 4), 2);
    const pupils = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const assigned = spiralForms(pupils, forms, seededRandom(3));
    const first = forms.findIndex((f) => f.formId === assigned[0].formId);
    assigned.forEach((a, j) => expect(a.formId).toBe(forms[(first + j) % 4].formId));
    expect(spiralForms(pupils, forms, seededRandom(3))).toEqual(assigned);
  });
});
