/**
 * Hostile and pathological input: every case ends in a mark with a note, never a throw or a
 * hang, and the amount of work is bounded by the evaluation budget (a count, not a clock).
 */
import { seededRandom } from '../../../server/irt/random';
import { markExpression } from '../../../server/scoring/markExpression';
import { markResponse } from '../../../server/scoring/markResponse';
import { parseSafeExpression } from '../../../server/scoring/safeExpression';
import { validateAnswerShape } from '../../../server/scoring/validateAnswerShape';
import { buildItem, choiceOptions } from './itemBuilders';

const expressionItem = buildItem({ type: 'expression' }, { type: 'expression', value: 'x^2 + 1', forms: ['expanded'] });
const numericItem = buildItem({ type: 'numeric' }, { type: 'numeric', value: 3 });
const quantityItem = buildItem({ type: 'quantity' }, { type: 'quantity', value: 3, unit: 'm' });
const textItem = buildItem({ type: 'text' }, { type: 'text', accepted: ['three'] });

const hostile: string[] = [
  '1e999999',
  '-1e999999',
  '1e-999999',
  'import(x)',
  'import("fs")',
  'require("child_process")',
  'createUnit("foo")',
  'f(x) = x^2',
  'x = 7',
  'a.b.c',
  'x[1]',
  '{a: 1}',
  '[1, 2; 3, 4]',
  '"string"',
  "'string'",
  '1:10',
  'x ? 1 : 2',
  'x == 1',
  '$x',
  '\\x',
  'x\u0000',
  '__proto__',
  'constructor',
  'evaluate("1")',
  '('.repeat(10000),
  '('.repeat(150) + 'x' + ')'.repeat(150),
  '-'.repeat(150) + 'x',
  '2^'.repeat(90) + '2',
  'x^'.repeat(90) + 'x',
  '9^9^9^9^9',
  '(x+1)^1000000',
  'x'.repeat(10000),
  '1/0',
  '0/0',
  'sqrt(-1)',
  'ln(0)',
  'x/(x-x)',
  '\u202e1+x',
  '😀',
  '',
];

describe('hostile input never throws or hangs', () => {
  it.each(hostile.map((h) => [JSON.stringify(h).slice(0, 50), h] as const))('%s', (_label, input) => {
    for (const item of [expressionItem, numericItem, quantityItem, textItem]) {
      const mark = markResponse(item, input);
      expect(mark.score).toBe(0);
      expect(mark.note).toMatch(/^[A-Z][A-Z_]+$/);
    }
  });

  it('gives clear notes for the cases named in the issue', () => {
    expect(markResponse(expressionItem, '1e999999').note).toBe('EXPR_NUMBER_TOO_LARGE');
    expect(markResponse(numericItem, '1e999999').note).toBe('NUM_OUT_OF_RANGE');
    expect(markResponse(expressionItem, '('.repeat(40) + 'x' + ')'.repeat(40)).note).toBe('EXPR_TOO_DEEP');
    expect(markResponse(expressionItem, 'import(x)').note).toBe('EXPR_UNKNOWN_WORD');
    expect(markResponse(expressionItem, 'import("fs")').note).toBe('EXPR_FORBIDDEN');
  });

  it('refuses every mathjs node kind outside the whitelist', () => {
    for (const input of ['f(x)=x', 'x=1', 'a.b', 'x!', 'x ? 1 : 2', 'x < 1', 'x mod 2']) {
      const parsed = parseSafeExpression(input);
      if (parsed.ok) {
        // "x mod 2" is read as the product x·m·o·d·2: no operator reaches the evaluator.
        expect(parsed.reading.text).toBe('x*m*o*d*2');
      } else {
        expect(parsed.note).toMatch(/^EXPR_/);
      }
    }
  });

  it('stops when the evaluation budget runs out and says so', () => {
    const key = { type: 'expression' as const, value: '(a+b+c+d)^12' };
    const mark = markExpression(key, '(a+b+c+d)^12', { random: seededRandom(1), budget: 50 });
    expect(mark).toMatchObject({ score: 0, note: 'EXPR_TOO_COMPLEX' });
    const generous = markExpression(key, '(a+b+c+d)^12', { random: seededRandom(1), budget: 1_000_000 });
    expect(generous).toMatchObject({ score: 1, note: 'ALG_CORRECT' });
  });

  it('budgetMs maps to a step count, so the same budget gives the same mark on any machine', () => {
    const item = buildItem({ type: 'expression' }, { type: 'expression', value: '(a+b+c+d)^12' });
    expect(markResponse(item, '(a+b+c+d)^12', { budgetMs: 0.01 }).note).toBe('EXPR_TOO_COMPLEX');
    expect(markResponse(item, '(a+b+c+d)^12', { budgetMs: 500 }).note).toBe('ALG_CORRECT');
  });
});

describe('a broken item is marked 0 with a note instead of failing the sitting', () => {
  it('records KEY_INCONSISTENT or KEY_UNREADABLE', () => {
    const mismatched = buildItem({ type: 'numeric' }, { type: 'choice', correct: 'A' });
    expect(markResponse(mismatched, '3')).toMatchObject({ score: 0, note: 'KEY_INCONSISTENT' });
    const badValue = buildItem({ type: 'numeric' }, { type: 'numeric', value: 'three' });
    expect(markResponse(badValue, '3')).toMatchObject({ score: 0, note: 'KEY_UNREADABLE' });
    const badExpression = buildItem({ type: 'expression' }, { type: 'expression', value: 'x +' });
    expect(markResponse(badExpression, 'x')).toMatchObject({ score: 0, note: 'KEY_UNREADABLE' });
    const missingPart = buildItem(
      { type: 'multi-part', parts: [{ id: 'a', stem: 'A', interaction: { type: 'numeric' } }] },
      { type: 'multi-part', parts: {} },
    );
    expect(markResponse(missingPart, { a: '1' })).toMatchObject({ score: 0, note: 'a:KEY_INCONSISTENT' });
  });
});

