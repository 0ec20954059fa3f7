/**
 * The marking table: pupil answers with the mark and answer note a maths teacher would give.
 * Each group is one item; each row is [what the pupil typed or chose, score, note].
 */
import type { AnswerSpec, Interaction, ItemDocument, PupilAnswer } from '../../../server/scoring/itemDocument';
import { markResponse } from '../../../server/scoring/markResponse';
import { modelAnswer } from '../../../server/scoring/modelAnswer';
import { validateItemDocument } from '../../../server/scoring/validateItemDocument';
import { buildItem, choiceOptions } from './itemBuilders';

type Row = [answer: PupilAnswer, score: number, note: string];
interface Group {
  title: string;
  item: ItemDocument;
  rows: Row[];
}

const typed = (type: 'text' | 'numeric' | 'expression' | 'quantity', extra: object = {}): Interaction => ({ type, ...extra }) as Interaction;
const group = (title: string, interaction: Interaction, answer: AnswerSpec, rows: Row[], id = 'table-item'): Group => ({
  title,
  item: buildItem(interaction, answer, { id }),
  rows,
});

const groups: Group[] = [
  group('single choice: which fraction equals a half', { type: 'choice', options: choiceOptions }, { type: 'choice', correct: 'C', optionNotes: { A: 'FRAC_BIGGER_IS_HALF', D: 'FRAC_NEAR_HALF' } }, [
    ['C', 1, 'CHOICE_CORRECT'],
    ['A', 0, 'FRAC_BIGGER_IS_HALF'],
    ['B', 0, 'CHOICE_INCORRECT'],
    ['D', 0, 'FRAC_NEAR_HALF'],
    ['', 0, 'NO_ANSWER'],
    [['C'], 0, 'ANSWER_MALFORMED'],
  ]),
  group(
    'multiple response: which are prime (per-option credit, 2 marks)',
    { type: 'multiple-response', options: [{ id: 'a', content: '2' }, { id: 'b', content: '9' }, { id: 'c', content: '11' }, { id: 'd', content: '15' }] },
    { type: 'multiple-response', correct: ['a', 'c'], marks: 2, partialCredit: 'per-option' },
    [
      [['a', 'c'], 2, 'MR_CORRECT'],
      [['c', 'a'], 2, 'MR_CORRECT'],
      [['a'], 1, 'MR_PARTIAL'],
      [['a', 'c', 'b'], 1, 'MR_PARTIAL_WITH_WRONG'],
      [['a', 'b'], 0, 'MR_INCORRECT'],
      [['a', 'b', 'c', 'd'], 0, 'MR_EXTRA_CHOICES'],
      [['b', 'd'], 0, 'MR_INCORRECT'],
      [[], 0, 'NO_ANSWER'],
      ['a', 0, 'ANSWER_MALFORMED'],
    ],
  ),
  group(
    'multiple response: all or nothing',
    { type: 'multiple-response', options: [{ id: 'a', content: '2' }, { id: 'b', content: '9' }, { id: 'c', content: '11' }] },
    { type: 'multiple-response', correct: ['a', 'c'] },
    [
      [['a', 'c'], 1, 'MR_CORRECT'],
      [['a'], 0, 'MR_MISSING_CHOICES'],
      [['a', 'b', 'c'], 0, 'MR_EXTRA_CHOICES'],
    ],
  ),
  group(
    'ordering: smallest first (adjacent pairs, 3 marks)',
    { type: 'ordering', options: [{ id: 'p', content: '0.35' }, { id: 'q', content: '1/3' }, { id: 'r', content: '30%' }, { id: 's', content: '0.4' }] },
    { type: 'ordering', correctOrder: ['r', 'q', 'p', 's'], marks: 3, partialCredit: 'adjacent-pairs' },
    [
      [['r', 'q', 'p', 's'], 3, 'ORDER_CORRECT'],
      [['s', 'p', 'q', 'r'], 0, 'ORDER_REVERSED'],
      [['q', 'r', 'p', 's'], 1, 'ORDER_PARTIAL'],
      [['r', 'q', 's', 'p'], 1, 'ORDER_PARTIAL'],
      [['p', 's', 'r', 'q'], 2, 'ORDER_PARTIAL'],
      [['q', 's', 'r', 'p'], 0, 'ORDER_INCORRECT'],
    ],
  ),
  group('text: name of a triangle (case and spacing ignored)', typed('text'), { type: 'text', accepted: ['isosceles', 'isosceles triangle'], anticipated: [{ value: 'equilateral', note: 'GEOM_EQUAL_SIDES_CONFUSION' }] }, [
    ['isosceles', 1, 'TEXT_CORRECT'],
    ['Isosceles', 1, 'TEXT_CORRECT'],
    ['  ISOSCELES  ', 1, 'TEXT_CORRECT'],
    ['isosceles   triangle', 1, 'TEXT_CORRECT'],
    ['equilateral', 0, 'GEOM_EQUAL_SIDES_CONFUSION'],
    ['isoceles', 0, 'TEXT_INCORRECT'],
    ['isosceles.', 0, 'TEXT_FORMAT_DIFFERS'],
    ['scalene', 0, 'TEXT_INCORRECT'],
  ]),
  group('text: punctuation ignored, case kept', typed('text'), { type: 'text', accepted: ['Pythagoras'], normalise: { ignoreCase: false, ignorePunctuation: true } }, [
    ['Pythagoras', 1, 'TEXT_CORRECT'],
    ['Pythagoras!', 1, 'TEXT_CORRECT'],
    ['pythagoras', 0, 'TEXT_FORMAT_DIFFERS'],
  ]),
  group('text: accents ignored, spaces ignored', typed('text'), { type: 'text', accepted: ['Möbius strip'], normalise: { ignoreAccents: true, spacing: 'ignore' } }, [
    ['Mobius strip', 1, 'TEXT_CORRECT'],
    ['möbiusstrip', 1, 'TEXT_CORRECT'],
    ['moebius strip', 0, 'TEXT_INCORRECT'],
  ]),

  group('numeric: 7 × 8', typed('numeric'), { type: 'numeric', value: 56, anticipated: [{ value: 54, note: 'NUM_TABLES_SLIP' }, { value: 15, note: 'NUM_ADDED_NOT_MULTIPLIED' }] }, [
    ['56', 1, 'NUM_CORRECT'],
    [' 56 ', 1, 'NUM_CORRECT'],
    ['56.0', 1, 'NUM_CORRECT'],
    ['+56', 1, 'NUM_CORRECT'],
    ['112/2', 1, 'NUM_CORRECT'],
    ['54', 0, 'NUM_TABLES_SLIP'],
    ['15', 0, 'NUM_ADDED_NOT_MULTIPLIED'],
    ['-56', 0, 'NUM_SIGN_ERROR'],
    ['−56', 0, 'NUM_SIGN_ERROR'],
    ['560', 0, 'NUM_PLACE_VALUE_ERROR'],
    ['5.6', 0, 'NUM_PLACE_VALUE_ERROR'],
    ['57', 0, 'NUM_INCORRECT'],
    ['7*8', 0, 'NUM_NOT_EVALUATED'],
    ['7×8', 0, 'NUM_NOT_EVALUATED'],
    ['7+8', 0, 'NUM_CALCULATION_INCORRECT'],
    ['fifty-six', 0, 'NUM_UNREADABLE'],
    ['', 0, 'NO_ANSWER'],
    ['1e999999', 0, 'NUM_OUT_OF_RANGE'],
    ['9'.repeat(500), 0, 'NUM_UNREADABLE'],
  ]),
  group('numeric: 3/4 as a decimal (fractions not accepted)', typed('numeric'), { type: 'numeric', value: 0.75, accept: ['decimal'] }, [
    ['0.75', 1, 'NUM_CORRECT'],
    ['.75', 1, 'NUM_CORRECT'],
    ['0.750', 1, 'NUM_CORRECT'],
    ['3/4', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['¾', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['75%', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['0.7', 0, 'NUM_INCORRECT'],
    ['7.5', 0, 'NUM_PLACE_VALUE_ERROR'],
    ['75', 0, 'NUM_OUT_BY_100'],
    ['0.34', 0, 'NUM_INCORRECT'],
  ]),
  group('numeric: 1/2 + 1/4, any form, lowest terms required', typed('numeric'), { type: 'numeric', value: '3/4', lowestTerms: true, anticipated: [{ value: '2/6', note: 'FRAC_ADDED_TOPS_AND_BOTTOMS' }] }, [
    ['3/4', 1, 'NUM_CORRECT'],
    ['3 / 4', 1, 'NUM_CORRECT'],
    ['¾', 1, 'NUM_CORRECT'],
    ['0.75', 1, 'NUM_CORRECT'],
    ['6/8', 0, 'NUM_NOT_LOWEST_TERMS'],
    ['2/6', 0, 'FRAC_ADDED_TOPS_AND_BOTTOMS'],
    ['1/3', 0, 'FRAC_ADDED_TOPS_AND_BOTTOMS'],
    ['75%', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['3/0', 0, 'NUM_ZERO_DENOMINATOR'],
    ['-3/4', 0, 'NUM_SIGN_ERROR'],
  ]),
  group('numeric: 1/3 exactly (fractions vs decimals)', typed('numeric'), { type: 'numeric', value: '1/3' }, [
    ['1/3', 1, 'NUM_CORRECT'],
    ['2/6', 1, 'NUM_CORRECT'],
    ['⅓', 1, 'NUM_CORRECT'],
    ['0.33', 0, 'NUM_ROUNDED_NOT_EXACT'],
    ['0.333', 0, 'NUM_ROUNDED_NOT_EXACT'],
    ['0.3', 0, 'NUM_ROUNDED_NOT_EXACT'],
    ['0.34', 0, 'NUM_INCORRECT'],
    ['3', 0, 'NUM_INCORRECT'],
  ]),
  group('numeric: 1/3 to an accuracy of 0.01', typed('numeric'), { type: 'numeric', value: '1/3', tolerance: { absolute: 0.01 } }, [
    ['0.33', 1, 'NUM_WITHIN_TOLERANCE'],
    ['0.333', 1, 'NUM_WITHIN_TOLERANCE'],
    ['1/3', 1, 'NUM_CORRECT'],
    ['0.34', 1, 'NUM_WITHIN_TOLERANCE'],
    ['0.35', 0, 'NUM_INCORRECT'],
    ['0.3', 0, 'NUM_ROUNDED_NOT_EXACT'],
  ]),
  group('numeric: mixed numbers, 1 1/2 + 1 3/4', typed('numeric'), { type: 'numeric', value: '3 1/4', accept: ['mixed-number', 'fraction'] }, [
    ['3 1/4', 1, 'NUM_CORRECT'],
    ['3¼', 1, 'NUM_CORRECT'],
    ['3 ¼', 1, 'NUM_CORRECT'],
    ['13/4', 1, 'NUM_CORRECT'],
    ['3.25', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['2 5/4', 1, 'NUM_CORRECT'],
    ['2 1/4', 0, 'NUM_INCORRECT'],
    ['-3 1/4', 0, 'NUM_SIGN_ERROR'],
  ]),
  group('numeric: a mixed number only', typed('numeric'), { type: 'numeric', value: '3 1/4', accept: ['mixed-number'] }, [
    ['3 1/4', 1, 'NUM_CORRECT'],
    ['13/4', 0, 'NUM_EQUIV_WRONG_FORM'],
  ]),
  group('numeric: percentages, 35% (percent shown after the box)', typed('numeric', { suffix: '%' }), { type: 'numeric', value: 35 }, [
    ['35', 1, 'NUM_CORRECT'],
    ['35%', 1, 'NUM_CORRECT'],
    ['35 %', 1, 'NUM_CORRECT'],
    ['0.35', 0, 'NUM_OUT_BY_100'],
    ['3.5', 0, 'NUM_PLACE_VALUE_ERROR'],
    ['36', 0, 'NUM_INCORRECT'],
  ]),
  group('numeric: probability 0.35, percentages allowed', typed('numeric'), { type: 'numeric', value: 0.35, accept: ['decimal', 'fraction', 'percentage'] }, [
    ['0.35', 1, 'NUM_CORRECT'],
    ['35%', 1, 'NUM_CORRECT'],
    ['7/20', 1, 'NUM_CORRECT'],
    ['35', 0, 'NUM_OUT_BY_100'],
    ['3.5%', 0, 'NUM_PLACE_VALUE_ERROR'],
  ]),
  group('numeric: significant figures, 0.2996 to 2 s.f.', typed('numeric'), { type: 'numeric', value: 0.2996, significantFigures: 2 }, [
    ['0.30', 1, 'NUM_CORRECT'],
    ['.30', 1, 'NUM_CORRECT'],
    ['0.3', 0, 'NUM_WRONG_SF'],
    ['0.300', 0, 'NUM_WRONG_SF'],
    ['0.2996', 0, 'NUM_NOT_ROUNDED'],
    ['0.29', 0, 'NUM_TRUNCATED'],
    ['0.31', 0, 'NUM_INCORRECT'],
    ['3/10', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['3.0 × 10^-1', 1, 'NUM_CORRECT'],
    ['3.0e-1', 1, 'NUM_CORRECT'],
    ['-0.30', 0, 'NUM_SIGN_ERROR'],
  ]),
  group('numeric: significant figures, 2.5 to 3 s.f.', typed('numeric'), { type: 'numeric', value: 2.5, significantFigures: 3 }, [
    ['2.50', 1, 'NUM_CORRECT'],
    ['2.5', 0, 'NUM_WRONG_SF'],
    ['2.500', 0, 'NUM_WRONG_SF'],
    ['5/2', 0, 'NUM_EQUIV_WRONG_FORM'],
  ]),
  group('numeric: 3 s.f. of 299.6 (trailing zeros of a whole number)', typed('numeric'), { type: 'numeric', value: 299.6, significantFigures: 3 }, [
    ['300', 1, 'NUM_CORRECT'],
    ['300.', 1, 'NUM_CORRECT'],
    ['300.0', 0, 'NUM_WRONG_SF'],
    ['299.6', 0, 'NUM_NOT_ROUNDED'],
    ['299', 0, 'NUM_TRUNCATED'],
    ['3.00 × 10^2', 1, 'NUM_CORRECT'],
    ['3 × 10^2', 0, 'NUM_WRONG_SF'],
  ]),
  group('numeric: 1 s.f. estimate of 4872', typed('numeric'), { type: 'numeric', value: 4872, significantFigures: 1 }, [
    ['5000', 1, 'NUM_CORRECT'],
    ['4900', 0, 'NUM_WRONG_SF'],
    ['4000', 0, 'NUM_TRUNCATED'],
    ['4872', 0, 'NUM_NOT_ROUNDED'],
  ]),
  group('numeric: 0.00149 to 1 s.f.', typed('numeric'), { type: 'numeric', value: 0.00149, significantFigures: 1 }, [
    ['0.001', 1, 'NUM_CORRECT'],
    ['0.0015', 0, 'NUM_WRONG_SF'],
    ['0.00', 0, 'NUM_INCORRECT'],
    ['0.002', 0, 'NUM_INCORRECT'],
  ]),
  group('numeric: circle area r = 3 to 2 d.p.', typed('numeric', { suffix: 'cm²' }), { type: 'numeric', value: 28.274333882308138, decimalPlaces: 2 }, [
    ['28.27', 1, 'NUM_CORRECT'],
    ['28.27 cm²', 1, 'NUM_CORRECT'],
    ['28.3', 0, 'NUM_WRONG_DP'],
    ['28.274', 0, 'NUM_WRONG_DP'],
    ['28.270', 0, 'NUM_WRONG_DP'],
    ['28.28', 0, 'NUM_INCORRECT'],
    ['28.2743', 0, 'NUM_WRONG_DP'],
    ['18.85', 0, 'NUM_INCORRECT'],
    ['28', 0, 'NUM_WRONG_DP'],
  ]),
  group('numeric: 2.5 to 2 d.p. (trailing zero required)', typed('numeric'), { type: 'numeric', value: 2.5, decimalPlaces: 2 }, [
    ['2.50', 1, 'NUM_CORRECT'],
    ['2.5', 0, 'NUM_WRONG_DP'],
    ['2.500', 0, 'NUM_WRONG_DP'],
  ]),
  group('numeric: truncation, 2/3 to 1 d.p.', typed('numeric'), { type: 'numeric', value: '2/3', decimalPlaces: 1 }, [
    ['0.7', 1, 'NUM_CORRECT'],
    ['0.6', 0, 'NUM_TRUNCATED'],
    ['0.67', 0, 'NUM_WRONG_DP'],
    ['2/3', 0, 'NUM_EQUIV_WRONG_FORM'],
  ]),
  group('numeric: relative tolerance 1%, partial band 5% (2 marks)', typed('numeric'), { type: 'numeric', value: 200, tolerance: { relative: 0.01 }, marks: 2, anticipated: [{ tolerance: { relative: 0.05 }, score: 1, note: 'NUM_WITHIN_5_PERCENT' }] }, [
    ['200', 2, 'NUM_CORRECT'],
    ['202', 2, 'NUM_WITHIN_TOLERANCE'],
    ['198', 2, 'NUM_WITHIN_TOLERANCE'],
    ['203', 1, 'NUM_WITHIN_5_PERCENT'],
    ['210', 1, 'NUM_WITHIN_5_PERCENT'],
    ['211', 0, 'NUM_INCORRECT'],
    ['2000', 0, 'NUM_PLACE_VALUE_ERROR'],
  ]),
  group('numeric: money, £3.50 (pound sign shown before the box)', typed('numeric', { prefix: '£' }), { type: 'numeric', value: 3.5, decimalPlaces: 2 }, [
    ['3.50', 1, 'NUM_CORRECT'],
    ['£3.50', 1, 'NUM_CORRECT'],
    ['£ 3.50', 1, 'NUM_CORRECT'],
    ['3.5', 0, 'NUM_WRONG_DP'],
    ['350', 0, 'NUM_OUT_BY_100'],
  ]),
  group('numeric: negatives, −3 − 5', typed('numeric'), { type: 'numeric', value: -8 }, [
    ['-8', 1, 'NUM_CORRECT'],
    ['−8', 1, 'NUM_CORRECT'],
    ['– 8', 1, 'NUM_CORRECT'],
    ['8', 0, 'NUM_SIGN_ERROR'],
    ['-2', 0, 'NUM_INCORRECT'],
  ]),
  group('numeric: large numbers with separators', typed('numeric'), { type: 'numeric', value: 12500 }, [
    ['12500', 1, 'NUM_CORRECT'],
    ['12,500', 1, 'NUM_CORRECT'],
    ['12 500', 1, 'NUM_CORRECT'],
    ['1.25 × 10^4', 1, 'NUM_CORRECT'],
    ['1.25×10⁴', 1, 'NUM_CORRECT'],
    ['12,50', 0, 'NUM_UNREADABLE'],
    ['125', 0, 'NUM_OUT_BY_100'],
  ]),
  group('numeric: standard form only', typed('numeric'), { type: 'numeric', value: 0.00045, accept: ['standard-form'] }, [
    ['4.5 × 10^-4', 1, 'NUM_CORRECT'],
    ['4.5 x 10^-4', 1, 'NUM_CORRECT'],
    ['4.5×10⁻⁴', 1, 'NUM_CORRECT'],
    ['0.00045', 0, 'NUM_EQUIV_WRONG_FORM'],
    ['4.5 × 10^4', 0, 'NUM_INCORRECT'],
    ['45 × 10^-5', 1, 'NUM_CORRECT'],
  ]),
  group('numeric list: solve x^2 + x − 6 = 0 (2 marks, part marks per solution)', typed('numeric'), { type: 'numeric', value: [2, -3], marks: 2 }, [
    ['2, -3', 2, 'NUM_CORRECT'],
    ['-3, 2', 2, 'NUM_CORRECT'],
    ['x = 2 or x = −3', 2, 'NUM_CORRECT'],
    ['x=-3 and x=2', 2, 'NUM_CORRECT'],
    ['2; -3', 2, 'NUM_CORRECT'],
    ['2,-3', 2, 'NUM_CORRECT'],
    ['-2, 3', 0, 'NUM_SET_SIGN_ERROR'],
    ['2', 1, 'NUM_SET_INCOMPLETE'],
    ['2, -3, 0', 0, 'NUM_SET_EXTRA_VALUES'],
    ['2, 3', 0, 'NUM_SET_PARTLY_WRONG'],
    ['2, 2', 0, 'NUM_SET_PARTLY_WRONG'],
    ['1, 6', 0, 'NUM_INCORRECT'],
    ['2, minus 3', 0, 'NUM_UNREADABLE'],
  ]),
  group('numeric list: solutions to 2 d.p.', typed('numeric'), { type: 'numeric', value: ['1/3', '-5/2'], decimalPlaces: 2 }, [
    ['0.33, -2.50', 1, 'NUM_CORRECT'],
    ['-2.50 or 0.33', 1, 'NUM_CORRECT'],
    ['0.33, -2.5', 0, 'NUM_SET_PARTLY_WRONG'],
    ['1,000, 0.33', 0, 'NUM_SET_PARTLY_WRONG'],
  ]),
  group('numeric: answer after "x ="', typed('numeric', { prefix: 'x =' }), { type: 'numeric', value: 4 }, [
    ['4', 1, 'NUM_CORRECT'],
    ['4.0', 1, 'NUM_CORRECT'],
    ['x = 4', 1, 'NUM_CORRECT'],
    ['x=4.0', 1, 'NUM_CORRECT'],
    ['x = 5', 0, 'NUM_INCORRECT'],
    ['x = y = 4', 0, 'NUM_UNREADABLE'],
  ]),

  group('expression: expand 2x(x + 1)', typed('expression'), { type: 'expression', value: '2x^2+2x', forms: ['expanded', 'simplified'] }, [
    ['2x^2+2x', 1, 'ALG_CORRECT'],
    ['2x²+2x', 1, 'ALG_CORRECT'],
    ['2x + 2x^2', 1, 'ALG_CORRECT'],
    ['2*x^2 + 2*x', 1, 'ALG_CORRECT'],
    ['2x(x+1)', 0, 'ALG_EQUIV_NOT_EXPANDED'],
    ['2x^2 + x + x', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['x*x*2 + 2x', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['2x^2+2', 0, 'ALG_NOT_EQUIV'],
    ['2x^2+x', 0, 'ALG_NOT_EQUIV'],
    ['x^2+2x', 0, 'ALG_NOT_EQUIV'],
    ['-2x^2-2x', 0, 'ALG_SIGN_ERROR'],
    ['2y^2+2y', 0, 'ALG_UNEXPECTED_VARIABLE'],
  ]),
  group('expression: factorise 2x^2 + 2x fully', typed('expression'), { type: 'expression', value: '2x(x+1)', forms: ['factorised'] }, [
    ['2x(x+1)', 1, 'ALG_CORRECT'],
    ['2x(1+x)', 1, 'ALG_CORRECT'],
    ['(x+1)2x', 1, 'ALG_CORRECT'],
    ['2(x+1)x', 1, 'ALG_CORRECT'],
    ['2x·(x+1)', 1, 'ALG_CORRECT'],
    ['2x^2+2x', 0, 'ALG_EQUIV_NOT_FACTORISED'],
    ['2(x^2+x)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['x(2x+2)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['2x(x-1)', 0, 'ALG_NOT_EQUIV'],
    ['2x(x+2)', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: factorise x^2 + 5x + 6, 1 mark of 2 for equivalent', typed('expression'), { type: 'expression', value: '(x+2)(x+3)', forms: ['factorised'], marks: 2, equivalentScore: 1, anticipated: [{ value: '(x+1)(x+6)', score: 0, note: 'ALG_FACTOR_PAIR_ADDS_WRONG' }] }, [
    ['(x+2)(x+3)', 2, 'ALG_CORRECT'],
    ['(x+3)(x+2)', 2, 'ALG_CORRECT'],
    ['(3+x)(2+x)', 2, 'ALG_CORRECT'],
    ['x^2+5x+6', 1, 'ALG_EQUIV_NOT_FACTORISED'],
    ['(x+1)(x+6)', 0, 'ALG_FACTOR_PAIR_ADDS_WRONG'],
    ['(x-2)(x-3)', 0, 'ALG_NOT_EQUIV'],
    ['(x+2)(x+3', 0, 'EXPR_UNREADABLE'],
  ]),
  group('expression: factorise 6x + 9', typed('expression'), { type: 'expression', value: '3(2x+3)', forms: ['factorised'] }, [
    ['3(2x+3)', 1, 'ALG_CORRECT'],
    ['(2x+3)3', 1, 'ALG_CORRECT'],
    ['3(3+2x)', 1, 'ALG_CORRECT'],
    ['6x+9', 0, 'ALG_EQUIV_NOT_FACTORISED'],
    ['3(2x+9)', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: factorise 4x^2 − 9 (difference of two squares)', typed('expression'), { type: 'expression', value: '(2x-3)(2x+3)', forms: ['factorised'] }, [
    ['(2x-3)(2x+3)', 1, 'ALG_CORRECT'],
    ['(2x+3)(2x−3)', 1, 'ALG_CORRECT'],
    ['(2x-3)^2', 0, 'ALG_NOT_EQUIV'],
    ['4x^2-9', 0, 'ALG_EQUIV_NOT_FACTORISED'],
    ['(3+2x)(2x-3)', 1, 'ALG_CORRECT'],
  ]),
  group('expression: expand (x + 3)^2, no form required', typed('expression'), { type: 'expression', value: 'x^2+6x+9' }, [
    ['x^2+6x+9', 1, 'ALG_CORRECT'],
    ['(x+3)^2', 1, 'ALG_CORRECT'],
    ['(x+3)(x+3)', 1, 'ALG_CORRECT'],
    ['x^2+9', 0, 'ALG_NOT_EQUIV'],
    ['x^2+3x+9', 0, 'ALG_NOT_EQUIV'],
    ['x²+6x+9', 1, 'ALG_CORRECT'],
  ]),
  group('expression: expand (x + 3)^2 with the expected wrong answer', typed('expression'), { type: 'expression', value: 'x^2+6x+9', forms: ['expanded'], anticipated: [{ value: 'x^2+9', note: 'ALG_SQUARED_TERMS_ONLY' }] }, [
    ['x^2+9', 0, 'ALG_SQUARED_TERMS_ONLY'],
    ['9+x^2', 0, 'ALG_SQUARED_TERMS_ONLY'],
    ['(x+3)^2', 0, 'ALG_EQUIV_NOT_EXPANDED'],
    ['9 + 6x + x^2', 1, 'ALG_CORRECT'],
  ]),
  group('expression: simplify 3a + 2b − a + 4b', typed('expression'), { type: 'expression', value: '2a+6b', forms: ['simplified'] }, [
    ['2a+6b', 1, 'ALG_CORRECT'],
    ['6b+2a', 1, 'ALG_CORRECT'],
    ['2(a+3b)', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['3a+2b-a+4b', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['2a + 6b + 0', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['1*2a+6b', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['8ab', 0, 'ALG_NOT_EQUIV'],
    ['4a+6b', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: simplify the algebraic fraction (x^2 − 1)/(x − 1)', typed('expression'), { type: 'expression', value: 'x+1', forms: ['simplified'] }, [
    ['x+1', 1, 'ALG_CORRECT'],
    ['1+x', 1, 'ALG_CORRECT'],
    ['(x^2-1)/(x-1)', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['x-1', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: 6x/8 in lowest terms', typed('expression'), { type: 'expression', value: '3x/4', forms: ['lowest-terms'] }, [
    ['3x/4', 1, 'ALG_CORRECT'],
    ['(3/4)x', 1, 'ALG_CORRECT'],
    ['0.75x', 1, 'ALG_CORRECT'],
    ['6x/8', 0, 'ALG_EQUIV_NOT_LOWEST_TERMS'],
    ['6/8x', 0, 'ALG_EQUIV_NOT_LOWEST_TERMS'],
    ['3x/8', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: how people type it', typed('expression'), { type: 'expression', value: 'x/2 + 3' }, [
    ['½x + 3', 1, 'ALG_CORRECT'],
    ['0.5x+3', 1, 'ALG_CORRECT'],
    ['x ÷ 2 + 3', 1, 'ALG_CORRECT'],
    ['(x+6)/2', 1, 'ALG_CORRECT'],
    ['1/2x+3', 1, 'ALG_CORRECT'],
    ['3 + x/2', 1, 'ALG_CORRECT'],
    ['x/2+3 ', 1, 'ALG_CORRECT'],
    ['x/(2+3)', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: powers and roots (floating-point points)', typed('expression'), { type: 'expression', value: 'sqrt(x)' }, [
    ['√x', 1, 'ALG_CORRECT'],
    ['x^(1/2)', 1, 'ALG_CORRECT'],
    ['x^0.5', 1, 'ALG_CORRECT'],
    ['sqrt(x)', 1, 'ALG_CORRECT'],
    ['x/2', 0, 'ALG_NOT_EQUIV'],
    ['x^2', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: simplify √8 (surds)', typed('expression'), { type: 'expression', value: '2sqrt(2)', forms: ['simplified'] }, [
    ['2√2', 1, 'ALG_CORRECT'],
    ['2sqrt(2)', 1, 'ALG_CORRECT'],
    ['√8', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['sqrt(4)sqrt(2)', 0, 'ALG_EQUIV_NOT_SIMPLIFIED'],
    ['4√2', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: factorise 4x^2 − 36 fully', typed('expression'), { type: 'expression', value: '4(x+3)(x-3)', forms: ['factorised'] }, [
    ['4(x+3)(x-3)', 1, 'ALG_CORRECT'],
    ['4(x-3)(x+3)', 1, 'ALG_CORRECT'],
    ['4(x^2-9)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['(2x+6)(2x-6)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['(x+3)(4x-12)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['4x^2-36', 0, 'ALG_EQUIV_NOT_FACTORISED'],
  ]),
  group('expression: factorise x^2y + xy^2', typed('expression'), { type: 'expression', value: 'xy(x+y)', forms: ['factorised'] }, [
    ['xy(x+y)', 1, 'ALG_CORRECT'],
    ['x y (y + x)', 1, 'ALG_CORRECT'],
    ['x(xy+y^2)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['y(x^2+xy)', 0, 'ALG_EQUIV_NOT_FULLY_FACTORISED'],
    ['x^2y+xy^2', 0, 'ALG_EQUIV_NOT_FACTORISED'],
  ]),
  group('expression: laws of indices', typed('expression'), { type: 'expression', value: 'a^7' }, [
    ['a^7', 1, 'ALG_CORRECT'],
    ['a^3 a^4', 1, 'ALG_CORRECT'],
    ['a^12', 0, 'ALG_NOT_EQUIV'],
    ['a⁷', 1, 'ALG_CORRECT'],
    ['7a', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: negative and fractional indices', typed('expression'), { type: 'expression', value: '1/x^2' }, [
    ['x^-2', 1, 'ALG_CORRECT'],
    ['x⁻²', 1, 'ALG_CORRECT'],
    ['x^(-2)', 1, 'ALG_CORRECT'],
    ['1/x^2', 1, 'ALG_CORRECT'],
    ['-x^2', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: two variables', typed('expression'), { type: 'expression', value: '3xy + 2x' }, [
    ['3xy+2x', 1, 'ALG_CORRECT'],
    ['x(3y+2)', 1, 'ALG_CORRECT'],
    ['3yx + 2x', 1, 'ALG_CORRECT'],
    ['5xy', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: trigonometry and logarithms', typed('expression'), { type: 'expression', value: '1' }, [
    ['sin(x)^2 + cos(x)^2', 1, 'ALG_CORRECT'],
    ['sin x^2 + cos x^2', 0, 'ALG_UNEXPECTED_VARIABLE'],
    ['1', 1, 'ALG_CORRECT'],
  ]),
  group('expression: logarithms', typed('expression'), { type: 'expression', value: 'ln(x) + ln(y)' }, [
    ['ln(xy)', 1, 'ALG_CORRECT'],
    ['ln(x y)', 1, 'ALG_CORRECT'],
    ['ln(x+y)', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('equation: the line through (0, 3) with gradient 2', typed('expression'), { type: 'expression', value: 'y = 2x + 3', equivalentScore: 0 }, [
    ['y = 2x + 3', 1, 'ALG_CORRECT'],
    ['y=3+2x', 1, 'ALG_CORRECT'],
    ['2x + 3 = y', 1, 'ALG_CORRECT'],
    ['2x - y + 3 = 0', 1, 'ALG_CORRECT'],
    ['2y = 4x + 6', 1, 'ALG_CORRECT'],
    ['y - 3 = 2x', 1, 'ALG_CORRECT'],
    ['y = 3x + 2', 0, 'ALG_NOT_EQUIV'],
    ['y = 2x - 3', 0, 'ALG_NOT_EQUIV'],
    ['2x + 3', 0, 'ALG_EQUATION_EXPECTED'],
    ['y = 2x + 3 = 0', 0, 'EXPR_EQUATION'],
    ['0 = 0', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('equation: make x the subject of y = 2x + 3', typed('expression'), { type: 'expression', value: 'x = (y - 3)/2', forms: ['subject'] }, [
    ['x = (y - 3)/2', 1, 'ALG_CORRECT'],
    ['x = y/2 - 3/2', 1, 'ALG_CORRECT'],
    ['x = ½(y − 3)', 1, 'ALG_CORRECT'],
    ['(y-3)/2 = x', 1, 'ALG_CORRECT'],
    ['2x = y - 3', 0, 'ALG_EQUIV_NOT_REARRANGED'],
    ['y = 2x + 3', 0, 'ALG_EQUIV_NOT_REARRANGED'],
    ['x = (y + 3)/2', 0, 'ALG_NOT_EQUIV'],
    ['x = y - 3/2', 0, 'ALG_NOT_EQUIV'],
  ]),
  // In doubles (x + 10^8)^2 carries an absolute error of a few units, swamping x + 1; exact rationals do not.
  group('expression: exact arithmetic where floating point cancels', typed('expression'), { type: 'expression', value: 'x + 1' }, [
    ['(x + 10^8)^2 - (x^2 + 2*10^8 x + 10^16) + x + 1', 1, 'ALG_CORRECT'],
    ['(x + 10^8)^2 - (x^2 + 2*10^8 x + 10^16) + x + 2', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: complex points where reals are undefined', typed('expression'), { type: 'expression', value: 'sqrt(x - 50)' }, [
    ['√(x − 50)', 1, 'ALG_CORRECT'],
    ['(x - 50)^(1/2)', 1, 'ALG_CORRECT'],
    ['sqrt(x - 49)', 0, 'ALG_NOT_EQUIV'],
    ['sqrt(50 - x)', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: absolute value away from zero', typed('expression'), { type: 'expression', value: 'abs(x - 100)' }, [
    ['|x - 100|', 1, 'ALG_CORRECT'],
    ['|100 − x|', 1, 'ALG_CORRECT'],
    ['abs(100 - x)', 1, 'ALG_CORRECT'],
    ['100 - x', 0, 'ALG_NOT_EQUIV'],
    ['x - 100', 0, 'ALG_NOT_EQUIV'],
  ]),
  group('expression: hostile and broken input', typed('expression'), { type: 'expression', value: 'x+1' }, [
    ['1e999999', 0, 'EXPR_NUMBER_TOO_LARGE'],
    ['import(x)', 0, 'EXPR_UNKNOWN_WORD'],
    ['import("fs")', 0, 'EXPR_FORBIDDEN'],
    ['('.repeat(60) + 'x' + ')'.repeat(60), 0, 'EXPR_TOO_DEEP'],
    ['('.repeat(5000) + 'x' + ')'.repeat(5000), 0, 'EXPR_TOO_LONG'],
    ['x'.repeat(300), 0, 'EXPR_TOO_LONG'],
    ['f(x) = x + 1', 0, 'EXPR_EQUATION'],
    ['x = 1', 0, 'ALG_NOT_EQUIV'],
    ['y = x + 1', 1, 'ALG_CORRECT'],
    ['x = y = x + 1', 0, 'EXPR_EQUATION'],
    ['a.b', 0, 'EXPR_FORBIDDEN'],
    ['x; y', 0, 'EXPR_FORBIDDEN'],
    ['"x+1"', 0, 'EXPR_FORBIDDEN'],
    ['[1, 2]', 0, 'EXPR_UNREADABLE'],
    ['createUnit(x)', 0, 'EXPR_UNKNOWN_WORD'],
    ['evaluate(x)', 0, 'EXPR_UNKNOWN_WORD'],
    ['x!', 0, 'EXPR_FORBIDDEN'],
    ['x mod 2', 0, 'ALG_UNEXPECTED_VARIABLE'],
    ['x ? 1 : 2', 0, 'EXPR_FORBIDDEN'],
    ['9^9^9^9', 0, 'ALG_UNDECIDED'],
    ['x +', 0, 'EXPR_UNREADABLE'],
    ['()', 0, 'EXPR_UNREADABLE'],
    ['   ', 0, 'NO_ANSWER'],
    ['x+1', 1, 'ALG_CORRECT'],
  ]),

  group('quantity: 5 cm, any units', typed('quantity'), { type: 'quantity', value: 5, unit: 'cm' }, [
    ['5 cm', 1, 'QTY_CORRECT'],
    ['5cm', 1, 'QTY_CORRECT'],
    ['50 mm', 1, 'QTY_CORRECT_CONVERTED'],
    ['0.05 m', 1, 'QTY_CORRECT_CONVERTED'],
    ['5', 0, 'QTY_MISSING_UNITS'],
    ['5 m', 0, 'QTY_RIGHT_NUMBER_WRONG_UNITS'],
    ['5 kg', 0, 'QTY_INCOMPATIBLE_UNITS'],
    ['5 zorks', 0, 'QTY_UNKNOWN_UNITS'],
    ['6 cm', 0, 'QTY_INCORRECT'],
    ['-5 cm', 0, 'QTY_SIGN_ERROR'],
  ]),
  group('quantity: 5 cm in cm only, 1 of 2 marks for the number', typed('quantity'), { type: 'quantity', value: 5, unit: 'cm', units: 'strict', numberOnlyScore: 1, marks: 2 }, [
    ['5 cm', 2, 'QTY_CORRECT'],
    ['50 mm', 1, 'QTY_CORRECT_OTHER_UNITS_NOT_ALLOWED'],
    ['5', 1, 'QTY_MISSING_UNITS'],
    ['5 m', 0, 'QTY_RIGHT_NUMBER_WRONG_UNITS'],
    ['4', 0, 'QTY_MISSING_UNITS_INCORRECT'],
  ]),
  group('quantity: speed 10 m/s', typed('quantity'), { type: 'quantity', value: 10, unit: 'm/s' }, [
    ['10 m/s', 1, 'QTY_CORRECT'],
    ['36 km/h', 1, 'QTY_CORRECT_CONVERTED'],
    ['36 kph', 1, 'QTY_CORRECT_CONVERTED'],
    ['10 km/h', 0, 'QTY_RIGHT_NUMBER_WRONG_UNITS'],
    ['10 m', 0, 'QTY_INCOMPATIBLE_UNITS'],
  ]),
  group('quantity: area 28.27 cm² to 2 d.p.', typed('quantity'), { type: 'quantity', value: 28.274333882308138, unit: 'cm^2', decimalPlaces: 2 }, [
    ['28.27 cm²', 1, 'QTY_CORRECT'],
    ['28.27 cm^2', 1, 'QTY_CORRECT'],
    ['28.3 cm²', 0, 'QTY_WRONG_DP'],
    ['2827.43 mm²', 1, 'QTY_CORRECT_CONVERTED'],
    ['28.27 cm', 0, 'QTY_INCOMPATIBLE_UNITS'],
  ]),
  group('quantity: mass 2.5 kg, 3 s.f.', typed('quantity'), { type: 'quantity', value: 2.5, unit: 'kg', significantFigures: 3 }, [
    ['2.50 kg', 1, 'QTY_CORRECT'],
    ['2.5 kg', 0, 'QTY_WRONG_SF'],
    ['2500 g', 1, 'QTY_CORRECT_CONVERTED'],
  ]),
  group('quantity: time 90 minutes', typed('quantity'), { type: 'quantity', value: 90, unit: 'min' }, [
    ['90 min', 1, 'QTY_CORRECT'],
    ['1.5 hours', 1, 'QTY_CORRECT_CONVERTED'],
    ['1.5 h', 1, 'QTY_CORRECT_CONVERTED'],
    ['5400 s', 1, 'QTY_CORRECT_CONVERTED'],
    ['1.30 h', 0, 'QTY_INCORRECT'],
  ]),
];

const multiPart = buildItem(
  {
    type: 'multi-part',
    parts: [
      { id: 'a', stem: 'Expand $3(x + 2)$', interaction: { type: 'expression' } },
      { id: 'b', stem: 'Solve $3(x + 2) = 21$', interaction: { type: 'numeric', prefix: 'x =' } },
      { id: 'c', stem: 'Which is prime?', interaction: { type: 'choice', options: [{ id: 'p', content: '21' }, { id: 'q', content: '23' }] } },
    ],
  },
  {
    type: 'multi-part',
    parts: {
      a: { type: 'expression', value: '3x+6', forms: ['expanded'] },
      b: { type: 'numeric', value: 5 },
      c: { type: 'choice', correct: 'q' },
    },
  },
  { id: 'multi', parameters: { model: 'GPCM', a: 1, steps: [-1, 0, 1], source: { kind: 'provisional' } } },
);

const multiRows: [PupilAnswer, number, string][] = [
  [{ a: '3x+6', b: '5', c: 'q' }, 3, 'a:ALG_CORRECT;b:NUM_CORRECT;c:CHOICE_CORRECT'],
  [{ a: '3(x+2)', b: '5', c: 'q' }, 2, 'a:ALG_EQUIV_NOT_EXPANDED;b:NUM_CORRECT;c:CHOICE_CORRECT'],
  [{ a: '3x+2', b: '19/3', c: 'p' }, 0, 'a:ALG_NOT_EQUIV;b:NUM_INCORRECT;c:CHOICE_INCORRECT'],
  [{ a: '3x+6' }, 1, 'a:ALG_CORRECT;b:NO_ANSWER;c:NO_ANSWER'],
  ['3x+6', 0, 'ANSWER_MALFORMED;a:NO_ANSWER;b:NO_ANSWER;c:NO_ANSWER'],
];

const rowCount = groups.reduce((n, g) => n + g.rows.length, 0) + multiRows.length;

describe('marking table', () => {
  it(`has at least 200 pupil answers (has ${rowCount})`, () => {
    expect(rowCount).toBeGreaterThanOrEqual(200);
  });

  it.each(groups.map((g) => [g.title, g] as const))('item is valid and its model answer gets full marks: %s', (_title, g) => {
    expect(validateItemDocument(g.item)).toEqual([]);
    const mark = markResponse(g.item, modelAnswer(g.item));
    expect(mark.score).toBe(mark.maxScore);
  });

  describe.each(groups.map((g) => [g.title, g] as const))('%s', (_title, g) => {
    it.each(g.rows.map(([answer, score, note]) => [JSON.stringify(answer).slice(0, 60), answer, score, note] as const))(
      '%s',
      (_label, answer, score, note) => {
        const mark = markResponse(g.item, answer);
        expect({ score: mark.score, note: mark.note }).toEqual({ score, note });
        expect(mark.category).toBe(mark.score === mark.maxScore ? 1 : 0);
      },
    );
  });

  describe('multi-part item scored 0..3 for a GPCM with 4 categories', () => {
    it('is valid', () => expect(validateItemDocument(multiPart)).toEqual([]));
    it.each(multiRows.map(([answer, score, note]) => [JSON.stringify(answer), answer, score, note] as const))('%s', (_label, answer, score, note) => {
      const mark = markResponse(multiPart, answer);
      expect(mark).toMatchObject({ score, maxScore: 3, category: score, note });
      expect(Object.keys(mark.parts ?? {})).toEqual(['a', 'b', 'c']);
    });
  });
});

describe('answer notes are explained to teachers', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { describeAnswerNote } = require('../../../server/scoring/answerNotes') as typeof import('../../../server/scoring/answerNotes');
  const authorNotes = new Set<string>();
  for (const g of groups) {
    const answer = g.item.answer as { anticipated?: { note: string }[]; optionNotes?: Record<string, string> };
    (answer.anticipated ?? []).forEach((a) => authorNotes.add(a.note));
    Object.values(answer.optionNotes ?? {}).forEach((n) => authorNotes.add(n));
  }

  it('every built-in note the table produces has a description', () => {
    const undescribed = groups
      .flatMap((g) => g.rows.map(([, , note]) => note))
      .filter((note) => !authorNotes.has(note) && describeAnswerNote(note) === undefined);
    expect(undescribed).toEqual([]);
  });

  it('describes multi-part notes part by part', () => {
    expect(describeAnswerNote('a:ALG_CORRECT;b:NUM_WRONG_DP')).toBe(
      'Part a: Equivalent to the answer, in the form asked for. Part b: The right value rounded to a different number of decimal places from the one asked for.',
    );
  });
});
