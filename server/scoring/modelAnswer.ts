/**
 * The answer a pupil would type for full marks, built from the key: for "try an answer" in
 * authoring and for checking that every item in the bank marks its own key as correct.
 */
import type { ItemDocument, NumberForm, NumericAnswer, PupilAnswer, SingleAnswer, SinglePupilAnswer } from './itemDocument';
import { DEFAULT_NUMBER_FORMS, keyValue } from './markNumeric';
import {
  abs,
  formatFixed,
  formatRational,
  leadingDigitPower,
  multiply,
  rational,
  roundToSignificantFigures,
  subtract,
  type Rational,
} from './rational';

function writtenInForm(value: Rational, form: NumberForm): string | undefined {
  const decimal = formatRational(value);
  const terminating = !decimal.includes('/');
  switch (form) {
    case 'integer':
      return value.d === 1n ? value.n.toString() : undefined;
    case 'decimal':
      return terminating ? decimal : undefined;
    case 'fraction':
      return `${value.n}/${value.d}`;
    case 'mixed-number': {
      const magnitude = abs(value);
      const whole = magnitude.n / magnitude.d;
      if (whole === 0n || magnitude.d === 1n) return undefined;
      const part = subtract(magnitude, rational(whole));
      return `${value.n < 0n ? '-' : ''}${whole} ${part.n}/${part.d}`;
    }
    case 'percentage': {
      const percent = formatRational(multiply(value, rational(100n)));
      return percent.includes('/') ? undefined : `${percent}%`;
    }
    case 'standard-form': {
      if (value.n === 0n || !terminating) return undefined;
      const power = leadingDigitPower(value);
      const mantissa = multiply(value, power >= 0 ? rational(1n, 10n ** BigInt(power)) : rational(10n ** BigInt(-power)));
      return `${formatRational(mantissa)} × 10^${power}`;
    }
  }
}

/** A number as the key's rules want it written: exact places or figures, else the first accepted form that can show it. */
export function modelNumber(answer: Pick<NumericAnswer, 'decimalPlaces' | 'significantFigures' | 'accept'> & { value: number | string }): string {
  const key = keyValue(answer.value);
  if (answer.decimalPlaces !== undefined) return formatFixed(key, answer.decimalPlaces);
  if (answer.significantFigures !== undefined) {
    const rounded = roundToSignificantFigures(key, answer.significantFigures);
    if (rounded.n === 0n) return formatFixed(rounded, answer.significantFigures - 1);
    const places = answer.significantFigures - 1 - leadingDigitPower(rounded);
    return places >= 0 ? formatFixed(rounded, places) : formatRational(rounded);
  }
  const forms = answer.accept ?? DEFAULT_NUMBER_FORMS;
  // An integer key is written as a whole number whenever a decimal or fraction would be accepted.
  const order: NumberForm[] = ['integer', 'decimal', 'fraction', 'mixed-number', 'percentage', 'standard-form'];
  for (const form of order) {
    const allowed = forms.includes(form) || (form === 'integer' && (forms.includes('decimal') || forms.includes('fraction')));
    const written = allowed ? writtenInForm(key, form) : undefined;
    if (written !== undefined) return written;
  }
  return formatRational(key);
}

function modelSingle(answer: SingleAnswer): SinglePupilAnswer {
  switch (answer.type) {
    case 'choice':
      return answer.correct;
    case 'multiple-response':
      return [...answer.correct];
    case 'ordering':
      return [...answer.correctOrder];
    case 'text':
      return answer.accepted[0] as string;
    case 'numeric': {
      const { value } = answer;
      return Array.isArray(value) ? value.map((v) => modelNumber({ ...answer, value: v })).join(', ') : modelNumber({ ...answer, value });
    }
    case 'expression':
      return answer.value;
    case 'quantity':
      return `${modelNumber(answer)} ${answer.unit}`;
  }
}

export function modelAnswer(item: Pick<ItemDocument, 'answer'>): PupilAnswer {
  const { answer } = item;
  if (answer.type === 'multi-part') {
    return Object.fromEntries(Object.entries(answer.parts).map(([id, part]) => [id, modelSingle(part)]));
  }
  return modelSingle(answer);
}
