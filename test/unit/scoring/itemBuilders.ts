import type { AnswerSpec, Interaction, ItemDocument } from '../../../server/scoring/itemDocument';

/** A valid live item around the given interaction and answer (2PL, provisional). */
export function buildItem(interaction: Interaction, answer: AnswerSpec, overrides: Partial<ItemDocument> = {}): ItemDocument {
  return {
    id: 'test-item',
    version: 1,
    status: 'live',
    subject: 'maths',
    stem: 'A question.',
    interaction,
    answer,
    criteria: ['N1'],
    tags: { strand: 'number' },
    parameters: { model: '2PL', a: 1.2, b: 0.3, source: { kind: 'provisional', date: '2026-09-01' } },
    ...overrides,
  };
}

export const choiceOptions = [
  { id: 'A', content: '$\\frac{2}{3}$' },
  { id: 'B', content: '$\\frac{3}{8}$' },
  { id: 'C', content: '$\\frac{4}{8}$' },
  { id: 'D', content: '$\\frac{5}{12}$' },
];
