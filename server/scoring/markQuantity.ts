/**
 * Marking of quantities with units ("5.2 cm", "3 m/s", "12 cm²"). The number is read and marked
 * like any typed number (markNumeric: exact values, rounding rules, slips); the units are read
 * by mathjs's unit parser (a parser only: no unit is ever created from pupil input). With
 * `units: 'convert'` any compatible units are accepted after conversion to SI; with 'strict' only
 * the item's units are.
 */
import { unit, type Unit } from 'mathjs';
import type { QuantityAnswer } from './itemDocument';
import { keyValue, markTypedNumber } from './markNumeric';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';
import { fromNumber, multiply, type Rational } from './rational';
import { normaliseMathCharacters } from './readAnswer';
import { isNumberReadingProblem, readTypedNumber } from './typedNumber';

/** How pupils write units, mapped to mathjs's names. */
const UNIT_ALIASES: Record<string, string> = {
  kph: 'km/h', kmh: 'km/h', 'km/hr': 'km/h', mph: 'mi/h', '°c': 'degC', '°f': 'degF', '°': 'deg', degrees: 'deg', secs: 's', sec: 's',
  hrs: 'h', hr: 'h', mins: 'min', litres: 'L', litre: 'L', liters: 'L', liter: 'L', ltr: 'L', tonnes: 'tonne', sq: '',
};
const MAX_UNIT_LENGTH = 30;

/** Reads units such as "cm²", "m/s", "km/h", "cm^3", "°C"; undefined when mathjs does not know them. */
export function readUnit(text: string): Unit | undefined {
  let cleaned = normaliseMathCharacters(text)
    .trim()
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s*\*\s*/g, '*');
  if (cleaned === '' || cleaned.length > MAX_UNIT_LENGTH || !/^[A-Za-z°µμ0-9^/*]+$/.test(cleaned)) return undefined;
  const alias = UNIT_ALIASES[cleaned.toLowerCase()];
  if (alias) cleaned = alias;
  try {
    return unit(1, cleaned);
  } catch {
    return undefined;
  }
}

/** Splits "5.2 cm" into the number and the units, however they are spaced. */
export function splitQuantity(input: string): { number: string; units: string } {
  const text = normaliseMathCharacters(input).trim();
  const match = /^([+-]?\s*[\d.,\s/½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒]*\d[\d½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒]*(?:\s*(?:\*|[xX])\s*10\s*\^\s*[+-]?\d+|[eE][+-]?\d+)?)\s*(.*)$/.exec(text);
  if (!match) return { number: text, units: '' };
  return { number: (match[1] ?? '').trim(), units: (match[2] ?? '').trim() };
}

function scale(value: Rational, factor: number): Rational {
  return multiply(value, fromNumber(factor));
}

export function markQuantity(answer: QuantityAnswer, input: string, options: { suffix?: string } = {}): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const { number, units: typedUnits } = splitQuantity(input);
  const typed = readTypedNumber(number);
  if (isNumberReadingProblem(typed)) return partMark(0, marks, typed.replace(/^NUM/, 'QTY'), input.trim().slice(0, 60));
  const key = keyValue(answer.value);
  const keyUnit = readUnit(answer.unit);
  if (!keyUnit) return partMark(0, marks, 'KEY_UNREADABLE', typed.readAs);
  // Units printed after the box count as typed when the pupil types none.
  const unitsText = typedUnits || options.suffix || '';
  const numberOnly = (note: string): PartMark => {
    const asKeyUnits = markTypedNumber(answer, typed, key, marks);
    return asKeyUnits.score === marks
      ? partMark(Math.min(answer.numberOnlyScore ?? 0, marks), marks, note, `${typed.readAs} ${unitsText}`.trim())
      : partMark(0, marks, note === 'QTY_MISSING_UNITS' ? 'QTY_MISSING_UNITS_INCORRECT' : 'QTY_INCORRECT', `${typed.readAs} ${unitsText}`.trim());
  };
  if (unitsText === '') return numberOnly('QTY_MISSING_UNITS');
  const pupilUnit = readUnit(unitsText);
  const readAs = `${typed.readAs} ${unitsText}`;
  if (!pupilUnit) return numberOnly('QTY_UNKNOWN_UNITS');
  if (!pupilUnit.equalBase(keyUnit)) return numberOnly('QTY_INCOMPATIBLE_UNITS');

  const sameUnits = pupilUnit.equals(keyUnit) && pupilUnit.formatUnits() === keyUnit.formatUnits();
  if (sameUnits) {
    const mark = markTypedNumber(answer, typed, key, marks, 'QTY');
    return { ...mark, readAs };
  }
  // The key expressed in the pupil's units: 1 pupil-unit = factor key-units. Rounding rules apply to what the pupil wrote.
  const factor = unit(1, pupilUnit.formatUnits()).toNumber(keyUnit.formatUnits());
  if (!Number.isFinite(factor) || factor === 0) return partMark(0, marks, 'QTY_INCOMPATIBLE_UNITS', readAs);
  const keyInPupilUnits = scale(key, 1 / factor);
  const converted = markTypedNumber(
    { ...answer, tolerance: answer.tolerance ?? { relative: 1e-9 } },
    typed,
    keyInPupilUnits,
    marks,
    'QTY',
  );
  if (converted.score === marks) {
    if ((answer.units ?? 'convert') === 'strict') {
      return partMark(Math.min(answer.numberOnlyScore ?? 0, marks), marks, 'QTY_CORRECT_OTHER_UNITS_NOT_ALLOWED', readAs);
    }
    return partMark(marks, marks, 'QTY_CORRECT_CONVERTED', readAs);
  }
  // The right number in the wrong (compatible) units: 5 m for 5 cm.
  if (markTypedNumber(answer, typed, key, marks).score === marks) return partMark(0, marks, 'QTY_RIGHT_NUMBER_WRONG_UNITS', readAs);
  return { ...converted, readAs };
}