describe('marking is deterministic', () => {
  it('gives the same mark for the same answer whatever seed is passed', () => {
    const answers = ['x^2+1', '1+x^2', '(x+1)^2-2x', 'x^2-1', 'x(x+1)'];
    const reference = answers.map((a) => markResponse(expressionItem, a));
    for (let seed = 1; seed <= 20; seed += 1) {
      expect(answers.map((a) => markResponse(expressionItem, a, { random: seededRandom(seed) }))).toEqual(reference);
    }
  });

  it('does not call Math.random or read the clock', () => {
    const random = jest.spyOn(Math, 'random');
    const now = jest.spyOn(Date, 'now');
    markResponse(expressionItem, 'sqrt(x^4) + 1');
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
    random.mockRestore();
    now.mockRestore();
  });
});

describe('validateAnswerShape', () => {
  const choice = buildItem({ type: 'choice', options: choiceOptions }, { type: 'choice', correct: 'C' });
  const ordering = buildItem({ type: 'ordering', options: choiceOptions }, { type: 'ordering', correctOrder: ['A', 'B', 'C', 'D'] });
  const multi = buildItem(
    { type: 'multi-part', parts: [{ id: 'a', stem: 'A', interaction: { type: 'numeric', maxLength: 10 } }, { id: 'b', stem: 'B', interaction: { type: 'choice', options: choiceOptions } }] },
    { type: 'multi-part', parts: { a: { type: 'numeric', value: 1 }, b: { type: 'choice', correct: 'A' } } },
  );

  it('accepts well-formed answers', () => {
    expect(validateAnswerShape(choice, 'C')).toEqual([]);
    expect(validateAnswerShape(ordering, ['D', 'C', 'B', 'A'])).toEqual([]);
    expect(validateAnswerShape(multi, { a: '12', b: 'B' })).toEqual([]);
    expect(validateAnswerShape(multi, { a: '12' })).toEqual([]);
    expect(validateAnswerShape(numericItem, '3')).toEqual([]);
  });

  it('names the path of what is wrong', () => {
    expect(validateAnswerShape(choice, 'Z')).toEqual([{ path: '/answer', message: '"Z" is not one of the options.' }]);
    expect(validateAnswerShape(choice, 3)).toEqual([{ path: '/answer', message: 'Choose one of the options.' }]);
    expect(validateAnswerShape(ordering, ['A', 'A', 'B', 'C'])).toEqual([{ path: '/answer/1', message: '"A" appears twice.' }]);
    expect(validateAnswerShape(ordering, ['A', 'B'])).toEqual([{ path: '/answer', message: 'Put every option in order.' }]);
    expect(validateAnswerShape(multi, { a: '12345678901', c: 'x' })).toEqual([
      { path: '/answer/c', message: '"c" is not a part of this question.' },
      { path: '/answer/a', message: 'The answer is too long: at most 10 characters.' },
    ]);
    expect(validateAnswerShape(multi, 'A', '/payload/answer')).toEqual([{ path: '/payload/answer', message: 'Send the answers to the parts as an object keyed by part.' }]);
    expect(validateAnswerShape(numericItem, 'x'.repeat(201))).toEqual([{ path: '/answer', message: 'The answer is too long: at most 200 characters.' }]);
    expect(validateAnswerShape(numericItem, { a: 1 })).toEqual([{ path: '/answer', message: 'The answer must be text.' }]);
  });
});

describe('fuzzing: random typed input never throws', () => {
  const alphabet = [...'0123456789xyzabe+-*/^().,= %½²³⁻√π×÷−·[]{}!?;:\'"<>|&$#@\\_~`', 'sin', 'sqrt', 'ln', 'log', 'pi', 'e', 'E', 'cm', 'km/h', ' ', ' ', '10^', '1e', '/0'];
  const items = [
    expressionItem,
    buildItem({ type: 'expression' }, { type: 'expression', value: 'y = 2x + 3', forms: ['subject'] }),
    buildItem({ type: 'expression' }, { type: 'expression', value: '(x+2)(x+3)', forms: ['factorised', 'simplified', 'lowest-terms'] }),
    numericItem,
    buildItem({ type: 'numeric' }, { type: 'numeric', value: '2/3', significantFigures: 3 }),
    buildItem({ type: 'numeric' }, { type: 'numeric', value: 0.125, decimalPlaces: 2, accept: ['decimal', 'percentage'] }),
    quantityItem,
    textItem,
  ];

  it('300 random strings against every kind of typed item', () => {
    const random = seededRandom(99);
    for (let n = 0; n < 300; n += 1) {
      const length = 1 + Math.floor(random() * 25);
      let input = '';
      for (let i = 0; i < length; i += 1) input += alphabet[Math.floor(random() * alphabet.length)];
      for (const item of items) {
        const mark = markResponse(item, input);
        expect(Number.isInteger(mark.score)).toBe(true);
        expect(mark.score).toBeGreaterThanOrEqual(0);
        expect(mark.score).toBeLessThanOrEqual(mark.maxScore);
        expect(mark.note).toMatch(/^[A-Z][A-Z0-9_]+$/);
      }
    }
  }, 120_000);
});
