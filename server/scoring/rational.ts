/**
 * Exact rational numbers on BigInt, for comparing typed numbers with a key exactly
 * ("0.1 + 0.2" problems never arise) and for evaluating polynomial expressions exactly.
 * Always in lowest terms with a positive denominator.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('zero denominator');
  const g = gcd(n, d) || 1n;
  const sign = d < 0n ? -1n : 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO = rational(0n);
export const ONE = rational(1n);

export const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const subtract = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const multiply = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const negate = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export function divide(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by zero');
  return rational(a.n * b.d, a.d * b.n);
}
export const equals = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const compare = (a: Rational, b: Rational): number => {
  const diff = a.n * b.d - b.n * a.d;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
export const isInteger = (a: Rational): boolean => a.d === 1n;
export const abs = (a: Rational): Rational => (a.n < 0n ? negate(a) : a);

export function powerInteger(base: Rational, exponent: number): Rational {
  if (!Number.isInteger(exponent)) throw new RangeError('non-integer exponent');
  if (exponent < 0) return divide(ONE, powerInteger(base, -exponent));
  return rational(base.n ** BigInt(exponent), base.d ** BigInt(exponent));
}

/** Bits needed for numerator and denominator: how big the arithmetic has become. */
export const bitLength = (a: Rational): number => (a.n < 0n ? -a.n : a.n).toString(2).length + a.d.toString(2).length;

export function toNumber(a: Rational): number {
  // Scale so both parts fit a double when the value itself does.
  const n = Number(a.n);
  const d = Number(a.d);
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  const shift = BigInt(Math.max(0, Math.max(a.n.toString(2).length, a.d.toString(2).length) - 1000));
  return Number(a.n >> shift) / Number(a.d >> shift);
}

/** Largest power of ten accepted in a typed number: beyond this, values are not school maths. */
export const MAX_DECIMAL_EXPONENT = 308;

/**
 * Exact value of a decimal written as digits with an optional point and exponent ("2.50", "-.5",
 * "3.2e4"); undefined when it is not one or the exponent is out of range.
 */
export function parseDecimal(text: string): Rational | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const exponent = match[4] ? Number(match[4]) : 0;
  if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT) return undefined;
  const fraction = match[3] ?? '';
  const digits = BigInt(`${match[2] || '0'}${fraction}`);
  const scale = exponent - fraction.length;
  const value = scale >= 0 ? rational(digits * 10n ** BigInt(scale)) : rational(digits, 10n ** BigInt(-scale));
  return match[1] === '-' ? negate(value) : value;
}

/** Exact value of a finite double, via its shortest decimal representation (what the author typed). */
export function fromNumber(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError('not a finite number');
  const parsed = parseDecimal(String(value));
  if (!parsed) throw new RangeError(`cannot read ${value}`);
  return parsed;
}

/** Rounds half away from zero to `places` decimal places (negative places round to tens, hundreds…). */
export function roundToDecimalPlaces(value: Rational, places: number): Rational {
  const scale = places >= 0 ? rational(10n ** BigInt(places)) : rational(1n, 10n ** BigInt(-places));
  const scaled = multiply(abs(value), scale);
  const twice = (scaled.n * 2n + scaled.d) / (scaled.d * 2n); // floor(x + 1/2) for x ≥ 0
  const rounded = divide(rational(twice), scale);
  return value.n < 0n ? negate(rounded) : rounded;
}

/** Position of the leading significant digit: floor(log10 |value|), for value ≠ 0. */
export function leadingDigitPower(value: Rational): number {
  const a = abs(value);
  let power = a.n.toString().length - a.d.toString().length;
  // Correct the estimate from digit counts by at most one step each way.
  const tenTo = (p: number): Rational => (p >= 0 ? rational(10n ** BigInt(p)) : rational(1n, 10n ** BigInt(-p)));
  while (compare(a, tenTo(power)) < 0) power -= 1;
  while (compare(a, tenTo(power + 1)) >= 0) power += 1;
  return power;
}

/** Rounds to `figures` significant figures, half away from zero. */
export function roundToSignificantFigures(value: Rational, figures: number): Rational {
  if (value.n === 0n) return value;
  return roundToDecimalPlaces(value, figures - 1 - leadingDigitPower(value));
}

/** Decimal text of a rational that has a terminating expansion with at most `maxPlaces` places, else a fraction. */
export function formatRational(value: Rational, maxPlaces = 12): string {
  let d = value.d;
  let places = 0;
  while (d % 10n === 0n || d % 2n === 0n || d % 5n === 0n) {
    if (d === 1n) break;
    if (d % 10n === 0n) d /= 10n;
    else if (d % 2n === 0n) d /= 2n;
    else d /= 5n;
    places += 1;
    if (places > maxPlaces) break;
  }
  if (d !== 1n || places > maxPlaces) return `${value.n}/${value.d}`;
  const scaled = multiply(value, rational(10n ** BigInt(places)));
  const negative = scaled.n < 0n;
  const digits = (negative ? -scaled.n : scaled.n).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return (negative ? '-' : '') + text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** Decimal text with exactly `places` places after rounding half away from zero ("2.50"). */
export function formatFixed(value: Rational, places: number): string {
  const rounded = roundToDecimalPlaces(value, places);
  const scaled = multiply(rounded, rational(10n ** BigInt(places)));
  const negative = scaled.n < 0n;
  const digits = (negative ? -scaled.n : scaled.n).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return (negative ? '-' : '') + text;
}
