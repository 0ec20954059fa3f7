/** Typed numbers: form, exact value, and the figures and places the pupil actually wrote. */
import { countSignificantFigures, readTypedNumber } from '../../../server/scoring/typedNumber';
import { formatRational, parseDecimal, rational, roundToDecimalPlaces, roundToSignificantFigures } from '../../../server/scoring/rational';

describe('significant figures as written', () => {
  it.each([
    ['2.5', 2, 2],
    ['2.50', 3, 3],
    ['0.30', 2, 2],
    ['0.3', 1, 1],
    ['0.0045', 2, 2],
    ['300', 1, 3],
    ['300.', 3, 3],
    ['305', 3, 3],
    ['1200', 2, 4],
    ['0', 1, 1],
    ['0.00', 2, 2],
  ])('%s has %i to %i', (text, min, max) => {
    expect(countSignificantFigures(text)).toEqual({ min, max });
  });
});

describe('readTypedNumber', () => {
  it.each([
    ['56', 'integer', '56'],
    ['-2.50', 'decimal', '-2.5'],
    ['3/4', 'fraction', '0.75'],
    ['2 1/2', 'mixed-number', '2.5'],
    ['2½', 'mixed-number', '2.5'],
    ['⅓', 'fraction', '1/3'],
    ['35%', 'percentage', '0.35'],
    ['12.5%', 'percentage', '0.125'],
    ['3.2 × 10^4', 'standard-form', '32000'],
    ['3.2×10⁻²', 'standard-form', '0.032'],
    ['1.5e-3', 'standard-form', '0.0015'],
    ['12,345', 'integer', '12345'],
    ['−7', 'integer', '-7'],
  ])('%s is a %s worth %s', (text, form, value) => {
    const read = readTypedNumber(text);
    if (typeof read === 'string') throw new Error(read);
    expect(read.form).toBe(form);
    expect(formatRational(read.value)).toBe(value);
  });

  it.each([
    ['', 'NUM_EMPTY'],
    ['abc', 'NUM_UNREADABLE'],
    ['1/0', 'NUM_ZERO_DENOMINATOR'],
    ['1e999999', 'NUM_OUT_OF_RANGE'],
    ['1 × 10^400', 'NUM_OUT_OF_RANGE'],
    ['1'.repeat(100), 'NUM_UNREADABLE'],
    ['1,5', 'NUM_UNREADABLE'],
  ])('%s cannot be read: %s', (text, problem) => {
    expect(readTypedNumber(text)).toBe(problem);
  });
});

describe('exact rounding (half away from zero, no binary floating point)', () => {
  it('rounds 2.675 to 2.68 (a double would give 2.67)', () => {
    expect(formatRational(roundToDecimalPlaces(parseDecimal('2.675')!, 2))).toBe('2.68');
    expect((2.675).toFixed(2)).toBe('2.67');
  });
  it('rounds negatives away from zero', () => {
    expect(formatRational(roundToDecimalPlaces(parseDecimal('-0.125')!, 2))).toBe('-0.13');
  });
  it('rounds to significant figures either side of the point', () => {
    expect(formatRational(roundToSignificantFigures(parseDecimal('4872')!, 1))).toBe('5000');
    expect(formatRational(roundToSignificantFigures(parseDecimal('0.0029961')!, 3))).toBe('0.003');
    expect(formatRational(roundToSignificantFigures(rational(1n, 3n), 4))).toBe('0.3333');
    expect(formatRational(roundToSignificantFigures(parseDecimal('9.96')!, 2))).toBe('10');
  });
});
