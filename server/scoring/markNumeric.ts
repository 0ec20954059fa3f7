/**
 * Marking of typed numbers like a maths teacher: exact comparison by default (0.1 + 0.2 is
 * never an issue: values are exact rationals), tolerance when the item gives one, rounding rules
 * checked against what the pupil actually wrote (decimal places, significant figures), the forms
 * the question allows, fractions in lowest terms, and notes for the usual slips.
 */
import type { AnticipatedAnswer, NumberForm, NumericAnswer, Tolerance } from './itemDocument';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';
import {
  abs,
  compare,
  equals,
  fromNumber,
  leadingDigitPower,
  multiply,
  negate,
  rational,
  roundToDecimalPlaces,
  roundToSignificantFigures,
  subtract,
  toNumber,
  type Rational,
} from './rational';
import { isNumberReadingProblem, readTypedNumber, type TypedNumber } from './typedNumber';
import { evaluateReal, EvaluationBudgetExceeded } from './evaluateExpression';
import { parseSafeExpression, variablesOf } from './safeExpression';
import { markNumberSet } from './markNumberSet';

/** Steps allowed when a numeric answer was typed as a calculation ("3/4 + 1/4"). */
const CALCULATION_BUDGET = 10_000;

/**
 * A pupil who types a calculation instead of its result has not answered yet: note whether the
 * calculation has the right value, so the teacher sees "right working, not finished".
 */
function diagnoseCalculation(input: string, key: Rational): string | undefined {
  const parsed = parseSafeExpression(input);
  if (!parsed.ok || variablesOf(parsed.tree).size > 0) return undefined;
  try {
    const value = evaluateReal(parsed.tree, new Map(), { remaining: CALCULATION_BUDGET });
    if (!Number.isFinite(value)) return undefined;
    const target = toNumber(key);
    return Math.abs(value - target) <= 1e-9 * Math.max(1, Math.abs(target)) ? 'NUM_NOT_EVALUATED' : 'NUM_CALCULATION_INCORRECT';
  } catch (error) {
    if (error instanceof EvaluationBudgetExceeded) return undefined;
    throw error;
  }
}

export const DEFAULT_NUMBER_FORMS: readonly NumberForm[] = ['integer', 'decimal', 'fraction', 'mixed-number', 'standard-form'];
/** Forms that can show a required number of decimal places or significant figures. */
const ROUNDED_FORMS: readonly NumberForm[] = ['integer', 'decimal', 'standard-form'];

/** A key that cannot be used (an item that escaped validation); marking records KEY_UNREADABLE instead of failing. */
export class InvalidKeyError extends Error {}

/** The exact value of a key written as a number or as text ("1/3", "2 1/2", "0.125"). */
export function keyValue(value: number | string): Rational {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidKeyError(`The key ${value} is not a finite number`);
    return fromNumber(value);
  }
  const read = readTypedNumber(value);
  if (isNumberReadingProblem(read)) throw new InvalidKeyError(`The key "${value}" is not a number (${read})`);
  return read.value;
}

export function withinTolerance(value: Rational, target: Rational, tolerance: Tolerance | undefined): boolean {
  if (equals(value, target)) return true;
  if (!tolerance) return false;
  const difference = toNumber(abs(subtract(value, target)));
  // A hair of slack so a tolerance written as 0.1 admits a difference of exactly 0.1 despite binary floating point.
  const slack = 1e-12 * Math.max(1, Math.abs(toNumber(target)));
  if (tolerance.absolute !== undefined && difference <= tolerance.absolute + slack) return true;
  if (tolerance.relative !== undefined && difference <= tolerance.relative * Math.abs(toNumber(target)) + slack) return true;
  return false;
}

