/**
 * Reads a number as a pupil typed it, keeping what a maths teacher looks at besides the value:
 * the form (fraction, mixed number, decimal, percentage, standard form), the decimal places and
 * significant figures actually written ("2.50" has 3, "2.5" has 2), and the fraction's terms.
 */
import type { NumberForm } from './itemDocument';
import { normaliseMathCharacters } from './readAnswer';
import {
  MAX_DECIMAL_EXPONENT,
  add,
  divide,
  negate,
  parseDecimal,
  rational,
  type Rational,
} from './rational';

export interface TypedNumber {
  form: NumberForm;
  value: Rational;
  /** Digits written after the decimal point (decimals, integers: 0). */
  decimalPlaces?: number;
  /** Significant figures written; a whole number's trailing zeros are ambiguous, hence a range ("300": 1 to 3). */
  significantFigures?: { min: number; max: number };
  /** For fractions and mixed numbers: the fraction part as written. */
  fraction?: { numerator: bigint; denominator: bigint };
  /** How it was read, e.g. "2 1/2" or "3.2 × 10^4". */
  readAs: string;
}

export type NumberReadingProblem = 'NUM_EMPTY' | 'NUM_UNREADABLE' | 'NUM_OUT_OF_RANGE' | 'NUM_ZERO_DENOMINATOR';

const VULGAR: Record<string, string> = {
  '½': '1/2', '⅓': '1/3', '⅔': '2/3', '¼': '1/4', '¾': '3/4', '⅕': '1/5', '⅖': '2/5', '⅗': '3/5', '⅘': '4/5',
  '⅙': '1/6', '⅚': '5/6', '⅐': '1/7', '⅛': '1/8', '⅜': '3/8', '⅝': '5/8', '⅞': '7/8', '⅑': '1/9', '⅒': '1/10',
};
const SUPERSCRIPT_DIGITS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-',
};
/** Longest number accepted, in characters: longer is never a school answer and costs BigInt work. */
const MAX_NUMBER_LENGTH = 60;

/** Significant figures of an unsigned decimal mantissa as written ("0.030" → 2, "300" → 1–3, "300." → 3). */
export function countSignificantFigures(mantissa: string): { min: number; max: number } {
  const hasPoint = mantissa.includes('.');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  if (digits === '') {
    // Zero: the zeros after the point are all that was written.
    const places = hasPoint ? (mantissa.split('.')[1] ?? '').length : 0;
    const figures = Math.max(1, places);
    return { min: figures, max: figures };
  }
  if (hasPoint) return { min: digits.length, max: digits.length };
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  return { min: Math.max(1, digits.length - trailingZeros), max: digits.length };
}

function readUnsigned(text: string): TypedNumber | NumberReadingProblem {
  let match = /^(\d+)\s+(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (match) {
    const [whole, numerator, denominator] = [BigInt(match[1]!), BigInt(match[2]!), BigInt(match[3]!)];
    if (denominator === 0n) return 'NUM_ZERO_DENOMINATOR';
    return {
      form: 'mixed-number',
      value: add(rational(whole), rational(numerator, denominator)),
      fraction: { numerator, denominator },
      readAs: `${whole} ${numerator}/${denominator}`,
    };
  }
  match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (match) {
    const [numerator, denominator] = [BigInt(match[1]!), BigInt(match[2]!)];
    if (denominator === 0n) return 'NUM_ZERO_DENOMINATOR';
    return { form: 'fraction', value: rational(numerator, denominator), fraction: { numerator, denominator }, readAs: `${numerator}/${denominator}` };
  }
  // Standard form: 3.2 × 10^4, 3.2*10^-4, 3.2e4 (a calculator's E).
  match = /^(\d+(?:\.\d*)?|\.\d+)\s*(?:\*\s*10\s*\^\s*\(?\s*([+-]?\d+)\s*\)?|[eE]([+-]?\d+))$/.exec(text);
  if (match) {
    const exponent = Number(match[2] ?? match[3]);
    if (!Number.isFinite(exponent) || Math.abs(exponent) > MAX_DECIMAL_EXPONENT) return 'NUM_OUT_OF_RANGE';
    const value = parseDecimal(`${match[1]}e${exponent}`);
    if (!value) return 'NUM_UNREADABLE';
    return {
      form: 'standard-form',
      value,
      significantFigures: countSignificantFigures(match[1]!.includes('.') ? match[1]! : `${match[1]}.`),
      readAs: `${match[1]} × 10^${exponent}`,
    };
  }
  // Thousands separators: "12,500" or "12 500" (groups of exactly three digits).
  const grouped = /^\d{1,3}(?:[, ]\d{3})+(?:\.\d*)?$/.test(text) ? text.replace(/[, ]/g, '') : text;
  match = /^(\d+\.?\d*|\.\d+)$/.exec(grouped);
  if (match) {
    const mantissa = match[1]!;
    const value = parseDecimal(mantissa);
    if (!value) return 'NUM_UNREADABLE';
    const places = mantissa.includes('.') ? (mantissa.split('.')[1] ?? '').length : 0;
    return {
      form: mantissa.includes('.') ? 'decimal' : 'integer',
      value,
      decimalPlaces: places,
      significantFigures: countSignificantFigures(mantissa),
      readAs: mantissa,
    };
  }
  return 'NUM_UNREADABLE';
}

/** Reads a typed number; the problem code when it is not one. */
export function readTypedNumber(input: string): TypedNumber | NumberReadingProblem {
  let text = normaliseMathCharacters(input).trim();
  if (text === '') return 'NUM_EMPTY';
  if (text.length > MAX_NUMBER_LENGTH) return 'NUM_UNREADABLE';
  text = text
    .replace(/(\d)\s*([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒])/g, (_m, whole: string, f: string) => `${whole} ${VULGAR[f]}`)
    .replace(/[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒]/g, (f) => VULGAR[f] as string)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+/g, (s) => `^${[...s].map((c) => SUPERSCRIPT_DIGITS[c]).join('')}`)
    .replace(/(\d)\s*[xX]\s*10\s*\^/g, '$1*10^');
  let sign = 1;
  const signMatch = /^([+-])\s*/.exec(text);
  if (signMatch) {
    sign = signMatch[1] === '-' ? -1 : 1;
    text = text.slice(signMatch[0].length);
  }
  let percentage = false;
  if (text.endsWith('%')) {
    percentage = true;
    text = text.slice(0, -1).trim();
  }
  const read = readUnsigned(text);
  if (typeof read === 'string') return read;
  const signed: TypedNumber = sign < 0 ? { ...read, value: negate(read.value), readAs: `−${read.readAs}` } : read;
  if (!percentage) return signed;
  // The percentage keeps the figures and places of the number written before the % sign.
  return { ...signed, form: 'percentage', value: divide(signed.value, rational(100n)), readAs: `${signed.readAs}%` };
}

export function isNumberReadingProblem(value: TypedNumber | NumberReadingProblem): value is NumberReadingProblem {
  return typeof value === 'string';
}