function formAccepted(form: NumberForm, accepted: readonly NumberForm[]): boolean {
  if (accepted.includes(form)) return true;
  // A whole number is also a decimal with no places and a fraction over 1.
  return form === 'integer' && (accepted.includes('decimal') || accepted.includes('fraction'));
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function inLowestTerms(typed: TypedNumber): boolean {
  return !typed.fraction || gcd(typed.fraction.numerator, typed.fraction.denominator) === 1n;
}

/** Truncation (chopping) of |value| to `places` decimal places (negative: tens, hundreds…): the usual wrong way to round. */
function truncateToDecimalPlaces(value: Rational, places: number): Rational {
  const scale = places >= 0 ? rational(10n ** BigInt(places)) : rational(1n, 10n ** BigInt(-places));
  const scaled = multiply(abs(value), scale);
  const chopped = multiply(rational(scaled.n / scaled.d), rational(scale.d, scale.n));
  return value.n < 0n ? negate(chopped) : chopped;
}

function matchAnticipated(
  anticipated: readonly AnticipatedAnswer[] | undefined,
  typed: TypedNumber,
  key: Rational,
): AnticipatedAnswer | undefined {
  for (const entry of anticipated ?? []) {
    let target = key;
    if (entry.value !== undefined) {
      try {
        target = keyValue(entry.value);
      } catch {
        continue;
      }
    }
    if (withinTolerance(typed.value, target, entry.tolerance)) return entry;
  }
  return undefined;
}

/** Notes for common slips on a wrong answer: sign, place value, percentage confusion, premature rounding. */
function diagnoseWrongNumber(typed: TypedNumber, key: Rational, expected: Rational, roundingAsked: boolean): string {
  if (key.n !== 0n && (equals(typed.value, negate(key)) || equals(typed.value, negate(expected)))) return 'NUM_SIGN_ERROR';
  for (const power of [1, 2, 3]) {
    const factor = rational(10n ** BigInt(power));
    if (equals(typed.value, multiply(key, factor)) || equals(multiply(typed.value, factor), key)) {
      return power === 2 ? 'NUM_OUT_BY_100' : 'NUM_PLACE_VALUE_ERROR';
    }
  }
  // Only where the exact value was wanted: when rounding is asked for, the rounding notes above apply.
  if (!roundingAsked && typed.decimalPlaces !== undefined && typed.decimalPlaces > 0 && equals(typed.value, roundToDecimalPlaces(key, typed.decimalPlaces))) {
    return 'NUM_ROUNDED_NOT_EXACT';
  }
  return 'NUM_INCORRECT';
}

export interface NumberMarkOptions {
  /** Text shown before the box (e.g. "£", "x ="): typing it again is not penalised. */
  prefix?: string;
  /** Text shown after the box (e.g. "%", "cm"): typing it again is not penalised. */
  suffix?: string;
}

/** A currency sign before an amount ("£3.50") says nothing about the number. */
const CURRENCY_SIGNS = /^[£$€]\s*/;

function stripPrefix(input: string, prefix: string | undefined): string {
  let trimmed = input.trim();
  const p = prefix?.trim();
  if (p && trimmed.toLowerCase().startsWith(p.toLowerCase())) trimmed = trimmed.slice(p.length).trim();
  return trimmed.replace(CURRENCY_SIGNS, '');
}

/**
 * "x = 4" answers "x = ?" as well as "4" does: a teacher does not penalise writing the letter out.
 * Only a single letter and only when nothing else in the answer is an equation.
 */
export function stripAnswerLetter(input: string): string {
  const match = /^\s*[A-Za-z]\s*=\s*([^=]*)$/.exec(input);
  return match ? (match[1] as string) : input;
}

function stripSuffix(input: string, suffix: string | undefined): string {
  const trimmed = input.trim();
  if (!suffix) return trimmed;
  const s = suffix.trim();
  return s && trimmed.toLowerCase().endsWith(s.toLowerCase()) ? trimmed.slice(0, trimmed.length - s.length).trim() : trimmed;
}

/** The typed number without "x =", a currency sign, or the text printed around the box. */
export function cleanNumberInput(input: string, options: NumberMarkOptions): string {
  return stripSuffix(stripPrefix(stripAnswerLetter(input), options.prefix), options.suffix);
}

/** Marks a number already read, against a key value and the rounding rules of `answer`. */
export function markTypedNumber(
  answer: Pick<NumericAnswer, 'decimalPlaces' | 'significantFigures' | 'tolerance' | 'accept' | 'lowestTerms' | 'anticipated'>,
  typed: TypedNumber,
  key: Rational,
  marks: number,
  prefix = 'NUM',
): PartMark {
  const readAs = typed.readAs;
  const { decimalPlaces, significantFigures } = answer;
  const rounding = decimalPlaces !== undefined || significantFigures !== undefined;
  const accepted = answer.accept ?? (rounding ? ROUNDED_FORMS : DEFAULT_NUMBER_FORMS);
  const expected =
    decimalPlaces !== undefined
      ? roundToDecimalPlaces(key, decimalPlaces)
      : significantFigures !== undefined
        ? roundToSignificantFigures(key, significantFigures)
        : key;
  const valueRight = withinTolerance(typed.value, expected, answer.tolerance);

  if (!formAccepted(typed.form, accepted)) {
    if (valueRight || equals(typed.value, key)) return partMark(0, marks, `${prefix}_EQUIV_WRONG_FORM`, readAs);
  } else if (valueRight) {
    if (decimalPlaces !== undefined && typed.decimalPlaces !== decimalPlaces) {
      return partMark(0, marks, `${prefix}_WRONG_DP`, readAs);
    }
    if (significantFigures !== undefined) {
      const figures = typed.significantFigures;
      if (!figures || significantFigures < figures.min || significantFigures > figures.max) {
        return partMark(0, marks, `${prefix}_WRONG_SF`, readAs);
      }
    }
    if (answer.lowestTerms && !inLowestTerms(typed)) return partMark(0, marks, `${prefix}_NOT_LOWEST_TERMS`, readAs);
    const note = equals(typed.value, expected) ? `${prefix}_CORRECT` : `${prefix}_WITHIN_TOLERANCE`;
    return partMark(marks, marks, note, readAs);
  }

  const anticipated = matchAnticipated(answer.anticipated, typed, key);
  if (anticipated) return partMark(anticipated.score ?? 0, marks, anticipated.note, readAs);

  if (rounding && typed.value.n !== 0n) {
    if (equals(typed.value, key)) return partMark(0, marks, `${prefix}_NOT_ROUNDED`, readAs);
    // The right value rounded to a different precision than asked.
    if (decimalPlaces !== undefined && typed.decimalPlaces !== undefined && typed.decimalPlaces !== decimalPlaces &&
      equals(typed.value, roundToDecimalPlaces(key, typed.decimalPlaces))) {
      return partMark(0, marks, `${prefix}_WRONG_DP`, readAs);
    }
    if (significantFigures !== undefined && typed.significantFigures &&
      [typed.significantFigures.min, typed.significantFigures.max].some((f) => equals(typed.value, roundToSignificantFigures(key, f)))) {
      return partMark(0, marks, `${prefix}_WRONG_SF`, readAs);
    }
    const places = decimalPlaces ?? (significantFigures !== undefined && key.n !== 0n ? significantFigures - 1 - leadingDigitPower(key) : undefined);
    if (places !== undefined && equals(typed.value, truncateToDecimalPlaces(key, places)) && compare(abs(typed.value), abs(expected)) !== 0) {
      return partMark(0, marks, `${prefix}_TRUNCATED`, readAs);
    }
  }
  const note = diagnoseWrongNumber(typed, key, expected, rounding);
  return partMark(0, marks, note === 'NUM_INCORRECT' ? `${prefix}_INCORRECT` : note.replace(/^NUM/, prefix), readAs);
}

export function markNumeric(answer: NumericAnswer, input: string, options: NumberMarkOptions = {}): PartMark {
  if (Array.isArray(answer.value)) return markNumberSet({ ...answer, value: answer.value }, input, options);
  const marks = answer.marks ?? DEFAULT_MARKS;
  const text = cleanNumberInput(input, options);
  const typed = readTypedNumber(text);
  const key = keyValue(answer.value);
  if (isNumberReadingProblem(typed)) {
    const calculation = typed === 'NUM_UNREADABLE' ? diagnoseCalculation(text, key) : undefined;
    return partMark(0, marks, calculation ?? typed, input.trim().slice(0, 60));
  }
  return markTypedNumber(answer, typed, key, marks);
}
