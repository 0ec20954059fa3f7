/**
 * Writes the generated part of the starting bank: item families (one template, numbers drawn
 * from a seeded generator) for six modules across the strands of the mathematics criteria, the
 * second half of fdp-1, and every module file. Deterministic: the same seed writes the same
 * files, so `npx tsx scripts/generate-item-bank.ts && git diff --exit-code item-bank` checks
 * that the committed output is this script's.
 *
 * Provisional IRT parameters are expert judgement from the grade of the criterion an item
 * evidences (docs/content-model.md): b = (grade − 5) × 0.55 + the family's adjustment (±0.3 for
 * an easier or harder instance of the criterion) + a small seeded jitter; a from the family
 * (0.8–1.6). Provisional cut scores come from the same items by item mapping at RP 0.67
 * (server/grading/cutScores.ts), so grades and the items evidencing them agree from the start.
 * Every instance is checked by test/unit/scoring/itemBank.test.ts (valid, key marks full
 * marks, a wrong answer does not, no key in the pupil payload).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileModuleBank } from '../server/assessment/adaptiveEngine';
import type { SubjectDefinition } from '../server/content/subjectDefinition';
import { proposeCutScores } from '../server/grading/cutScores';
import { seededRandom } from '../server/irt/random';
import type { RandomSource } from '../server/irt/types';
import type { AnswerSpec, Interaction, ItemDocument, SingleAnswer, SingleInteraction } from '../server/scoring/itemDocument';
import { validateItemDocument } from '../server/scoring/validateItemDocument';

const SEED = 20261123;
const DATE = '2026-11-23';
const ROOT = path.resolve(__dirname, '..', 'item-bank');
const subject = JSON.parse(fs.readFileSync(path.join(ROOT, 'subjects', 'mathematics.json'), 'utf8')) as SubjectDefinition;
const gradeOf = new Map(subject.criteria.map((c) => [c.id, Number(c.grade)]));
const strandOf = new Map(subject.criteria.map((c) => [c.id, c.strand]));

// ---------------------------------------------------------------------------------------------
// Building blocks

type Rng = RandomSource;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];
function shuffle<T>(r: Rng, list: readonly T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
/** A decimal without binary noise: 0.1 + 0.2 → "0.3". */
const dec = (x: number, places = 6): string => String(Number(x.toFixed(places)));
const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
const frac = (n: number, d: number): string => {
  const g = gcd(n, d);
  return `${n / g}/${d / g}`;
};
const tex = (n: number, d: number): string => `\\frac{${n}}{${d}}`;
const signed = (k: number): string => (k < 0 ? `- ${-k}` : `+ ${k}`);
const LETTERS = 'ABCDEFGH';

interface Part {
  interaction: SingleInteraction;
  answer: SingleAnswer;
}
interface Draft extends Part {
  stem: string;
  /** A worked model answer. */
  solution: string;
}
interface MultiDraft {
  stem: string;
  parts: Array<Part & { stem: string }>;
  solution: string;
}

function numeric(value: number | string | Array<number | string>, options: Partial<Omit<Extract<SingleAnswer, { type: 'numeric' }>, 'type' | 'value'>> & { prefix?: string; suffix?: string } = {}): Part {
  const { prefix, suffix, ...rules } = options;
  return {
    interaction: { type: 'numeric', ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) } as SingleInteraction,
    answer: { type: 'numeric', value, ...rules } as SingleAnswer,
  };
}
function expression(value: string, variables: string[], forms: string[] = [], extra: Record<string, unknown> = {}): Part {
  return {
    interaction: { type: 'expression' } as SingleInteraction,
    answer: { type: 'expression', value, variables, ...(forms.length ? { forms } : {}), ...extra } as SingleAnswer,
  };
}
function quantity(value: number | string, unit: string, units: 'convert' | 'strict', extra: Record<string, unknown> = {}): Part {
  return {
    interaction: { type: 'quantity' } as SingleInteraction,
    answer: { type: 'quantity', value, unit, units, ...extra } as SingleAnswer,
  };
}
function text(accepted: string[], extra: Record<string, unknown> = {}): Part {
  return {
    interaction: { type: 'text' } as SingleInteraction,
    answer: { type: 'text', accepted, normalise: { ignoreCase: true, spacing: 'ignore' }, ...extra } as SingleAnswer,
  };
}
/** A single-choice question: the right option and distractors, each with the misconception it shows. */
function choice(r: Rng, correct: string, distractors: Array<[string, string?]>): Part {
  const all = shuffle(r, [[correct, undefined] as [string, string?], ...distractors]);
  const options = all.map(([content], i) => ({ id: LETTERS[i], content }));
  const optionNotes: Record<string, string> = {};
  all.forEach(([, note], i) => { if (note) optionNotes[LETTERS[i]] = note; });
  const right = LETTERS[all.findIndex(([content]) => content === correct)];
  return {
    interaction: { type: 'choice', options } as SingleInteraction,
    answer: { type: 'choice', correct: right, ...(Object.keys(optionNotes).length ? { optionNotes } : {}) } as SingleAnswer,
  };
}
function multipleResponse(r: Rng, options: Array<[string, boolean]>): Part {
  const all = shuffle(r, options);
  return {
    interaction: { type: 'multiple-response', options: all.map(([content], i) => ({ id: LETTERS[i], content })) } as SingleInteraction,
    answer: { type: 'multiple-response', correct: all.flatMap(([, ok], i) => (ok ? [LETTERS[i]] : [])), partialCredit: 'all-or-nothing' } as SingleAnswer,
  };
}
/** An ordering question; `inOrder` is the right order, shown shuffled (never already in order). */
function ordering(r: Rng, inOrder: string[], orderLabel: string): Part {
  let shown = shuffle(r, inOrder.map((content, i) => ({ content, rank: i })));
  if (shown.every((o, i) => o.rank === i)) shown = [...shown.slice(1), shown[0]];
  const options = shown.map((o, i) => ({ id: LETTERS[i], content: o.content }));
  const correctOrder = inOrder.map((_, rank) => LETTERS[shown.findIndex((o) => o.rank === rank)]);
  return {
    interaction: { type: 'ordering', options, orderLabel } as SingleInteraction,
    answer: { type: 'ordering', correctOrder } as SingleAnswer,
  };
}

interface Family {
  criterion: string;
  count: number;
  /** Discrimination from judgement of how cleanly the question separates pupils (0.8–1.6). */
  a: number;
  /** Difficulty relative to the criterion's grade, in logits. */
  adjust: number;
  make(r: Rng, i: number): Draft | MultiDraft;
}
const family = (criterion: string, count: number, a: number, adjust: number, make: Family['make']): Family => ({ criterion, count, a, adjust, make });

// ---------------------------------------------------------------------------------------------
// Number

const numberFamilies: Family[] = [
  family('MA.N.1.2', 5, 1.0, 0, (r) => {
    const x = int(r, 120, 480), y = int(r, 105, 399);
    return { stem: `Work out $${x} + ${y}$.`, ...numeric(x + y), solution: `$${x} + ${y} = ${x + y}$` };
  }),
  family('MA.N.1.3', 5, 1.1, -0.2, (r) => {
    const x = int(r, 6, 9), y = int(r, 6, 9);
    return { stem: `A box holds ${x} rows of ${y} eggs. How many eggs are in the box?`, ...numeric(x * y, { anticipated: [{ value: x + y, note: 'NUM_ADDED_NOT_MULTIPLIED' }] }), solution: `$${x} \\times ${y} = ${x * y}$ eggs.` };
  }),
  family('MA.N.1.1', 4, 1.0, 0.1, (r) => {
    const values = shuffle(r, [int(r, 100, 199), int(r, 200, 299), int(r, 300, 399), int(r, 400, 499)].map((v, i) => (i % 2 ? v : Number(String(v).split('').reverse().join(''))))).slice(0, 4);
    const sorted = [...new Set(values)].sort((p, q) => p - q);
    if (sorted.length < 4) return { stem: `Write the number four hundred and six in figures.`, ...numeric(406, { anticipated: [{ value: 4006, note: 'NUM_PLACE_VALUE_ERROR' }] }), solution: '406: 4 hundreds, 0 tens, 6 ones.' };
    return { stem: 'Put these numbers in order of size.', ...ordering(r, sorted.map(String), 'smallest first'), solution: `${sorted.join(', ')}: compare the hundreds digits first, then the tens.` };
  }),
  family('MA.N.2.1', 5, 1.2, 0, (r) => {
    const w = int(r, 2, 7);
    const d = [`${w}.${int(r, 3, 8)}`, `${w}.${int(r, 1, 2)}${int(r, 1, 9)}`, `${w}.0${int(r, 1, 9)}`, `${w}.${int(r, 3, 8)}${int(r, 1, 9)}`];
    const unique = [...new Set(d)];
    const sorted = [...unique].sort((p, q) => Number(p) - Number(q));
    return { stem: 'Put these decimals in order of size.', ...ordering(r, sorted, 'smallest first'), solution: `${sorted.join(' < ')}: line up the decimal points and compare tenths, then hundredths.` };
  }),
  family('MA.N.2.2', 5, 1.1, -0.1, (r) => {
    const x = dec(int(r, 11, 99) / 10), m = pick(r, [10, 100, 1000]);
    const times = r() < 0.5;
    const value = times ? dec(Number(x) * m) : dec(Number(x) / m);
    const wrong = times ? dec(Number(x) * m / 10) : dec(Number(x) / m * 10);
    return { stem: `Work out $${x} ${times ? '\\times' : '\\div'} ${m}$.`, ...numeric(value, { anticipated: [{ value: wrong, note: 'NUM_PLACE_VALUE_ERROR' }] }), solution: `The digits move ${String(m).length - 1} place(s) ${times ? 'to the left (the number gets bigger)' : 'to the right (the number gets smaller)'}: ${value}.` };
  }),
  family('MA.N.2.4', 5, 1.2, 0.1, (r) => {
    const x = int(r, 1000, 9999) / 1000 + int(r, 1, 40);
    const s = x.toFixed(3);
    return { stem: `Round $${s}$ to 1 decimal place.`, ...numeric(s, { decimalPlaces: 1 }), solution: `Look at the second decimal place to decide whether to round up: ${Number(s).toFixed(1)}.` };
  }),
  family('MA.N.2.5', 5, 1.0, 0.2, (r) => {
    const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];
    const composites = [1, 9, 15, 21, 27, 33, 39, 49, 51, 57, 4, 25];
    const chosen = [...shuffle(r, primes).slice(0, 2), ...shuffle(r, composites).slice(0, 3)];
    return { stem: 'Which of these are prime numbers? Choose all that are.', ...multipleResponse(r, chosen.map((n) => [`$${n}$`, primes.includes(n)])), solution: `A prime has exactly two factors, 1 and itself. ${chosen.filter((n) => primes.includes(n)).join(' and ')} are prime; 1 is not prime, and the others have other factors.` };
  }),
  family('MA.N.3.1', 5, 1.3, 0, (r) => {
    const x = int(r, 2, 9), y = int(r, 2, 9), z = int(r, 2, 9);
    return { stem: `Work out $${x} + ${y} \\times ${z}$.`, ...numeric(x + y * z, { anticipated: [{ value: (x + y) * z, note: 'NUM_ORDER_OF_OPERATIONS' }] }), solution: `Multiply before adding: $${y} \\times ${z} = ${y * z}$, then $${x} + ${y * z} = ${x + y * z}$.` };
  }),
  family('MA.N.3.4', 5, 1.2, 0, (r) => {
    const x = -int(r, 2, 9), y = -int(r, 2, 9);
    return { stem: `Work out $${x} - (${y})$.`, ...numeric(x - y, { anticipated: [{ value: x + y, note: 'NUM_SUBTRACTED_NEGATIVE_AS_NEGATIVE' }] }), solution: `Subtracting a negative is adding: $${x} + ${-y} = ${x - y}$.` };
  }),
  family('MA.N.3.5', 5, 1.3, 0.1, (r) => {
    const x = int(r, 2, 9), y = int(r, 2, 9);
    return { stem: `Work out $0.${x} \\times 0.${y}$.`, ...numeric(dec(x * y / 100), { anticipated: [{ value: dec(x * y / 10), note: 'NUM_PLACE_VALUE_ERROR' }] }), solution: `$${x} \\times ${y} = ${x * y}$, and there are two decimal places in the question, so ${dec(x * y / 100)}.` };
  }),
  family('MA.N.4.2', 5, 1.3, 0, (r) => {
    const g = pick(r, [4, 6, 8, 9, 12]), p = pick(r, [2, 3, 5]), q = pick(r, [7, 11]);
    const x = g * p, y = g * q;
    return { stem: `Find the highest common factor (HCF) of $${x}$ and $${y}$.`, ...numeric(gcd(x, y), { anticipated: [{ value: x * y / gcd(x, y), note: 'NUM_GAVE_LCM_NOT_HCF' }] }), solution: `The biggest number that divides both ${x} and ${y} is ${gcd(x, y)}.` };
  }),
  family('MA.N.4.3', 5, 1.3, 0.1, (r) => {
    const x = (int(r, 1000, 9999) / 10 ** int(r, 3, 6));
    const s = x.toPrecision(4);
    return { stem: `Round $${s}$ to 2 significant figures.`, ...numeric(s, { significantFigures: 2 }), solution: `The first significant figure is the first non-zero digit; keep two and round: ${Number(Number(s).toPrecision(2))}.` };
  }),
  family('MA.N.4.4', 5, 1.2, 0, (r) => {
    const letter = pick(r, ['a', 'x', 'y', 'm']), p = int(r, 2, 7), q = int(r, 2, 7);
    return { stem: `Simplify $${letter}^{${p}} \\times ${letter}^{${q}}$.`, ...expression(`${letter}^${p + q}`, [letter], ['simplified'], { anticipated: [{ value: `${letter}^${p * q}`, note: 'ALG_MULTIPLIED_INDICES' }] }), solution: `Add the indices when multiplying powers of the same letter: $${letter}^{${p}+${q}} = ${letter}^{${p + q}}$.` };
  }),
  family('MA.N.5.2', 5, 1.3, 0, (r) => {
    const m = int(r, 11, 99) / 10, e = int(r, 3, 6);
    const value = dec(m * 10 ** e);
    return { stem: `Write $${Number(value).toLocaleString('en-GB').replace(/,/g, '\\,')}$ in standard form.`, ...numeric(value, { accept: ['standard-form'] }), solution: `$${dec(m)} \\times 10^{${e}}$: a number from 1 to 10 times a power of 10.` };
  }),
  family('MA.N.5.3', 5, 1.4, 0.1, (r): MultiDraft => {
    const v = int(r, 31, 89) / 10, unit = pick(r, ['cm', 'kg', 'm']);
    return {
      stem: `A length is $${v.toFixed(1)}$ ${unit}, rounded to 1 decimal place.`,
      parts: [
        { stem: 'Write down the lower bound.', ...numeric(dec(v - 0.05), { suffix: unit }) },
        { stem: 'Write down the upper bound.', ...numeric(dec(v + 0.05), { suffix: unit }) },
      ],
      solution: `Half of 0.1 either side: from ${dec(v - 0.05)} ${unit} up to ${dec(v + 0.05)} ${unit}.`,
    };
  }),
  family('MA.N.6.1', 5, 1.3, 0, (r) => {
    const base = pick(r, [2, 3, 4, 5, 10]), p = int(r, 1, 3);
    return { stem: `Work out $${base}^{-${p}}$. Give your answer as a fraction.`, ...numeric(`1/${base ** p}`, { accept: ['fraction'], anticipated: [{ value: -(base ** p), note: 'NUM_NEGATIVE_INDEX_AS_NEGATIVE' }] }), solution: `A negative index is a reciprocal: $${base}^{-${p}} = \\frac{1}{${base}^{${p}}} = \\frac{1}{${base ** p}}$.` };
  }),
  family('MA.N.6.3', 5, 1.3, 0.1, (r) => {
    const k = pick(r, [2, 3, 5, 6, 7]), s = pick(r, [4, 9, 16, 25]);
    const n = k * s;
    return { stem: `Write $\\sqrt{${n}}$ in the form $a\\sqrt{b}$, where $b$ is as small as possible.`, ...expression(`${Math.sqrt(s)}*sqrt(${k})`, [], ['simplified']), solution: `$\\sqrt{${n}} = \\sqrt{${s}} \\times \\sqrt{${k}} = ${Math.sqrt(s)}\\sqrt{${k}}$.` };
  }),
  family('MA.N.7.1', 5, 1.3, 0, (r) => {
    const [base, root, power] = pick(r, [[8, 3, 2], [27, 3, 2], [16, 4, 3], [64, 3, 2], [32, 5, 2], [81, 4, 3], [125, 3, 2]] as const);
    const value = Math.round(Math.pow(base, 1 / root)) ** power;
    return { stem: `Work out $${base}^{\\frac{${power}}{${root}}}$.`, ...numeric(value), solution: `Take the root first: $\\sqrt[${root}]{${base}} = ${Math.round(Math.pow(base, 1 / root))}$, then the power: $${Math.round(Math.pow(base, 1 / root))}^{${power}} = ${value}$.` };
  }),
  family('MA.N.7.2', 4, 1.2, 0, (r) => {
    const k = pick(r, [2, 3, 5, 7]), m = k * int(r, 2, 4);
    return {
      stem: `Rationalise the denominator: $\\frac{${m}}{\\sqrt{${k}}}$.`,
      ...choice(r, `$${m / k}\\sqrt{${k}}$`, [[`$${m}\\sqrt{${k}}$`, 'SURD_FORGOT_TO_DIVIDE'], [`$\\frac{${m}}{${k}}$`, 'SURD_DROPPED_ROOT'], [`$${m * k}\\sqrt{${k}}$`, 'SURD_MULTIPLIED_NUMERATOR_ONLY']]),
      solution: `Multiply top and bottom by $\\sqrt{${k}}$: $\\frac{${m}\\sqrt{${k}}}{${k}} = ${m / k}\\sqrt{${k}}$.`,
    };
  }),
  family('MA.N.8.1', 5, 1.3, 0, (r) => {
    const ab = int(r, 12, 98);
    if (ab % 11 === 0) return { stem: 'Write $0.\\dot{3}$ as a fraction in its simplest form.', ...numeric('1/3', { accept: ['fraction'], lowestTerms: true }), solution: '$x = 0.333…$, $10x = 3.333…$, so $9x = 3$ and $x = \\frac{1}{3}$.' };
    const digits = String(ab);
    return { stem: `Write $0.\\dot{${digits[0]}}\\dot{${digits[1]}}$ as a fraction in its simplest form.`, ...numeric(frac(ab, 99), { accept: ['fraction'], lowestTerms: true }), solution: `$x = 0.${digits}${digits}…$, $100x = ${digits}.${digits}…$, so $99x = ${ab}$ and $x = \\frac{${ab}}{99} = ${tex(ab / gcd(ab, 99), 99 / gcd(ab, 99))}$.` };
  }),
  family('MA.N.8.3', 4, 1.3, 0.1, (r) => {
    const a = int(r, 2, 5), k = pick(r, [2, 3, 5]);
    return {
      stem: `Expand and simplify $(${a} + \\sqrt{${k}})^2$.`,
      ...choice(r, `$${a * a + k} + ${2 * a}\\sqrt{${k}}$`, [[`$${a * a + k}$`, 'SURD_SQUARED_EACH_TERM'], [`$${a * a} + ${k}$`, 'SURD_SQUARED_EACH_TERM'], [`$${a * a + k} + ${a}\\sqrt{${k}}$`, 'SURD_MISSED_DOUBLE_TERM']]),
      solution: `$(${a} + \\sqrt{${k}})^2 = ${a * a} + 2 \\times ${a}\\sqrt{${k}} + ${k} = ${a * a + k} + ${2 * a}\\sqrt{${k}}$.`,
    };
  }),
  family('MA.N.9.1', 4, 1.2, 0, (r) => {
    const x = int(r, 20, 60), y = int(r, 3, 8);
    return { stem: `$a = ${x}$ and $b = ${y}$, both correct to the nearest whole number. Work out the upper bound of $\\frac{a}{b}$. Give your answer to 3 decimal places.`, ...numeric((x + 0.5) / (y - 0.5), { decimalPlaces: 3, anticipated: [{ tolerance: { absolute: 0.0006 }, value: dec((x + 0.5) / (y + 0.5), 3), note: 'BOUNDS_USED_UPPER_DIVISOR' }] }), solution: `Largest top over smallest bottom: $\\frac{${x + 0.5}}{${y - 0.5}} = ${((x + 0.5) / (y - 0.5)).toFixed(3)}$.` };
  }),
];

// ---------------------------------------------------------------------------------------------
// Algebra

const algebraFamilies: Family[] = [
  family('MA.A.1.1', 4, 1.0, 0, (r) => {
    const a = int(r, 3, 15), c = a + int(r, 3, 15);
    return { stem: `What number goes in the box? $${a} + \\square = ${c}$`, ...numeric(c - a, { anticipated: [{ value: a + c, note: 'ALG_ADDED_INSTEAD_OF_INVERSE' }] }), solution: `$${c} - ${a} = ${c - a}$.` };
  }),
  family('MA.A.1.3', 4, 1.0, 0.1, (r) => {
    const n = int(r, 3, 12), k = int(r, 2, 5), add = int(r, 1, 9);
    return { stem: `Think of a number, multiply it by ${k}, then add ${add}. Zara starts with ${n}. What is her answer?`, ...numeric(n * k + add, { anticipated: [{ value: (n + add) * k, note: 'ALG_OPERATIONS_WRONG_ORDER' }] }), solution: `$${n} \\times ${k} = ${n * k}$, then $${n * k} + ${add} = ${n * k + add}$.` };
  }),
  family('MA.A.2.1', 5, 1.1, 0, (r) => {
    const a = int(r, 2, 12), d = int(r, 2, 9);
    const terms = [0, 1, 2, 3].map((k) => a + k * d);
    return { stem: `Here is a sequence: $${terms.join(',\\ ')},\\ \\dots$ What is the next term?`, ...numeric(a + 4 * d), solution: `The rule is add ${d}: $${terms[3]} + ${d} = ${a + 4 * d}$.` };
  }),
  family('MA.A.2.2', 4, 1.1, 0.1, (r) => {
    const k = int(r, 2, 9), c = int(r, 3, 20), n = int(r, 2, 12);
    return { stem: `A taxi fare in pounds is $C = ${k}m + ${c}$, where $m$ is the number of miles. Work out $C$ when $m = ${n}$.`, ...numeric(k * n + c, { prefix: '£' }), solution: `$C = ${k} \\times ${n} + ${c} = ${k * n + c}$, so £${k * n + c}.` };
  }),
  family('MA.A.3.1', 5, 1.2, 0, (r) => {
    const p = int(r, 3, 9), q = int(r, 2, 8), s = int(r, 1, p - 1), t = int(r, 1, 9);
    const term = (k: number, letter: string): string => `${k === 1 ? '' : k}${letter}`;
    return { stem: `Simplify $${term(p, 'a')} + ${term(q, 'b')} - ${term(s, 'a')} + ${term(t, 'b')}$.`, ...expression(`${term(p - s, 'a')} + ${term(q + t, 'b')}`, ['a', 'b'], ['simplified'], { equivalentScore: 0 }), solution: `Collect the $a$ terms and the $b$ terms: $${term(p - s, 'a')} + ${term(q + t, 'b')}$.` };
  }),
  family('MA.A.3.2', 5, 1.3, 0.1, (r) => {
    const x = -int(r, 2, 5), k = int(r, 2, 4), c = int(r, 1, 9);
    return { stem: `Work out the value of $${k}x^2 + ${c}$ when $x = ${x}$.`, ...numeric(k * x * x + c, { anticipated: [{ value: (k * x) ** 2 + c, note: 'ALG_SQUARED_COEFFICIENT' }, { value: -k * x * x + c, note: 'ALG_SQUARE_OF_NEGATIVE_NEGATIVE' }] }), solution: `$x^2 = ${x * x}$ (a negative squared is positive), so $${k} \\times ${x * x} + ${c} = ${k * x * x + c}$.` };
  }),
  family('MA.A.3.3', 5, 1.2, 0, (r) => {
    const x = int(r, 2, 12), a = int(r, 2, 9), b = int(r, 1, 20);
    return { stem: `Solve $${a}x + ${b} = ${a * x + b}$.`, ...numeric(x, { anticipated: [{ value: dec((a * x + 2 * b) / a, 4), note: 'ALG_ADDED_INSTEAD_OF_SUBTRACTING' }] }), solution: `Subtract ${b}: $${a}x = ${a * x}$. Divide by ${a}: $x = ${x}$.` };
  }),
  family('MA.A.3.4', 4, 1.0, 0, (r) => {
    const quadrant = int(r, 1, 4);
    const sx = quadrant === 1 || quadrant === 4 ? 1 : -1, sy = quadrant <= 2 ? 1 : -1;
    const x = int(r, 1, 6), y = int(r, 1, 6);
    const name = ['first', 'second', 'third', 'fourth'][quadrant - 1];
    const pt = (p: number, q: number): string => `$(${p}, ${q})$`;
    return {
      stem: `Which point is in the ${name} quadrant? (The first quadrant is top right; they go anticlockwise.)`,
      ...choice(r, pt(sx * x, sy * y), [[pt(-sx * x, sy * y), 'COORD_X_SIGN_WRONG'], [pt(sx * x, -sy * y), 'COORD_Y_SIGN_WRONG'], [pt(-sx * x, -sy * y)]]),
      solution: `In the ${name} quadrant $x$ is ${sx > 0 ? 'positive' : 'negative'} and $y$ is ${sy > 0 ? 'positive' : 'negative'}.`,
    };
  }),
  family('MA.A.4.1', 5, 1.2, -0.1, (r) => {
    const k = int(r, 2, 9), p = int(r, 2, 7), q = int(r, 1, 9);
    return { stem: `Expand $${k}(${p}x - ${q})$.`, ...expression(`${k * p}x - ${k * q}`, ['x'], ['expanded'], { anticipated: [{ value: `${k * p}x - ${q}`, note: 'ALG_MULTIPLIED_FIRST_TERM_ONLY' }] }), solution: `Multiply each term in the bracket by ${k}: $${k * p}x - ${k * q}$.` };
  }),
  family('MA.A.4.1', 5, 1.3, 0.2, (r) => {
    const k = pick(r, [2, 3, 4, 5, 6]), p = int(r, 2, 7), q = int(r, 1, 9);
    if (gcd(p, q) !== 1) return { stem: `Factorise fully $${k * 3}y + ${k * 5}$.`, ...expression(`${k}(3y + 5)`, ['y'], ['factorised']), solution: `The highest common factor is ${k}: $${k}(3y + 5)$.` };
    return { stem: `Factorise fully $${k * p}x + ${k * q}$.`, ...expression(`${k}(${p}x + ${q})`, ['x'], ['factorised']), solution: `The highest common factor of ${k * p} and ${k * q} is ${k}: $${k}(${p}x + ${q})$.` };
  }),
  family('MA.A.4.2', 5, 1.3, 0, (r) => {
    const x = int(r, 2, 9), a = int(r, 4, 9), c = int(r, 1, a - 1), b = int(r, 1, 12);
    const d = a * x - b - c * x;
    return { stem: `Solve $${a}x - ${b} = ${c}x ${signed(d)}$.`, ...numeric(x), solution: `Subtract $${c}x$ from both sides: $${a - c}x - ${b} = ${d}$. Add ${b}: $${a - c}x = ${d + b}$, so $x = ${x}$.` };
  }),
  family('MA.A.4.3', 5, 1.3, 0, (r) => {
    const d = int(r, 2, 8), c = int(r, -5, 9);
    const terms = [1, 2, 3, 4].map((n) => d * n + c);
    return { stem: `Find an expression for the $n$th term of the sequence $${terms.join(',\\ ')},\\ \\dots$`, ...expression(`${d}n ${signed(c)}`.replace('+ 0', ''), ['n'], [], { anticipated: [{ value: `n + ${d}`, note: 'ALG_GAVE_TERM_TO_TERM_RULE' }] }), solution: `The terms go up by ${d}, so start from $${d}n$; the first term is ${terms[0]}, which is ${d} ${c < 0 ? '−' : '+'} ${Math.abs(c)}, so $${d}n ${signed(c)}$.` };
  }),
  family('MA.A.4.4', 4, 1.2, 0.1, (r) => {
    const x = int(r, 2, 9), a = int(r, 2, 6), b = int(r, 1, 10);
    return { stem: `Solve the inequality $${a}x + ${b} > ${a * x + b}$.`, ...text([`x>${x}`, `${x}<x`]), solution: `Subtract ${b} and divide by ${a}: $x > ${x}$.` };
  }),
  family('MA.A.5.1', 5, 1.3, 0, (r) => {
    const p = int(r, 1, 9), q = -int(r, 1, 9);
    return { stem: `Expand and simplify $(x + ${p})(x - ${-q})$.`, ...expression(`x^2 ${signed(p + q)}x ${signed(p * q)}`.replace('+ 0x', '').replace('+ 1x', '+ x').replace('- 1x', '- x'), ['x'], ['expanded', 'simplified'], { anticipated: [{ value: `x^2 ${signed(p * q)}`, note: 'ALG_MISSED_CROSS_TERMS' }] }), solution: `$x^2 - ${-q}x + ${p}x - ${-p * q} = x^2 ${signed(p + q)}x ${signed(p * q)}$.` };
  }),
  family('MA.A.5.2', 5, 1.3, 0, (r): MultiDraft => {
    const m = pick(r, [-4, -3, -2, 2, 3, 4, 5]), c = int(r, -8, 8);
    return {
      stem: `A straight line has equation $y = ${c === 0 ? `${m}x` : `${m}x ${signed(c)}`}$.`,
      parts: [
        { stem: 'What is its gradient?', ...numeric(m) },
        { stem: 'Where does it cross the $y$-axis? Give the $y$-coordinate.', ...numeric(c) },
      ],
      solution: `In $y = mx + c$, $m$ is the gradient (${m}) and $c$ is the $y$-intercept (${c}).`,
    };
  }),
  family('MA.A.5.3', 5, 1.4, 0.1, (r): MultiDraft => {
    const x = int(r, 1, 7), y = int(r, 1, 7), a = int(r, 1, 4), b = int(r, 1, 4), c = int(r, 1, 4), d = -int(r, 1, 4);
    return {
      stem: `Solve the simultaneous equations $${a}x + ${b}y = ${a * x + b * y}$ and $${c}x ${signed(d)}y = ${c * x + d * y}$.`.replace(/ 1([xy])/g, ' $1').replace(/\$1([xy])/g, '$$$1'),
      parts: [{ stem: '$x =$', ...numeric(x) }, { stem: '$y =$', ...numeric(y) }],
      solution: `Eliminate one letter (multiply so the coefficients match, then add or subtract): $x = ${x}$, $y = ${y}$. Check in both equations.`,
    };
  }),
  family('MA.A.5.4', 4, 1.3, 0.2, (r) => {
    const k = int(r, 2, 9), c = int(r, 1, 12);
    return { stem: `Make $x$ the subject of $y = ${k}x + ${c}$.`, ...expression(`x = (y - ${c})/${k}`, ['x', 'y'], ['subject']), solution: `Subtract ${c}: $y - ${c} = ${k}x$. Divide by ${k}: $x = \\frac{y - ${c}}{${k}}$.` };
  }),
  family('MA.A.6.1', 5, 1.4, 0, (r) => {
    const p = int(r, 1, 7), q = int(r, 1, 7) * (r() < 0.5 ? -1 : 1);
    return { stem: `Factorise $x^2 ${signed(p + q)}x ${signed(p * q)}$.`.replace('+ 0x ', '').replace(/([+-]) 1x/, '$1 x'), ...expression(`(x ${signed(p)})(x ${signed(q)})`, ['x'], ['factorised']), solution: `Find two numbers that multiply to ${p * q} and add to ${p + q}: ${p} and ${q}. So $(x ${signed(p)})(x ${signed(q)})$.` };
  }),
  family('MA.A.6.1', 4, 1.4, 0.2, (r) => {
    const p = int(r, 1, 6), q = -int(r, 1, 6);
    return { stem: `Solve $x^2 ${signed(-(p + q))}x ${signed(p * q)} = 0$.`.replace('+ 0x ', '').replace(/([+-]) 1x/, '$1 x'), ...numeric([p, q]), solution: `$(x ${signed(-p)})(x ${signed(-q)}) = 0$, so $x = ${p}$ or $x = ${q}$.` };
  }),
  family('MA.A.6.2', 4, 1.3, 0, (r) => {
    const k = int(r, 3, 12);
    return { stem: `Factorise $x^2 - ${k * k}$.`, ...expression(`(x + ${k})(x - ${k})`, ['x'], ['factorised']), solution: `The difference of two squares: $x^2 - ${k}^2 = (x + ${k})(x - ${k})$.` };
  }),
  family('MA.A.7.1', 4, 1.4, 0, (r): MultiDraft => {
    const [b, c] = pick(r, [[3, 1], [5, 2], [1, -3], [4, -1], [6, 4], [2, -5], [7, 5]] as const);
    const disc = Math.sqrt(b * b - 4 * c);
    const big = (-b + disc) / 2, small = (-b - disc) / 2;
    return {
      stem: `Solve $x^2 ${signed(b)}x ${signed(c)} = 0$. Give your solutions correct to 2 decimal places.`.replace(/([+-]) 1x/, '$1 x'),
      parts: [
        { stem: 'The larger solution: $x =$', ...numeric(dec(big, 10), { decimalPlaces: 2 }) },
        { stem: 'The smaller solution: $x =$', ...numeric(dec(small, 10), { decimalPlaces: 2 }) },
      ],
      solution: `$x = \\frac{-${b} \\pm \\sqrt{${b * b - 4 * c}}}{2}$, so $x = ${big.toFixed(2)}$ or $x = ${small.toFixed(2)}$.`,
    };
  }),
  family('MA.A.7.2', 4, 1.4, 0.1, (r) => {
    const p = pick(r, [1, 3, 5, 7]), q = int(r, 1, 5) * (r() < 0.5 ? -1 : 1);
    return { stem: `Factorise $2x^2 ${signed(2 * q + p)}x ${signed(p * q)}$.`.replace('+ 0x ', '').replace(/([+-]) 1x/, '$1 x'), ...expression(`(2x ${signed(p)})(x ${signed(q)})`, ['x'], ['factorised']), solution: `$(2x ${signed(p)})(x ${signed(q)})$: check by expanding, $2x^2 ${signed(2 * q)}x ${signed(p)}x ${signed(p * q)}$.` };
  }),
  family('MA.A.7.4', 4, 1.3, 0, (r) => {
    const m = int(r, 1, 4), c = int(r, -5, 5), x1 = int(r, 0, 3), x2 = x1 + int(r, 1, 3);
    return { stem: `Find the equation of the straight line through $(${x1}, ${m * x1 + c})$ and $(${x2}, ${m * x2 + c})$. Give it in the form $y = mx + c$.`, ...expression(`y = ${m === 1 ? '' : m}x${c === 0 ? '' : ` ${signed(c)}`}`, ['x', 'y']), solution: `Gradient $= \\frac{${m * x2 + c} - ${m * x1 + c}}{${x2} - ${x1}} = ${m}$; then $c = ${m * x1 + c} - ${m} \\times ${x1} = ${c}$.` };
  }),
  family('MA.A.8.1', 4, 1.4, 0, (r): MultiDraft => {
    const p = int(r, 1, 6), q = int(r, -4, 9);
    return {
      stem: `Write $x^2 + ${2 * p}x ${signed(p * p + q)}$ in the form $(x + a)^2 + b$.`,
      parts: [{ stem: '$a =$', ...numeric(p) }, { stem: '$b =$', ...numeric(q, { anticipated: [{ value: p * p + q + p * p, note: 'ALG_ADDED_SQUARE_INSTEAD_OF_SUBTRACTING' }] }) }],
      solution: `Halve ${2 * p} to get $a = ${p}$; $(x + ${p})^2 = x^2 + ${2 * p}x + ${p * p}$, so $b = ${p * p + q} - ${p * p} = ${q}$.`,
    };
  }),
  family('MA.A.8.4', 4, 1.3, 0, (r) => {
    const k = int(r, 2, 5), c = int(r, 1, 7), x = int(r, 1, 4);
    return { stem: `$f(x) = ${k}x + ${c}$ and $g(x) = x^2$. Work out $fg(${x})$.`, ...numeric(k * x * x + c, { anticipated: [{ value: (k * x + c) ** 2, note: 'ALG_COMPOSED_WRONG_ORDER' }] }), solution: `$fg(${x})$ means $f(g(${x}))$: $g(${x}) = ${x * x}$, then $f(${x * x}) = ${k * x * x + c}$.` };
  }),
  family('MA.A.8.3', 3, 1.3, 0.2, (r) => {
    const k = int(r, 2, 9);
    return { stem: `Simplify fully $\\frac{x^2 - ${k * k}}{x + ${k}}$.`, ...expression(`x - ${k}`, ['x'], ['simplified']), solution: `$x^2 - ${k * k} = (x + ${k})(x - ${k})$; cancel $(x + ${k})$: $x - ${k}$.` };
  }),
  family('MA.A.9.3', 3, 1.3, 0, (r) => {
    const c = pick(r, [3, 5, 7]);
    let x = 2;
    for (let k = 0; k < 3; k++) x = Math.cbrt(x + c);
    return { stem: `Use $x_{n+1} = \\sqrt[3]{x_n + ${c}}$ with $x_0 = 2$ to find $x_3$. Give your answer to 4 decimal places.`, ...numeric(x.toFixed(10), { decimalPlaces: 4 }), solution: `Apply the formula three times, keeping full calculator values: $x_3 = ${x.toFixed(4)}$.` };
  }),
  family('MA.A.9.1', 3, 1.2, 0, (r, i) => {
    const proofs = [
      ['Let the numbers be $2n + 1$ and $2n + 3$.', 'Their sum is $4n + 4$.', 'This is $4(n + 1)$.', 'So the sum is a multiple of 4.'],
      ['Let the numbers be $n$ and $n + 1$.', 'The difference of their squares is $(n + 1)^2 - n^2$.', 'This expands to $2n + 1$.', 'So it equals their sum, $n + (n + 1)$.'],
      ['Let the even numbers be $2m$ and $2n$.', 'Their product is $4mn$.', 'This is $4 \\times mn$, with $mn$ a whole number.', 'So the product is a multiple of 4.'],
    ];
    const steps = proofs[i % proofs.length];
    const claim = ['the sum of two consecutive odd numbers is a multiple of 4', 'the difference of the squares of two consecutive whole numbers equals their sum', 'the product of two even numbers is a multiple of 4'][i % proofs.length];
    return { stem: `Put the steps of this proof in order: ${claim}.`, ...ordering(r, steps, 'first step first'), solution: steps.join(' ') };
  }),
  family('MA.A.9.2', 3, 1.3, 0, (r) => {
    const [a, b] = pick(r, [[3, 4], [4, 3], [5, 12], [6, 8], [8, 6], [1, 2], [2, 1]] as const);
    const r2 = a * a + b * b;
    return { stem: `The circle $x^2 + y^2 = ${r2}$ passes through $(${a}, ${b})$. Find the equation of the tangent to the circle at this point.`, ...expression(`${a}x + ${b}y = ${r2}`, ['x', 'y']), solution: `The radius has gradient $\\frac{${b}}{${a}}$, so the tangent has gradient $-\\frac{${a}}{${b}}$: $y - ${b} = -\\frac{${a}}{${b}}(x - ${a})$, i.e. $${a}x + ${b}y = ${r2}$.` };
  }),
];

// ---------------------------------------------------------------------------------------------
// Ratio, proportion and rates of change

const ratioFamilies: Family[] = [
  family('MA.R.1.2', 4, 1.0, 0, (r) => {
    const k = int(r, 3, 8), each = int(r, 3, 9);
    return { stem: `${k * each} stickers are shared equally between ${k} children. How many does each child get?`, ...numeric(each), solution: `$${k * each} \\div ${k} = ${each}$.` };
  }),
  family('MA.R.1.3', 4, 1.0, 0.1, (r) => {
    const x = int(r, 4, 20);
    return { stem: `Amir has ${x} marbles. Beth has twice as many as Amir. How many marbles does Beth have?`, ...numeric(2 * x, { anticipated: [{ value: x + 2, note: 'RATIO_ADDED_TWO' }] }), solution: `Twice as many: $2 \\times ${x} = ${2 * x}$.` };
  }),
  family('MA.R.2.1', 5, 1.1, 0, (r) => {
    const [from, to, factor] = pick(r, [['m', 'cm', 100], ['kg', 'g', 1000], ['km', 'm', 1000], ['l', 'ml', 1000], ['cm', 'mm', 10]] as const);
    const x = int(r, 12, 95) / 10;
    return { stem: `Write $${dec(x)}$ ${from} in ${to}.`, ...quantity(dec(x * factor), to, 'strict'), solution: `1 ${from} = ${factor} ${to}, so $${dec(x)} \\times ${factor} = ${dec(x * factor)}$ ${to}.` };
  }),
  family('MA.R.2.3', 5, 1.1, 0.1, (r) => {
    const people = pick(r, [2, 4]), want = pick(r, [6, 8, 10, 12].filter((n) => n % people === 0 && n !== people)), flour = int(r, 3, 9) * 50;
    return { stem: `A recipe for ${people} people uses ${flour} g of flour. How much flour is needed for ${want} people?`, ...quantity(flour * want / people, 'g', 'convert', { numberOnlyScore: 0 }), solution: `${want} people is ${want / people} times as many: $${flour} \\times ${want / people} = ${flour * want / people}$ g.` };
  }),
  family('MA.R.3.1', 5, 1.2, 0, (r) => {
    const p = pick(r, [5, 15, 20, 30, 35, 45, 60, 75]), x = int(r, 2, 30) * 20;
    return { stem: `Find $${p}\\%$ of ${x} kg.`, ...quantity(dec(p * x / 100), 'kg', 'convert'), solution: `$10\\% = ${x / 10}$ kg; build up ${p}%: $${dec(p * x / 100)}$ kg.` };
  }),
  family('MA.R.3.2', 5, 1.2, 0, (r) => {
    const k = int(r, 2, 9), p = int(r, 1, 7), q = int(r, 2, 9);
    const [a, b] = gcd(p, q) === 1 && p !== q ? [p, q] : [p, p + 1];
    return { stem: `Write the ratio $${k * a} : ${k * b}$ in its simplest form.`, ...text([`${a}:${b}`]), solution: `Divide both parts by ${k}: $${a} : ${b}$.` };
  }),
  family('MA.R.3.3', 5, 1.3, 0, (r): MultiDraft => {
    const a = int(r, 1, 5), b = pick(r, [2, 3, 4, 5, 6, 7].filter((n) => n !== a && gcd(n, a) === 1)), unit = int(r, 3, 15) * 5;
    return {
      stem: `Ella and Finn share £${(a + b) * unit} in the ratio $${a} : ${b}$.`,
      parts: [{ stem: 'How much does Ella get?', ...numeric(a * unit, { prefix: '£' }) }, { stem: 'How much does Finn get?', ...numeric(b * unit, { prefix: '£' }) }],
      solution: `There are $${a} + ${b} = ${a + b}$ parts; one part is $${(a + b) * unit} \\div ${a + b} = ${unit}$. Ella gets £${a * unit}, Finn £${b * unit}.`,
    };
  }),
  family('MA.R.3.4', 4, 1.2, 0.1, (r) => {
    const n = int(r, 3, 6), price = int(r, 35, 95), m = n + int(r, 2, 5);
    return { stem: `${n} pens cost £${dec(n * price / 100).padEnd(4, '0')}. How much do ${m} pens cost?`, ...numeric(dec(m * price / 100), { prefix: '£', accept: ['integer', 'decimal'] }), solution: `One pen costs ${price}p, so ${m} pens cost $${m} \\times ${price} = ${m * price}$p = £${(m * price / 100).toFixed(2)}.` };
  }),
  family('MA.R.4.1', 5, 1.3, 0, (r) => {
    const p = pick(r, [5, 12, 15, 20, 25, 35]), x = int(r, 4, 30) * 20, up = r() < 0.5;
    const value = dec(x * (1 + (up ? p : -p) / 100));
    return { stem: `${up ? 'Increase' : 'Decrease'} £${x} by $${p}\\%$.`, ...numeric(value, { prefix: '£', anticipated: [{ value: dec(x * p / 100), note: 'PCT_GAVE_CHANGE_NOT_NEW_AMOUNT' }] }), solution: `Multiply by ${up ? `$1 + ${p / 100} = ${dec(1 + p / 100)}$` : `$1 - ${p / 100} = ${dec(1 - p / 100)}$`}: £${value}.` };
  }),
  family('MA.R.4.2', 5, 1.3, 0, (r) => {
    const speed = int(r, 4, 14) * 5, time = pick(r, [1.5, 2, 2.5, 3, 0.5]);
    return { stem: `A car travels ${dec(speed * time)} km in ${time} hours. Work out its average speed. Give the units.`, ...quantity(speed, 'km/h', 'convert', { anticipated: [{ value: dec(speed * time * time), note: 'RATE_MULTIPLIED_NOT_DIVIDED' }] }), solution: `Speed = distance ÷ time $= ${dec(speed * time)} \\div ${time} = ${speed}$ km/h.` };
  }),
  family('MA.R.4.2', 4, 1.3, 0.2, (r) => {
    const density = pick(r, [2.7, 7.9, 8.9, 11.3, 0.8]), volume = int(r, 5, 40);
    return { stem: `A block of metal has mass ${dec(density * volume)} g and volume ${volume} cm³. Work out its density. Give the units.`, ...quantity(dec(density), 'g/cm^3', 'convert'), solution: `Density = mass ÷ volume $= ${dec(density * volume)} \\div ${volume} = ${density}$ g/cm³.` };
  }),
  family('MA.R.4.3', 4, 1.2, 0.1, (r) => {
    const scale = pick(r, [25000, 50000, 10000]), cm = int(r, 3, 12);
    return { stem: `A map has scale $1 : ${scale.toLocaleString('en-GB').replace(/,/g, '\\,')}$. Two towns are ${cm} cm apart on the map. How far apart are they in real life, in km?`, ...quantity(dec(cm * scale / 100000), 'km', 'convert'), solution: `$${cm} \\times ${scale} = ${cm * scale}$ cm $= ${dec(cm * scale / 100000)}$ km.` };
  }),
  family('MA.R.5.1', 5, 1.3, 0, (r) => {
    const a = int(r, 2, 5), b = pick(r, [a + 1, a + 2, a + 3].filter((n) => gcd(n, a) === 1)), unit = int(r, 3, 12);
    return { stem: `Boys and girls in a club are in the ratio $${a} : ${b}$. There are ${(b - a) * unit} more girls than boys. How many boys are there?`, ...numeric(a * unit, { anticipated: [{ value: (b - a) * unit * a, note: 'RATIO_DIFFERENCE_AS_ONE_PART' }] }), solution: `The difference is ${b - a} part(s) = ${(b - a) * unit}, so one part is ${unit}; boys $= ${a} \\times ${unit} = ${a * unit}$.` };
  }),
  family('MA.R.5.2', 4, 1.2, 0, (r) => {
    const small = pick(r, [250, 400, 500]), big = small * pick(r, [2, 3]), ps = int(r, 80, 180), pb = Math.round(ps * big / small * (r() < 0.5 ? 0.9 : 1.1));
    const bigBetter = pb / big < ps / small;
    return {
      stem: `Which is the better buy: ${small} g for £${(ps / 100).toFixed(2)}, or ${big} g for £${(pb / 100).toFixed(2)}?`,
      ...choice(r, bigBetter ? `the ${big} g pack` : `the ${small} g pack`, [[bigBetter ? `the ${small} g pack` : `the ${big} g pack`, 'RATE_COMPARED_PRICES_ONLY'], ['they are the same value']]),
      solution: `Compare price per 100 g: ${(ps / small * 100).toFixed(1)}p and ${(pb / big * 100).toFixed(1)}p, so the ${bigBetter ? big : small} g pack is better value.`,
    };
  }),
  family('MA.R.5.3', 4, 1.3, 0.1, (r) => {
    const w = pick(r, [2, 3, 4, 6]), d = pick(r, [6, 8, 12]), w2 = pick(r, [2, 3, 4, 6, 8, 12].filter((n) => n !== w && (w * d) % n === 0));
    return { stem: `${w} builders take ${d} days to build a wall. How long would ${w2} builders take, working at the same rate?`, ...numeric((w * d) / w2, { suffix: 'days', anticipated: [{ value: dec(d * w2 / w), note: 'PROPORTION_DIRECT_NOT_INVERSE' }] }), solution: `The job is $${w} \\times ${d} = ${w * d}$ builder-days; $${w * d} \\div ${w2} = ${(w * d) / w2}$ days.` };
  }),
  family('MA.R.6.1', 5, 1.4, 0, (r) => {
    const p = pick(r, [10, 20, 25, 15, 5]), original = int(r, 4, 20) * 20, up = r() < 0.5;
    const now = dec(original * (1 + (up ? p : -p) / 100));
    return { stem: `After a $${p}\\%$ ${up ? 'increase' : 'decrease'}, a price is £${now}. What was the price before the ${up ? 'increase' : 'decrease'}?`, ...numeric(original, { prefix: '£', anticipated: [{ value: dec(Number(now) * (1 - (up ? p : -p) / 100)), note: 'PCT_REVERSE_TOOK_PERCENT_OF_NEW' }] }), solution: `£${now} is ${up ? 100 + p : 100 - p}% of the original: $${now} \\div ${dec(1 + (up ? p : -p) / 100)} = ${original}$.` };
  }),
  family('MA.R.6.2', 5, 1.4, 0.1, (r) => {
    const p = pick(r, [2, 3, 4, 5]), years = int(r, 2, 5), x = int(r, 2, 9) * 500;
    const value = x * (1 + p / 100) ** years;
    return { stem: `£${x} is invested at $${p}\\%$ per year compound interest. Work out its value after ${years} years. Give your answer to the nearest penny.`, ...numeric(value.toFixed(10), { prefix: '£', decimalPlaces: 2, anticipated: [{ value: dec(x * (1 + p * years / 100)), note: 'PCT_SIMPLE_NOT_COMPOUND' }] }), solution: `$${x} \\times ${dec(1 + p / 100)}^{${years}} = ${value.toFixed(2)}$.` };
  }),
  family('MA.R.6.3', 4, 1.3, 0, (r) => {
    const kmh = pick(r, [18, 36, 54, 72, 90, 108]);
    return { stem: `Change ${kmh} km/h into metres per second.`, ...quantity(kmh / 3.6, 'm/s', 'strict'), solution: `$${kmh}$ km/h $= ${kmh * 1000}$ m in 3600 s $= ${kmh / 3.6}$ m/s.` };
  }),
  family('MA.R.7.1', 4, 1.4, 0, (r) => {
    const k = int(r, 2, 5), x1 = int(r, 2, 4), x2 = x1 + int(r, 1, 3);
    return { stem: `$y$ is directly proportional to $x^2$. When $x = ${x1}$, $y = ${k * x1 * x1}$. Find $y$ when $x = ${x2}$.`, ...numeric(k * x2 * x2, { anticipated: [{ value: dec(k * x1 * x2, 4), note: 'PROPORTION_LINEAR_NOT_SQUARE' }] }), solution: `$y = kx^2$: $k = ${k * x1 * x1} \\div ${x1 * x1} = ${k}$, so $y = ${k} \\times ${x2 * x2} = ${k * x2 * x2}$.` };
  }),
  family('MA.R.7.2', 4, 1.4, 0.1, (r) => {
    const k = pick(r, [24, 36, 48, 60, 72]), x1 = pick(r, [2, 3, 4, 6]), x2 = pick(r, [8, 12, 6, 3].filter((n) => n !== x1));
    return { stem: `$y$ is inversely proportional to $x$. When $x = ${x1}$, $y = ${k / x1}$. Find $y$ when $x = ${x2}$.`, ...numeric(frac(k, x2), { accept: ['integer', 'decimal', 'fraction', 'mixed-number'] }), solution: `$y = \\frac{k}{x}$ with $k = ${x1} \\times ${k / x1} = ${k}$, so $y = \\frac{${k}}{${x2}} = ${dec(k / x2, 4)}$.` };
  }),
  family('MA.R.7.3', 4, 1.3, 0.1, (r) => {
    const a = int(r, 1, 5), b = int(r, 2, 6), c = int(r, 2, 7);
    const [p, q, s] = [a * c, b * c, b * (c + 1)];
    const g = gcd(gcd(p, q), s);
    return { stem: `$a : b = ${a} : ${b}$ and $b : c = ${c} : ${c + 1}$. Write $a : b : c$ in its simplest form.`, ...text([`${p / g}:${q / g}:${s / g}`]), solution: `Make the $b$ parts equal: $${a * c} : ${b * c}$ and $${b * c} : ${b * (c + 1)}$, so $a : b : c = ${p / g} : ${q / g} : ${s / g}$.` };
  }),
  family('MA.R.8.3', 4, 1.3, 0, (r) => {
    const p = pick(r, [10, 20, 25]), start = int(r, 2, 8) * 100, target = start * pick(r, [2, 3]);
    let years = 0, v = start;
    while (v <= target) { v *= 1 + p / 100; years++; }
    return { stem: `A population of ${start} rabbits grows by $${p}\\%$ each year. After how many whole years will it first be more than ${target}?`, ...numeric(years, { suffix: 'years', anticipated: [{ value: years - 1, note: 'ITERATION_STOPPED_ONE_EARLY' }] }), solution: `Multiply by ${dec(1 + p / 100)} each year until the total passes ${target}: after ${years} years it is ${Math.round(v)}.` };
  }),
  family('MA.R.8.1', 4, 1.2, 0, (r) => {
    const rate = int(r, 2, 9) * 5;
    return {
      stem: `A graph shows the volume of water in a tank (litres, up the side) against time (minutes, along the bottom). It is a straight line through $(0, 0)$ and $(4, ${4 * rate})$. What does its gradient tell you?`,
      ...choice(r, `water flows in at ${rate} litres per minute`, [[`the tank holds ${4 * rate} litres`, 'GRAPH_GRADIENT_READ_AS_VALUE'], [`it takes ${rate} minutes to fill`, 'GRAPH_GRADIENT_INVERTED'], ['the water level is constant']]),
      solution: `Gradient = change in volume ÷ change in time $= ${4 * rate} \\div 4 = ${rate}$ litres per minute, the rate the tank fills.`,
    };
  }),
  family('MA.R.9.3', 4, 1.3, 0.1, (r) => {
    const v = int(r, 2, 6) * 2, t1 = int(r, 2, 6) * 2, t2 = int(r, 2, 10);
    return { stem: `A cyclist speeds up steadily from rest to ${v} m/s in ${t1} seconds, then travels at ${v} m/s for ${t2} seconds. Use the area under the speed–time graph to work out how far the cyclist travels.`, ...quantity(v * t1 / 2 + v * t2, 'm', 'convert', { anticipated: [{ value: v * (t1 + t2), note: 'GRAPH_AREA_TRIANGLE_AS_RECTANGLE' }] }), solution: `Triangle $\\frac{1}{2} \\times ${t1} \\times ${v} = ${v * t1 / 2}$ m plus rectangle $${t2} \\times ${v} = ${v * t2}$ m: ${v * t1 / 2 + v * t2} m.` };
  }),
  family('MA.R.9.1', 3, 1.2, 0, (r) => {
    const factor = pick(r, [4, 9, 16]);
    return {
      stem: `$y$ is inversely proportional to the square root of $x$. $x$ is multiplied by ${factor}. What happens to $y$?`,
      ...choice(r, `$y$ is divided by ${Math.sqrt(factor)}`, [[`$y$ is divided by ${factor}`, 'PROPORTION_IGNORED_ROOT'], [`$y$ is multiplied by ${Math.sqrt(factor)}`, 'PROPORTION_DIRECT_NOT_INVERSE'], [`$y$ is multiplied by ${factor}`]]),
      solution: `$y = \\frac{k}{\\sqrt{x}}$; $\\sqrt{${factor}x} = ${Math.sqrt(factor)}\\sqrt{x}$, so $y$ is divided by ${Math.sqrt(factor)}.`,
    };
  }),
];

// ---------------------------------------------------------------------------------------------
// Geometry and measures

const rad = Math.PI / 180;
const geometryFamilies: Family[] = [
  family('MA.G.1.1', 4, 1.0, 0, (r) => {
    const [sides, name] = pick(r, [[5, 'pentagon'], [6, 'hexagon'], [8, 'octagon'], [3, 'triangle'], [4, 'quadrilateral'], [10, 'decagon']] as const);
    return { stem: `What is the name of a polygon with ${sides} straight sides?`, ...text([name]), solution: `A polygon with ${sides} sides is a ${name}.` };
  }),
  family('MA.G.1.2', 4, 1.0, 0, (r) => {
    const l = int(r, 3, 15), w = int(r, 2, 9);
    return { stem: `A rectangle is ${l} cm long and ${w} cm wide. What is its perimeter?`, ...quantity(2 * (l + w), 'cm', 'convert', { anticipated: [{ value: l * w, note: 'MEASURE_AREA_NOT_PERIMETER' }, { value: l + w, note: 'MEASURE_ADDED_TWO_SIDES_ONLY' }] }), solution: `$${l} + ${w} + ${l} + ${w} = ${2 * (l + w)}$ cm.` };
  }),
  family('MA.G.1.3', 4, 1.0, 0.2, (r) => {
    const h = int(r, 8, 15), m = pick(r, [10, 15, 20, 40, 45, 50]), d = pick(r, [25, 35, 40, 50]);
    return { stem: `A bus leaves at ${h}:${String(m).padStart(2, '0')} and arrives at ${m + d >= 60 ? h + 1 : h}:${String((m + d) % 60).padStart(2, '0')}. How many minutes does the journey take?`, ...numeric(d, { suffix: 'minutes' }), solution: `Count on from ${h}:${String(m).padStart(2, '0')}: ${d} minutes.` };
  }),
  family('MA.G.2.1', 4, 1.1, 0, (r) => {
    const l = int(r, 3, 12), w = int(r, 2, 9);
    return { stem: `Find the area of a rectangle ${l} cm by ${w} cm. Give the units.`, ...quantity(l * w, 'cm^2', 'convert', { anticipated: [{ value: 2 * (l + w), note: 'MEASURE_PERIMETER_NOT_AREA' }] }), solution: `Area = length × width $= ${l} \\times ${w} = ${l * w}$ cm².` };
  }),
  family('MA.G.2.2', 4, 1.0, 0, (r) => {
    const angle = pick(r, [35, 72, 89, 95, 130, 170, 200, 290]);
    const kind = angle < 90 ? 'acute' : angle < 180 ? 'obtuse' : 'reflex';
    return { stem: `What type of angle is $${angle}°$?`, ...choice(r, kind, ['acute', 'obtuse', 'reflex', 'right'].filter((k) => k !== kind).map((k) => [k, k === 'right' ? undefined : 'ANGLE_TYPE_CONFUSED'] as [string, string?])), solution: `Acute: less than 90°; obtuse: between 90° and 180°; reflex: between 180° and 360°. $${angle}°$ is ${kind}.` };
  }),
  family('MA.G.2.3', 4, 1.1, 0, (r) => {
    const a = int(r, 20, 80), b = int(r, 20, 70);
    return { stem: `Three angles lie on a straight line. Two of them are $${a}°$ and $${b}°$. Find the third angle.`, ...numeric(180 - a - b, { suffix: '°', anticipated: [{ value: 360 - a - b, note: 'ANGLE_USED_360_NOT_180' }] }), solution: `Angles on a straight line add up to 180°: $180 - ${a} - ${b} = ${180 - a - b}°$.` };
  }),
  family('MA.G.3.1', 4, 1.1, 0, (r) => {
    const a = int(r, 30, 80), b = int(r, 25, 70);
    return { stem: `Two angles of a triangle are $${a}°$ and $${b}°$. Find the third angle.`, ...numeric(180 - a - b, { suffix: '°', anticipated: [{ value: 360 - a - b, note: 'ANGLE_USED_360_NOT_180' }] }), solution: `Angles in a triangle add up to 180°: $180 - ${a} - ${b} = ${180 - a - b}°$.` };
  }),
  family('MA.G.3.2', 4, 1.2, 0, (r) => {
    const a = int(r, 3, 9), b = a + int(r, 2, 6), h = int(r, 2, 8) * 2;
    return { stem: `A trapezium has parallel sides ${a} cm and ${b} cm, and perpendicular height ${h} cm. Find its area. Give the units.`, ...quantity((a + b) * h / 2, 'cm^2', 'convert', { anticipated: [{ value: (a + b) * h, note: 'MEASURE_FORGOT_HALF' }] }), solution: `$\\frac{1}{2}(${a} + ${b}) \\times ${h} = ${(a + b) * h / 2}$ cm².` };
  }),
  family('MA.G.3.2', 3, 1.2, -0.2, (r) => {
    const base = int(r, 3, 12), h = int(r, 2, 10) * 2;
    return { stem: `A triangle has base ${base} cm and perpendicular height ${h} cm. Find its area. Give the units.`, ...quantity(base * h / 2, 'cm^2', 'convert', { anticipated: [{ value: base * h, note: 'MEASURE_FORGOT_HALF' }] }), solution: `$\\frac{1}{2} \\times ${base} \\times ${h} = ${base * h / 2}$ cm².` };
  }),
  family('MA.G.3.3', 4, 1.1, 0, (r) => {
    const x = int(r, 1, 6), y = int(r, 1, 6);
    const axis = pick(r, ['y', 'x']);
    const image = axis === 'y' ? `$(${-x}, ${y})$` : `$(${x}, ${-y})$`;
    return { stem: `The point $(${x}, ${y})$ is reflected in the ${axis}-axis. Where is its image?`, ...choice(r, image, [[axis === 'y' ? `$(${x}, ${-y})$` : `$(${-x}, ${y})$`, 'TRANSFORM_WRONG_MIRROR_LINE'], [`$(${-x}, ${-y})$`, 'TRANSFORM_ROTATED_NOT_REFLECTED'], [`$(${y}, ${x})$`, 'TRANSFORM_REFLECTED_IN_Y_EQUALS_X']]), solution: `Reflecting in the ${axis}-axis changes the sign of the ${axis === 'y' ? 'x' : 'y'}-coordinate: ${image}.` };
  }),
  family('MA.G.4.1', 4, 1.3, 0, (r) => {
    const n = pick(r, [5, 6, 8, 9, 10, 12]);
    return { stem: `Work out the size of each interior angle of a regular polygon with ${n} sides.`, ...numeric((n - 2) * 180 / n, { suffix: '°', anticipated: [{ value: 360 / n, note: 'ANGLE_GAVE_EXTERIOR_NOT_INTERIOR' }] }), solution: `Each exterior angle is $360 \\div ${n} = ${360 / n}°$, so each interior angle is $180 - ${360 / n} = ${(n - 2) * 180 / n}°$.` };
  }),
  family('MA.G.4.1', 3, 1.2, -0.1, (r) => {
    const a = int(r, 40, 130);
    return { stem: `Two parallel lines are crossed by a straight line. One of the angles it makes is $${a}°$. What size is the alternate angle to it?`, ...numeric(a, { suffix: '°', anticipated: [{ value: 180 - a, note: 'ANGLE_CO_INTERIOR_NOT_ALTERNATE' }] }), solution: `Alternate angles are equal: $${a}°$.` };
  }),
  family('MA.G.4.2', 5, 1.3, 0, (r) => {
    const radius = int(r, 2, 15), area = r() < 0.5;
    const value = area ? Math.PI * radius * radius : 2 * Math.PI * radius;
    return { stem: `A circle has radius ${radius} cm. Work out its ${area ? 'area' : 'circumference'}. Give your answer to 1 decimal place.`, ...numeric(value.toFixed(10), { decimalPlaces: 1, suffix: area ? 'cm²' : 'cm', anticipated: [{ value: (area ? 2 * Math.PI * radius : Math.PI * radius * radius).toFixed(1), note: area ? 'MEASURE_CIRCUMFERENCE_NOT_AREA' : 'MEASURE_AREA_NOT_CIRCUMFERENCE' }] }), solution: area ? `$\\pi r^2 = \\pi \\times ${radius}^2 = ${value.toFixed(1)}$ cm².` : `$2\\pi r = 2 \\times \\pi \\times ${radius} = ${value.toFixed(1)}$ cm.` };
  }),
  family('MA.G.4.3', 4, 1.2, 0, (r) => {
    const l = int(r, 2, 9), w = int(r, 2, 9), h = int(r, 2, 9);
    return { stem: `A cuboid measures ${l} cm by ${w} cm by ${h} cm. Work out its volume. Give the units.`, ...quantity(l * w * h, 'cm^3', 'convert'), solution: `$${l} \\times ${w} \\times ${h} = ${l * w * h}$ cm³.` };
  }),
  family('MA.G.5.1', 5, 1.4, 0, (r) => {
    const a = int(r, 3, 12), b = int(r, 4, 15), hyp = r() < 0.6;
    const value = hyp ? Math.hypot(a, b) : Math.sqrt(Math.abs(b * b - a * a));
    const [p, q] = hyp ? [a, b] : [Math.min(a, b), Math.max(a, b)];
    if (!hyp && p === q) return { stem: 'A right-angled triangle has shorter sides 5 cm and 12 cm. Work out the length of the hypotenuse.', ...numeric(13, { suffix: 'cm' }), solution: '$\\sqrt{5^2 + 12^2} = \\sqrt{169} = 13$ cm.' };
    return hyp
      ? { stem: `A right-angled triangle has shorter sides ${a} cm and ${b} cm. Work out the length of the hypotenuse. Give your answer to 1 decimal place.`, ...numeric(value.toFixed(10), { decimalPlaces: 1, suffix: 'cm', anticipated: [{ value: a + b, note: 'PYTH_ADDED_SIDES' }] }), solution: `$\\sqrt{${a}^2 + ${b}^2} = \\sqrt{${a * a + b * b}} = ${value.toFixed(1)}$ cm.` }
      : { stem: `A right-angled triangle has hypotenuse ${q} cm and one shorter side ${p} cm. Work out the length of the other side. Give your answer to 1 decimal place.`, ...numeric(Math.sqrt(q * q - p * p).toFixed(10), { decimalPlaces: 1, suffix: 'cm', anticipated: [{ tolerance: { absolute: 0.06 }, value: Math.hypot(p, q).toFixed(1), note: 'PYTH_ADDED_NOT_SUBTRACTED' }] }), solution: `$\\sqrt{${q}^2 - ${p}^2} = \\sqrt{${q * q - p * p}} = ${Math.sqrt(q * q - p * p).toFixed(1)}$ cm.` };
  }),
  family('MA.G.5.2', 5, 1.4, 0.1, (r) => {
    const angle = int(r, 20, 70), hyp = int(r, 5, 20), fn = pick(r, ['sin', 'cos', 'tan'] as const);
    const side = fn === 'tan' ? hyp * Math.tan(angle * rad) : fn === 'sin' ? hyp * Math.sin(angle * rad) : hyp * Math.cos(angle * rad);
    const given = fn === 'tan' ? `the side adjacent to the angle is ${hyp} cm` : `the hypotenuse is ${hyp} cm`;
    const wanted = fn === 'cos' ? 'adjacent' : 'opposite';
    return { stem: `In a right-angled triangle, one angle is $${angle}°$ and ${given}. Work out the length of the side ${wanted} the $${angle}°$ angle. Give your answer to 1 decimal place.`.replace('side adjacent the', 'side adjacent to the'), ...numeric(side.toFixed(10), { decimalPlaces: 1, suffix: 'cm' }), solution: `Use ${fn}: $${wanted === 'adjacent' ? 'a' : 'o'} = ${hyp} \\times \\${fn} ${angle}° = ${side.toFixed(1)}$ cm.` };
  }),
  family('MA.G.5.3', 4, 1.3, 0.1, (r) => {
    const radius = int(r, 4, 12), angle = pick(r, [40, 60, 72, 80, 120, 135, 150]);
    const value = angle / 360 * 2 * Math.PI * radius;
    return { stem: `A sector of a circle has radius ${radius} cm and angle $${angle}°$. Work out the arc length. Give your answer to 1 decimal place.`, ...numeric(value.toFixed(10), { decimalPlaces: 1, suffix: 'cm', anticipated: [{ tolerance: { absolute: 0.06 }, value: (angle / 360 * Math.PI * radius * radius).toFixed(1), note: 'MEASURE_SECTOR_AREA_NOT_ARC' }] }), solution: `$\\frac{${angle}}{360} \\times 2\\pi \\times ${radius} = ${value.toFixed(1)}$ cm.` };
  }),
  family('MA.G.5.4', 4, 1.3, 0, (r) => {
    const k = pick(r, [1.5, 2, 2.5, 3]), a = int(r, 2, 8) * 2, b = int(r, 3, 9) * 2;
    return { stem: `Triangles $ABC$ and $PQR$ are similar. $AB = ${a}$ cm and $PQ = ${dec(a * k)}$ cm. $BC = ${b}$ cm. Find $QR$.`, ...numeric(dec(b * k), { suffix: 'cm', anticipated: [{ value: dec(b + a * k - a), note: 'SIMILAR_ADDED_NOT_MULTIPLIED' }] }), solution: `Scale factor $= ${dec(a * k)} \\div ${a} = ${k}$; $QR = ${b} \\times ${k} = ${dec(b * k)}$ cm.` };
  }),
  family('MA.G.6.1', 4, 1.4, 0, (r) => {
    const o = int(r, 3, 12), h = o + int(r, 2, 10);
    const angle = Math.asin(o / h) / rad;
    return { stem: `In a right-angled triangle the side opposite angle $x$ is ${o} cm and the hypotenuse is ${h} cm. Work out $x$. Give your answer to 1 decimal place.`, ...numeric(angle.toFixed(10), { decimalPlaces: 1, suffix: '°' }), solution: `$\\sin x = \\frac{${o}}{${h}}$, so $x = \\sin^{-1}\\left(\\frac{${o}}{${h}}\\right) = ${angle.toFixed(1)}°$.` };
  }),
  family('MA.G.6.2', 4, 1.3, 0.1, (r) => {
    const radius = int(r, 2, 9), h = int(r, 3, 12), shape = pick(r, ['cylinder', 'cone', 'sphere'] as const);
    const [k, formula] = shape === 'cylinder' ? [radius * radius * h, `\\pi r^2 h = \\pi \\times ${radius}^2 \\times ${h}`] : shape === 'cone' ? [radius * radius * h / 3, `\\frac{1}{3}\\pi r^2 h = \\frac{1}{3}\\pi \\times ${radius}^2 \\times ${h}`] : [4 * radius ** 3 / 3, `\\frac{4}{3}\\pi r^3 = \\frac{4}{3}\\pi \\times ${radius}^3`];
    const what = shape === 'sphere' ? `A sphere has radius ${radius} cm.` : `A ${shape} has radius ${radius} cm and height ${h} cm.`;
    const coefficient = Number.isInteger(k) ? String(k) : `${Math.round(k * 3)}/3`;
    return { stem: `${what} Work out its volume, in cm³. Give your answer in terms of $\\pi$.`, ...expression(`${coefficient}*pi`, []), solution: `$V = ${formula} = ${Number.isInteger(k) ? k : `\\frac{${Math.round(k * 3)}}{3}`}\\pi$ cm³.` };
  }),
  family('MA.G.6.3', 4, 1.2, 0, (r) => {
    const [expr, value, wrong] = pick(r, [['\\sin 30°', '$\\frac{1}{2}$', '$\\frac{\\sqrt{3}}{2}$'], ['\\cos 60°', '$\\frac{1}{2}$', '$\\frac{\\sqrt{3}}{2}$'], ['\\tan 45°', '$1$', '$\\frac{\\sqrt{2}}{2}$'], ['\\cos 30°', '$\\frac{\\sqrt{3}}{2}$', '$\\frac{1}{2}$'], ['\\sin 90°', '$1$', '$0$'], ['\\tan 60°', '$\\sqrt{3}$', '$\\frac{1}{\\sqrt{3}}$']] as const);
    const others = ['$0$', '$\\frac{\\sqrt{2}}{2}$', '$2$', '$\\frac{1}{\\sqrt{3}}$'].filter((o) => o !== value && o !== wrong).slice(0, 2);
    return { stem: `What is the exact value of $${expr}$?`, ...choice(r, value, [[wrong, 'TRIG_EXACT_VALUES_SWAPPED'], ...others.map((o) => [o] as [string])]), solution: `From the exact-value triangles: $${expr} = ${value.replace(/\$/g, '')}$.` };
  }),
  family('MA.G.7.1', 4, 1.4, 0, (r) => {
    const b = int(r, 5, 12), c = int(r, 6, 14), angle = int(r, 30, 110);
    const a = Math.sqrt(b * b + c * c - 2 * b * c * Math.cos(angle * rad));
    return { stem: `In triangle $ABC$, $AB = ${c}$ cm, $AC = ${b}$ cm and angle $BAC = ${angle}°$. Work out $BC$. Give your answer to 1 decimal place.`, ...numeric(a.toFixed(10), { decimalPlaces: 1, suffix: 'cm' }), solution: `Cosine rule: $BC^2 = ${b}^2 + ${c}^2 - 2 \\times ${b} \\times ${c} \\cos ${angle}°$, so $BC = ${a.toFixed(1)}$ cm.` };
  }),
  family('MA.G.7.1', 3, 1.4, 0.1, (r) => {
    const A = int(r, 35, 70), B = int(r, 40, 75), a = int(r, 6, 15);
    const b = a * Math.sin(B * rad) / Math.sin(A * rad);
    return { stem: `In triangle $ABC$, angle $A = ${A}°$, angle $B = ${B}°$ and $BC = ${a}$ cm. Work out $AC$. Give your answer to 1 decimal place.`, ...numeric(b.toFixed(10), { decimalPlaces: 1, suffix: 'cm' }), solution: `Sine rule: $\\frac{AC}{\\sin ${B}°} = \\frac{${a}}{\\sin ${A}°}$, so $AC = ${b.toFixed(1)}$ cm.` };
  }),
  family('MA.G.7.2', 4, 1.3, 0, (r) => {
    const a = int(r, 4, 12), b = int(r, 5, 14), angle = int(r, 25, 140);
    const area = 0.5 * a * b * Math.sin(angle * rad);
    return { stem: `Two sides of a triangle are ${a} cm and ${b} cm, and the angle between them is $${angle}°$. Work out the area of the triangle. Give your answer to 1 decimal place.`, ...numeric(area.toFixed(10), { decimalPlaces: 1, suffix: 'cm²' }), solution: `$\\frac{1}{2} \\times ${a} \\times ${b} \\times \\sin ${angle}° = ${area.toFixed(1)}$ cm².` };
  }),
  family('MA.G.7.3', 4, 1.4, 0.2, (r) => {
    const k = pick(r, [2, 3, 4]), area = int(r, 5, 30);
    const volume = r() < 0.5;
    return volume
      ? { stem: `Two solids are mathematically similar. The larger is ${k} times as long as the smaller. The smaller has volume ${area} cm³. Find the volume of the larger.`, ...quantity(area * k ** 3, 'cm^3', 'convert', { anticipated: [{ value: area * k, note: 'SIMILAR_USED_LENGTH_FACTOR' }, { value: area * k * k, note: 'SIMILAR_USED_AREA_FACTOR' }] }), solution: `Volumes scale by the cube of the length factor: $${area} \\times ${k}^3 = ${area * k ** 3}$ cm³.` }
      : { stem: `Two shapes are mathematically similar. The larger is ${k} times as long as the smaller. The smaller has area ${area} cm². Find the area of the larger.`, ...quantity(area * k * k, 'cm^2', 'convert', { anticipated: [{ value: area * k, note: 'SIMILAR_USED_LENGTH_FACTOR' }] }), solution: `Areas scale by the square of the length factor: $${area} \\times ${k}^2 = ${area * k * k}$ cm².` };
  }),
  family('MA.G.8.1', 4, 1.3, 0, (r) => {
    const x = int(r, 25, 80);
    const kind = pick(r, ['centre', 'semicircle', 'cyclic'] as const);
    if (kind === 'centre') return { stem: `Points $A$, $B$ and $C$ lie on a circle with centre $O$. Angle $ACB = ${x}°$. Find angle $AOB$.`, ...numeric(2 * x, { suffix: '°', anticipated: [{ value: x / 2, note: 'CIRCLE_HALVED_NOT_DOUBLED' }] }), solution: `The angle at the centre is twice the angle at the circumference: $2 \\times ${x} = ${2 * x}°$.` };
    if (kind === 'semicircle') return { stem: `$AB$ is a diameter of a circle and $C$ is on the circle. Angle $CAB = ${x}°$. Find angle $ABC$.`, ...numeric(90 - x, { suffix: '°' }), solution: `The angle in a semicircle is 90°, so angle $ABC = 180 - 90 - ${x} = ${90 - x}°$.` };
    return { stem: `$ABCD$ is a cyclic quadrilateral. Angle $ABC = ${x + 40}°$. Find angle $ADC$.`, ...numeric(140 - x, { suffix: '°', anticipated: [{ value: x + 40, note: 'CIRCLE_OPPOSITE_ANGLES_EQUAL' }] }), solution: `Opposite angles of a cyclic quadrilateral add up to 180°: $180 - ${x + 40} = ${140 - x}°$.` };
  }),
  family('MA.G.8.2', 4, 1.4, 0.1, (r) => {
    const l = int(r, 3, 12), w = int(r, 2, 9), h = int(r, 2, 10);
    const d = Math.sqrt(l * l + w * w + h * h);
    return { stem: `A cuboid is ${l} cm by ${w} cm by ${h} cm. Work out the length of its longest diagonal (corner to opposite corner). Give your answer to 1 decimal place.`, ...numeric(d.toFixed(10), { decimalPlaces: 1, suffix: 'cm' }), solution: `$\\sqrt{${l}^2 + ${w}^2 + ${h}^2} = \\sqrt{${l * l + w * w + h * h}} = ${d.toFixed(1)}$ cm.` };
  }),
  family('MA.G.8.3', 4, 1.3, 0, (r): MultiDraft => {
    const a = [int(r, -5, 5), int(r, -5, 5)], b = [int(r, -4, 4), int(r, -4, 4)], k = int(r, 2, 3);
    const col = (v: number[]): string => `\\begin{pmatrix} ${v[0]} \\\\ ${v[1]} \\end{pmatrix}`;
    return {
      stem: `$\\mathbf{a} = ${col(a)}$ and $\\mathbf{b} = ${col(b)}$. Work out $\\mathbf{a} + ${k}\\mathbf{b}$ as a column vector.`,
      parts: [{ stem: 'Top number:', ...numeric(a[0] + k * b[0]) }, { stem: 'Bottom number:', ...numeric(a[1] + k * b[1]) }],
      solution: `$${k}\\mathbf{b} = ${col([k * b[0], k * b[1]])}$, so $\\mathbf{a} + ${k}\\mathbf{b} = ${col([a[0] + k * b[0], a[1] + k * b[1]])}$.`,
    };
  }),
  family('MA.G.9.3', 3, 1.3, 0, (r) => {
    const R = pick(r, [4, 6, 8, 10]), rr = R / 2, H = pick(r, [6, 8, 10, 12, 14]), h = H / 2;
    const value = Math.PI / 3 * (R * R * H - rr * rr * h);
    return { stem: `A cone of radius ${R} cm and height ${H} cm has a smaller cone of radius ${rr} cm and height ${dec(h, 4)} cm cut off its top, leaving a frustum. Work out the volume of the frustum. Give your answer to 1 decimal place.`, ...numeric(value.toFixed(10), { decimalPlaces: 1, suffix: 'cm³' }), solution: `Large cone minus small cone: $\\frac{1}{3}\\pi(${R}^2 \\times ${H} - ${rr}^2 \\times ${dec(h, 4)}) = ${value.toFixed(1)}$ cm³.` };
  }),
  family('MA.G.9.2', 3, 1.3, 0.1, (r): MultiDraft => {
    const A = int(r, 25, 40), a = int(r, 7, 10), b = a + int(r, 2, 4);
    const B1 = Math.asin(b * Math.sin(A * rad) / a) / rad;
    return {
      stem: `In triangle $ABC$, angle $A = ${A}°$, $BC = ${a}$ cm and $AC = ${b}$ cm. There are two possible triangles. Find both possible sizes of angle $B$, each to 1 decimal place.`,
      parts: [
        { stem: 'The acute angle: $B =$', ...numeric(B1.toFixed(10), { decimalPlaces: 1, suffix: '°' }) },
        { stem: 'The obtuse angle: $B =$', ...numeric((180 - B1).toFixed(10), { decimalPlaces: 1, suffix: '°' }) },
      ],
      solution: `$\\sin B = \\frac{${b} \\sin ${A}°}{${a}}$ gives $B = ${B1.toFixed(1)}°$; since $\\sin(180° - B) = \\sin B$, $B = ${(180 - B1).toFixed(1)}°$ is also possible.`,
    };
  }),
];

// ---------------------------------------------------------------------------------------------
// Probability

const colours = ['red', 'blue', 'green', 'yellow'];
const probabilityFamilies: Family[] = [
  family('MA.P.1.1', 4, 1.0, 0, (r, i) => {
    const cases: Array<[string, string]> = [['a normal dice lands on 7', 'impossible'], ['the sun rises tomorrow', 'certain'], ['a fair coin lands on heads', 'even chance'], ['a normal dice lands on a number less than 6', 'likely'], ['a normal dice lands on 6', 'unlikely']];
    const [event, word] = cases[(i + int(r, 0, 4)) % cases.length];
    return { stem: `Which word best describes the chance that ${event}?`, ...choice(r, word, ['impossible', 'unlikely', 'even chance', 'likely', 'certain'].filter((w) => w !== word).slice(0, 3).map((w) => [w, 'PROB_LIKELIHOOD_WORD'] as [string, string?])), solution: `The chance is best described as ${word}.` };
  }),
  family('MA.P.1.2', 3, 1.0, 0.1, (r) => {
    const n = pick(r, [4, 6, 8, 10, 12]);
    return { stem: `A fair spinner has ${n} equal sections numbered 1 to ${n}. How many different outcomes are there when it is spun once?`, ...numeric(n), solution: `Each number 1 to ${n} is an outcome: ${n}.` };
  }),
  family('MA.P.2.1', 3, 1.1, 0, (r) => {
    const [p, word] = pick(r, [['$0$', 'impossible'], ['$1$', 'certain'], ['$\\frac{1}{2}$', 'an even chance']] as const);
    return { stem: `On a probability scale from 0 to 1, where is an event that is ${word}?`, ...choice(r, p, ['$0$', '$1$', '$\\frac{1}{2}$', '$100$'].filter((x) => x !== p).map((x) => [x, x === '$100$' ? 'PROB_SCALE_PERCENT' : 'PROB_SCALE_MISPLACED'] as [string, string?])), solution: `Impossible is 0, certain is 1, an even chance is ½: ${p}.` };
  }),
  family('MA.P.2.2', 5, 1.2, 0, (r) => {
    const counts = [int(r, 1, 6), int(r, 1, 6), int(r, 1, 6)];
    const k = int(r, 0, 2), total = counts[0] + counts[1] + counts[2];
    return { stem: `A bag holds ${counts[0]} red, ${counts[1]} blue and ${counts[2]} green counters. One counter is taken at random. What is the probability that it is ${colours[k]}?`, ...numeric(frac(counts[k], total), { accept: ['fraction', 'decimal'], anticipated: [{ value: frac(counts[k], total - counts[k]), note: 'PROB_DENOMINATOR_EXCLUDES_EVENT' }] }), solution: `${counts[k]} of the ${total} counters are ${colours[k]}: $${tex(counts[k], total)}$.` };
  }),
  family('MA.P.2.3', 4, 1.1, 0.1, (r) => {
    const s = int(r, 2, 4), m = int(r, 3, 5), d = int(r, 2, 4);
    return { stem: `A café offers ${s} starters, ${m} main courses and ${d} desserts. How many different three-course meals (one of each) are there?`, ...numeric(s * m * d, { anticipated: [{ value: s + m + d, note: 'COUNT_ADDED_NOT_MULTIPLIED' }] }), solution: `Each choice multiplies the number of meals: $${s} \\times ${m} \\times ${d} = ${s * m * d}$.` };
  }),
  family('MA.P.3.1', 5, 1.2, 0, (r) => {
    const p = [int(r, 1, 4) / 10, int(r, 1, 3) / 10, int(r, 1, 2) / 10];
    const missing = 1 - p[0] - p[1] - p[2];
    return { stem: `A spinner can land on red, blue, green or yellow. $P(\\text{red}) = ${p[0]}$, $P(\\text{blue}) = ${p[1]}$, $P(\\text{green}) = ${p[2]}$. Find $P(\\text{yellow})$.`, ...numeric(dec(missing), { accept: ['decimal', 'fraction'] }), solution: `The probabilities add up to 1: $1 - ${p[0]} - ${p[1]} - ${p[2]} = ${dec(missing)}$.` };
  }),
  family('MA.P.3.2', 4, 1.1, -0.1, (r) => {
    const p = int(r, 1, 19) * 5;
    return { stem: `The probability that it rains tomorrow is $${dec(p / 100)}$. What is the probability that it does not rain tomorrow?`, ...numeric(dec(1 - p / 100), { accept: ['decimal', 'fraction'] }), solution: `$1 - ${dec(p / 100)} = ${dec(1 - p / 100)}$.` };
  }),
  family('MA.P.3.3', 5, 1.3, 0.1, (r) => {
    const target = int(r, 3, 11);
    let ways = 0;
    for (let x = 1; x <= 6; x++) for (let y = 1; y <= 6; y++) if (x + y === target) ways++;
    return { stem: `Two fair dice are rolled and the scores added. What is the probability of a total of ${target}?`, ...numeric(frac(ways, 36), { accept: ['fraction', 'decimal'], anticipated: [{ value: '1/11', note: 'PROB_TOTALS_TREATED_AS_EQUALLY_LIKELY' }] }), solution: `${ways} of the 36 equally likely outcomes give ${target}: $${tex(ways, 36)}$${gcd(ways, 36) > 1 ? ` $= ${tex(ways / gcd(ways, 36), 36 / gcd(ways, 36))}$` : ''}.` };
  }),
  family('MA.P.4.1', 4, 1.2, 0, (r) => {
    const trials = pick(r, [50, 80, 100, 200]), hits = int(r, 5, trials / 2), future = pick(r, [300, 400, 500, 1000]);
    return { stem: `A drawing pin is dropped ${trials} times and lands point up ${hits} times. Estimate how many times it would land point up in ${future} drops.`, ...numeric(dec(hits / trials * future), { anticipated: [{ value: future / 2, note: 'PROB_ASSUMED_EQUALLY_LIKELY' }] }), solution: `Relative frequency $= ${tex(hits, trials)}$; $${tex(hits, trials)} \\times ${future} = ${dec(hits / trials * future)}$.` };
  }),
  family('MA.P.4.2', 4, 1.3, 0, (r) => {
    const both = int(r, 2, 8), onlyA = int(r, 3, 12), onlyB = int(r, 3, 12), neither = int(r, 2, 10), total = both + onlyA + onlyB + neither;
    return { stem: `In a class of ${total} pupils, ${onlyA + both} play football, ${onlyB + both} play tennis and ${both} play both. A pupil is picked at random. What is the probability they play neither?`, ...numeric(frac(neither, total), { accept: ['fraction', 'decimal'], anticipated: [{ value: frac(total - onlyA - onlyB - 2 * both, total), note: 'VENN_COUNTED_INTERSECTION_TWICE' }] }), solution: `Football or tennis: $${onlyA + both} + ${onlyB + both} - ${both} = ${onlyA + onlyB + both}$; neither: $${total} - ${onlyA + onlyB + both} = ${neither}$, so $${tex(neither, total)}$.` };
  }),
  family('MA.P.4.3', 4, 1.1, -0.1, (r) => {
    const sides = pick(r, [4, 6, 8, 10]), rolls = sides * int(r, 5, 30);
    return { stem: `A fair ${sides}-sided dice is rolled ${rolls} times. How many times would you expect it to land on 1?`, ...numeric(rolls / sides), solution: `$\\frac{1}{${sides}} \\times ${rolls} = ${rolls / sides}$.` };
  }),
  family('MA.P.5.1', 4, 1.3, 0, (r) => {
    const p = int(r, 2, 8) / 10, q = int(r, 2, 8) / 10;
    return { stem: `The probability that Ana's bus is late is $${p}$ and, independently, the probability that it rains is $${q}$. Find the probability that the bus is late and it rains.`, ...numeric(dec(p * q), { accept: ['decimal', 'fraction'], anticipated: [{ value: dec(p + q), note: 'PROB_ADDED_NOT_MULTIPLIED' }] }), solution: `Independent events: multiply, $${p} \\times ${q} = ${dec(p * q)}$.` };
  }),
  family('MA.P.5.2', 4, 1.2, 0, (r) => {
    const letters = int(r, 2, 4), digits = int(r, 2, 4);
    return { stem: `A code is ${letters} letters (A–Z) followed by ${digits} digits (0–9). Letters and digits may repeat. How many different codes are possible?`, ...numeric(26 ** letters * 10 ** digits, { accept: ['integer', 'standard-form'] }), solution: `$26^{${letters}} \\times 10^{${digits}} = ${26 ** letters * 10 ** digits}$.` };
  }),
  family('MA.P.5.3', 4, 1.3, 0.1, (r) => {
    const p = int(r, 2, 8) / 10;
    return { stem: `A biased coin lands heads with probability $${p}$. It is thrown twice. Find the probability of exactly one head.`, ...numeric(dec(2 * p * (1 - p)), { accept: ['decimal', 'fraction'], anticipated: [{ value: dec(p * (1 - p)), note: 'PROB_ONE_ORDER_ONLY' }] }), solution: `HT or TH: $2 \\times ${p} \\times ${dec(1 - p)} = ${dec(2 * p * (1 - p))}$.` };
  }),
  family('MA.P.6.1', 5, 1.4, 0, (r) => {
    const red = int(r, 3, 7), blue = int(r, 3, 7), n = red + blue;
    return { stem: `A bag has ${red} red and ${blue} blue sweets. Two are taken without replacement. What is the probability both are red?`, ...numeric(frac(red * (red - 1), n * (n - 1)), { accept: ['fraction', 'decimal'], anticipated: [{ value: frac(red * red, n * n), note: 'PROB_WITH_REPLACEMENT_ASSUMED' }] }), solution: `$${tex(red, n)} \\times ${tex(red - 1, n - 1)} = ${tex(red * (red - 1), n * (n - 1))}$${gcd(red * (red - 1), n * (n - 1)) > 1 ? ` $= ${tex(red * (red - 1) / gcd(red * (red - 1), n * (n - 1)), n * (n - 1) / gcd(red * (red - 1), n * (n - 1)))}$` : ''}.` };
  }),
  family('MA.P.6.2', 4, 1.3, 0, (r) => {
    const universe = Array.from({ length: 12 }, (_, i) => i + 1);
    const k = int(r, 2, 4);
    const A = universe.filter((n) => n % 2 === 0), B = universe.filter((n) => n % k === 0 && n <= 12);
    const which = pick(r, ['cap', 'cup'] as const);
    const answer = which === 'cap' ? A.filter((n) => B.includes(n)) : [...new Set([...A, ...B])];
    const sample = shuffle(r, universe).slice(0, 6);
    const shown = [...new Set([...sample, ...answer.slice(0, 2), ...universe.filter((n) => !answer.includes(n)).slice(0, 2)])].slice(0, 8).sort((x, y) => x - y);
    return { stem: `$\\xi = \\{1, 2, \\dots, 12\\}$, $A$ = even numbers, $B$ = multiples of ${k}. Which of these numbers are in $A ${which === 'cap' ? '\\cap' : '\\cup'} B$? Choose all that are.`, ...multipleResponse(r, shown.map((n) => [`$${n}$`, answer.includes(n)])), solution: `$A ${which === 'cap' ? '\\cap' : '\\cup'} B$ is the numbers in ${which === 'cap' ? 'both' : 'either (or both)'}: $\\{${answer.sort((x, y) => x - y).join(', ')}\\}$.` };
  }),
  family('MA.P.7.1', 5, 1.4, 0, (r) => {
    const a = int(r, 5, 20), b = int(r, 5, 20), c = int(r, 5, 20), d = int(r, 5, 20);
    return {
      stem: `The table shows how ${a + b + c + d} pupils travel to school.\n\n|  | walk | bus |\n| --- | --- | --- |\n| Year 7 | ${a} | ${b} |\n| Year 8 | ${c} | ${d} |\n\nA pupil who walks is picked at random. What is the probability they are in Year 8?`,
      ...numeric(frac(c, a + c), { accept: ['fraction', 'decimal'], anticipated: [{ value: frac(c, a + b + c + d), note: 'PROB_CONDITIONAL_WRONG_DENOMINATOR' }] }),
      solution: `Only the ${a + c} walkers count: $${tex(c, a + c)}$.`,
    };
  }),
  family('MA.P.7.3', 4, 1.3, 0.1, (r) => {
    const p = int(r, 2, 6) / 10, q = int(r, 2, 6) / 10, independent = r() < 0.5;
    const both = independent ? dec(p * q) : dec(p * q + 0.05);
    return { stem: `$P(A) = ${p}$, $P(B) = ${q}$ and $P(A \\cap B) = ${both}$. Are $A$ and $B$ independent?`, ...choice(r, independent ? `Yes, because $P(A) \\times P(B) = ${dec(p * q)}$` : `No, because $P(A) \\times P(B) = ${dec(p * q)}$`, [[independent ? `No, because $P(A) + P(B) \\neq 1$` : `Yes, because $P(A) + P(B) < 1$`, 'PROB_INDEPENDENCE_BY_SUM'], [independent ? `No, because they can both happen` : `Yes, because they can both happen`, 'PROB_INDEPENDENT_MEANS_EXCLUSIVE']]), solution: `Independent exactly when $P(A \\cap B) = P(A) \\times P(B) = ${dec(p * q)}$; here $P(A \\cap B) = ${both}$.` };
  }),
  family('MA.P.8.1', 4, 1.3, 0, (r) => {
    const blue = int(r, 2, 8), red = int(r, 2, 12), g = gcd(red, red + blue);
    return { stem: `A bag has $n$ red counters and ${blue} blue counters. The probability of taking a red counter is $${tex(red / g, (red + blue) / g)}$. Find $n$.`, ...numeric(red), solution: `$\\frac{n}{n + ${blue}} = ${tex(red / g, (red + blue) / g)}$ gives $${(red + blue) / g}n = ${red / g}n + ${red / g * blue}$, so $n = ${red}$.` };
  }),
  family('MA.P.8.2', 4, 1.4, 0.1, (r) => {
    const pa = int(r, 2, 8) / 10, pba = int(r, 5, 9) / 10, pbna = int(r, 1, 4) / 10;
    const pb = pa * pba + (1 - pa) * pbna;
    return { stem: `The probability that Kai revises is $${pa}$. If he revises, the probability he passes is $${pba}$; if not, it is $${pbna}$. Find the probability that he passes.`, ...numeric(dec(pb), { accept: ['decimal', 'fraction'], anticipated: [{ value: dec(pa * pba), note: 'PROB_ONE_BRANCH_ONLY' }] }), solution: `$${pa} \\times ${pba} + ${dec(1 - pa)} \\times ${pbna} = ${dec(pb)}$.` };
  }),
  family('MA.P.8.3', 3, 1.3, 0, (r) => {
    const n = int(r, 4, 9);
    return { stem: `A bag has $x$ green and ${n} yellow balls. One ball is taken at random. Write an expression for the probability that it is green.`, ...expression(`x/(x + ${n})`, ['x'], [], { anticipated: [{ value: `x/${n}`, note: 'PROB_DENOMINATOR_EXCLUDES_EVENT' }] }), solution: `There are $x + ${n}$ balls, $x$ of them green: $\\frac{x}{x + ${n}}$.` };
  }),
  family('MA.P.9.1', 4, 1.4, 0, (r) => {
    const [n, k, num, den] = pick(r, [[10, 6, 1, 3], [9, 6, 5, 12], [10, 5, 2, 9], [16, 6, 1, 8], [15, 6, 1, 7], [21, 15, 1, 2]] as const);
    return { stem: `A bag has $n$ sweets, ${k} of them orange. Two are taken without replacement. The probability that both are orange is $${tex(num, den)}$. Find $n$.`, ...numeric(n), solution: `$\\frac{${k}}{n} \\times \\frac{${k - 1}}{n - 1} = ${tex(num, den)}$ gives $n(n - 1) = ${n * (n - 1)}$, so $n = ${n}$ (the positive solution).` };
  }),
  family('MA.P.9.3', 3, 1.2, 0, (r) => {
    const throws = pick(r, [60, 120, 300]), sixes = Math.round(throws / 6 * pick(r, [1.6, 1.8, 2])), fair = Math.round(throws / 6);
    return { stem: `A dice is thrown ${throws} times and lands on six ${sixes} times. Which is the best conclusion?`, ...choice(r, `The dice is probably biased: a fair dice would give about ${fair} sixes.`, [[`The dice is fair, because any number of sixes can happen.`, 'PROB_IGNORES_EVIDENCE'], [`The dice is certainly biased.`, 'PROB_CERTAINTY_FROM_SAMPLE'], [`The probability of a six is exactly $${tex(sixes, throws)}$.`, 'PROB_ESTIMATE_AS_EXACT']]), solution: `${sixes} is far more than the ${fair} expected, so bias is likely; an experiment gives evidence, not certainty.` };
  }),
];

// ---------------------------------------------------------------------------------------------
// Statistics

const statisticsFamilies: Family[] = [
  family('MA.S.1.1', 4, 1.0, 0, (r) => {
    const per = pick(r, [2, 4, 5, 10]), full = int(r, 2, 6), half = per % 2 === 0 && r() < 0.5;
    return { stem: `In a pictogram, one symbol stands for ${per} books. Mo's row shows ${full}${half ? ' and a half' : ''} symbols. How many books is that?`, ...numeric(full * per + (half ? per / 2 : 0), { anticipated: [{ value: full + (half ? 0.5 : 0), note: 'STATS_COUNTED_SYMBOLS' }] }), solution: `$${full}${half ? '.5' : ''} \\times ${per} = ${full * per + (half ? per / 2 : 0)}$ books.` };
  }),
  family('MA.S.1.2', 4, 1.0, 0.1, (r) => {
    const data = Array.from({ length: 10 }, () => int(r, 1, 10)), cut = int(r, 4, 7);
    return { stem: `Here are ten pupils' scores: $${data.join(',\\ ')}$. How many pupils scored more than ${cut}?`, ...numeric(data.filter((x) => x > cut).length), solution: `Count the scores bigger than ${cut}: ${data.filter((x) => x > cut).join(', ') || 'none'}.` };
  }),
  family('MA.S.2.2', 5, 1.1, 0, (r): MultiDraft => {
    const mode = int(r, 3, 9);
    const data = shuffle(r, [mode, mode, mode, int(r, 1, 2), int(r, 10, 15), mode + 1, mode - 1 > 0 ? mode - 1 : 1]);
    return {
      stem: `Here are some numbers: $${data.join(',\\ ')}$.`,
      parts: [{ stem: 'Write down the mode.', ...numeric(mode) }, { stem: 'Work out the range.', ...numeric(Math.max(...data) - Math.min(...data), { anticipated: [{ value: `${Math.min(...data)}`, note: 'STATS_RANGE_GAVE_SMALLEST' }] }) }],
      solution: `The mode is the most common value, ${mode}. The range is largest − smallest $= ${Math.max(...data)} - ${Math.min(...data)} = ${Math.max(...data) - Math.min(...data)}$.`,
    };
  }),
  family('MA.S.2.1', 4, 1.1, 0, (r) => {
    const fruits = ['apples', 'bananas', 'grapes', 'pears'];
    const counts = fruits.map(() => int(r, 2, 15));
    const [x, y] = shuffle(r, [0, 1, 2, 3]).slice(0, 2);
    return { stem: `The table shows the fruit chosen by a class.\n\n| fruit | ${fruits.join(' | ')} |\n| --- | --- | --- | --- | --- |\n| pupils | ${counts.join(' | ')} |\n\nHow many pupils chose ${fruits[x]} or ${fruits[y]}?`, ...numeric(counts[x] + counts[y]), solution: `$${counts[x]} + ${counts[y]} = ${counts[x] + counts[y]}$.` };
  }),
  family('MA.S.3.1', 5, 1.2, 0, (r) => {
    const n = pick(r, [5, 7]), data = Array.from({ length: n }, () => int(r, 2, 30));
    const sorted = [...data].sort((p, q) => p - q);
    return { stem: `Find the median of $${data.join(',\\ ')}$.`, ...numeric(sorted[(n - 1) / 2], { anticipated: [{ value: data[(n - 1) / 2], note: 'STATS_MEDIAN_NOT_ORDERED' }] }), solution: `In order: $${sorted.join(',\\ ')}$; the middle value is ${sorted[(n - 1) / 2]}.` };
  }),
  family('MA.S.3.1', 4, 1.2, 0.1, (r) => {
    const n = int(r, 4, 6), mean = int(r, 4, 12);
    const data = Array.from({ length: n - 1 }, () => mean + int(r, -3, 3));
    data.push(mean * n - data.reduce((s, x) => s + x, 0));
    return { stem: `Work out the mean of $${data.join(',\\ ')}$.`, ...numeric(mean), solution: `Total $= ${mean * n}$; $${mean * n} \\div ${n} = ${mean}$.` };
  }),
  family('MA.S.3.2', 4, 1.2, 0, (r) => {
    const total = pick(r, [30, 36, 40, 60, 72, 90]), part = total / pick(r, [3, 4, 5, 6].filter((d) => total % d === 0));
    return { stem: `In a survey of ${total} people, ${part} chose swimming. What angle should swimming have in a pie chart?`, ...numeric(part / total * 360, { suffix: '°', anticipated: [{ value: part, note: 'STATS_PIE_FREQUENCY_AS_ANGLE' }] }), solution: `Each person is $360 \\div ${total} = ${dec(360 / total)}°$; $${part} \\times ${dec(360 / total)} = ${part / total * 360}°$.` };
  }),
  family('MA.S.4.1', 4, 1.3, 0, (r) => {
    const values = [0, 1, 2, 3, 4], freq = values.map(() => int(r, 1, 9));
    const total = freq.reduce((s, f) => s + f, 0), sum = values.reduce((s, v, k) => s + v * freq[k], 0);
    return { stem: `The table shows the number of pets owned by some pupils.\n\n| pets | 0 | 1 | 2 | 3 | 4 |\n| --- | --- | --- | --- | --- | --- |\n| frequency | ${freq.join(' | ')} |\n\nWork out the mean number of pets. Give your answer to 2 decimal places.`, ...numeric((sum / total).toFixed(10), { decimalPlaces: 2, anticipated: [{ tolerance: { absolute: 0.006 }, value: (total / 5).toFixed(2), note: 'STATS_MEAN_OF_FREQUENCIES' }] }), solution: `Total pets $= ${sum}$, pupils $= ${total}$; $${sum} \\div ${total} = ${(sum / total).toFixed(2)}$.` };
  }),
  family('MA.S.4.2', 4, 1.1, 0, (r, i) => {
    const cases: Array<[string, string]> = [['height and shoe size', 'positive'], ['the age of a car and its value', 'negative'], ['temperature outside and sales of hot chocolate', 'negative'], ['hours of revision and test score', 'positive'], ['shoe size and test score', 'none']];
    const [pair, kind] = cases[(i + int(r, 0, 4)) % cases.length];
    return { stem: `What type of correlation would you expect between ${pair}? Type positive, negative or none.`, ...text(kind === 'none' ? ['none', 'no correlation'] : [kind, `${kind} correlation`]), solution: kind === 'none' ? 'The two are not related: no correlation.' : `As one goes up the other tends to ${kind === 'positive' ? 'go up' : 'go down'}: ${kind} correlation.` };
  }),
  family('MA.S.4.3', 4, 1.2, 0.1, (r) => {
    const mA = int(r, 40, 60), mB = mA + int(r, 3, 10), rA = int(r, 20, 40), rB = rA - int(r, 5, 15);
    return { stem: `Class A: mean ${mA}, range ${rA}. Class B: mean ${mB}, range ${rB}. Which statement compares the classes correctly?`, ...choice(r, 'Class B did better on average and their scores were more consistent.', [['Class A did better on average because their range is bigger.', 'STATS_RANGE_AS_AVERAGE'], ['Class B did better on average but their scores were less consistent.', 'STATS_SMALL_RANGE_LESS_CONSISTENT'], ['The classes cannot be compared.']]), solution: `A higher mean (${mB} > ${mA}) is better on average; a smaller range (${rB} < ${rA}) means more consistent.` };
  }),
  family('MA.S.5.1', 5, 1.3, 0, (r) => {
    const freq = [int(r, 1, 9), int(r, 2, 12), int(r, 2, 12), int(r, 1, 8)];
    const mids = [5, 15, 25, 35], total = freq.reduce((s, f) => s + f, 0), sum = mids.reduce((s, m, k) => s + m * freq[k], 0);
    return { stem: `The table shows how long some pupils took to get to school.\n\n| time, $t$ (minutes) | $0 < t \\le 10$ | $10 < t \\le 20$ | $20 < t \\le 30$ | $30 < t \\le 40$ |\n| --- | --- | --- | --- | --- |\n| frequency | ${freq.join(' | ')} |\n\nEstimate the mean time. Give your answer to 1 decimal place.`, ...numeric((sum / total).toFixed(10), { decimalPlaces: 1, suffix: 'minutes' }), solution: `Use the midpoints 5, 15, 25, 35: $\\frac{${sum}}{${total}} = ${(sum / total).toFixed(1)}$ minutes.` };
  }),
  family('MA.S.5.2', 4, 1.2, 0, (r) => {
    const lo = int(r, 20, 40), hi = lo + 30;
    return { stem: `A scatter graph of the engine size and fuel use of cars shows strong positive correlation for engine sizes from ${lo / 10} to ${hi / 10} litres. A line of best fit is drawn. For which engine size is a prediction from the line least reliable?`, ...choice(r, `${(hi + 25) / 10} litres`, [[`${(lo + 10) / 10} litres`, 'STATS_INTERPOLATION_DISTRUSTED'], [`${(lo + 20) / 10} litres`, 'STATS_INTERPOLATION_DISTRUSTED'], [`${(lo + hi) / 20} litres`, 'STATS_INTERPOLATION_DISTRUSTED']]), solution: `${(hi + 25) / 10} litres is outside the data (extrapolation), so the line may not hold there.` };
  }),
  family('MA.S.5.3', 4, 1.2, 0.1, (r) => {
    const freq = [int(r, 1, 6), int(r, 2, 9), int(r, 10, 16), int(r, 1, 6)];
    const labels = ['$0 < m \\le 20$', '$20 < m \\le 40$', '$40 < m \\le 60$', '$60 < m \\le 80$'];
    return { stem: `The masses, $m$ grams, of some apples are grouped: ${labels.map((l, k) => `${l}: ${freq[k]}`).join('; ')}. Which is the modal class?`, ...choice(r, labels[2], [[labels[1]], [labels[3]], [labels[0]]].map(([l]) => [l, 'STATS_MODAL_CLASS_WRONG'] as [string, string?])), solution: `The modal class has the highest frequency (${freq[2]}): ${labels[2]}.` };
  }),
  family('MA.S.6.2', 5, 1.3, 0, (r) => {
    const q1 = int(r, 10, 30), q3 = q1 + int(r, 6, 20), min = q1 - int(r, 2, 8), max = q3 + int(r, 2, 10), med = int(r, q1 + 1, q3 - 1);
    return { stem: `A box plot shows: lowest ${min}, lower quartile ${q1}, median ${med}, upper quartile ${q3}, highest ${max}. Work out the interquartile range.`, ...numeric(q3 - q1, { anticipated: [{ value: max - min, note: 'STATS_RANGE_NOT_IQR' }] }), solution: `IQR = upper quartile − lower quartile $= ${q3} - ${q1} = ${q3 - q1}$.` };
  }),
  family('MA.S.6.1', 4, 1.3, 0.1, (r) => {
    const total = pick(r, [40, 60, 80, 120]);
    return { stem: `A cumulative frequency graph shows the times of ${total} runners. To estimate the median, which cumulative frequency should you read across from?`, ...numeric(total / 2, { anticipated: [{ value: total / 4, note: 'STATS_QUARTILE_NOT_MEDIAN' }] }), solution: `The median is halfway through the data: $${total} \\div 2 = ${total / 2}$.` };
  }),
  family('MA.S.6.3', 3, 1.3, 0, (r) => {
    const mA = int(r, 50, 60), mB = mA - int(r, 3, 8), iA = int(r, 8, 12), iB = iA + int(r, 4, 10);
    return { stem: `Test scores. Group A: median ${mA}, IQR ${iA}. Group B: median ${mB}, IQR ${iB}. Which statements are true? Choose all that are.`, ...multipleResponse(r, [['Group A scored higher on average.', true], ['Group A\'s scores were more consistent.', true], ['Group B scored higher on average.', false], ['Group B\'s scores were more consistent.', false]]), solution: `Higher median (${mA} > ${mB}): A higher on average; smaller IQR (${iA} < ${iB}): A more consistent.` };
  }),
  family('MA.S.7.1', 4, 1.4, 0, (r) => {
    const width = pick(r, [5, 10, 20, 25]), f = width * int(r, 1, 6);
    return { stem: `In a histogram, a class has width ${width} and frequency ${f}. Work out its frequency density.`, ...numeric(f / width, { anticipated: [{ value: f, note: 'STATS_HISTOGRAM_FREQUENCY_AS_HEIGHT' }] }), solution: `Frequency density = frequency ÷ class width $= ${f} \\div ${width} = ${f / width}$.` };
  }),
  family('MA.S.7.2', 4, 1.4, 0.1, (r) => {
    const width = pick(r, [10, 20, 30, 40]), fd = int(r, 2, 12) / 2;
    return { stem: `A histogram bar for the class $${20}< x \\le ${20 + width}$ has frequency density ${fd}. How many values are in this class?`, ...numeric(dec(fd * width), { anticipated: [{ value: dec(fd), note: 'STATS_HISTOGRAM_HEIGHT_AS_FREQUENCY' }] }), solution: `Frequency = frequency density × class width $= ${fd} \\times ${width} = ${dec(fd * width)}$.` };
  }),
  family('MA.S.7.3', 4, 1.2, 0, (r, i) => {
    const cases: Array<[string, string, string[]]> = [
      ['asking people at a gym how often they exercise', 'It is biased: people at a gym exercise more than most.', ['It is random because anyone can go to the gym.', 'It is fine if enough people are asked.']],
      ['asking the first 20 pupils into the canteen what they think of school lunches', 'It is biased: early arrivals may like school lunches more.', ['It is a random sample of the school.', 'It is fine because 20 is a large number.']],
      ['picking names from a hat containing every pupil\'s name', 'It is a random sample: every pupil is equally likely to be picked.', ['It is biased because the names are on paper.', 'It is a stratified sample.']],
      ['choosing from each year group in proportion to its size', 'It is a stratified sample.', ['It is a random sample of one year.', 'It is biased towards the largest year.']],
    ];
    const [method, correct, wrong] = cases[(i + int(r, 0, 3)) % cases.length];
    return { stem: `A survey is carried out by ${method}. Which comment is right?`, ...choice(r, correct, wrong.map((w) => [w, 'STATS_SAMPLING_MISJUDGED'] as [string, string?])), solution: correct };
  }),
  family('MA.S.8.2', 4, 1.3, 0, (r) => {
    const first = int(r, 2, 6) * 10, second = int(r, 3, 6) * 10, marked = pick(r, [5, 10, 4, 8].filter((m) => m < second && (first * second) % m === 0));
    return { stem: `${first} fish in a lake are caught, marked and released. Later ${second} fish are caught and ${marked} of them are marked. Estimate the number of fish in the lake.`, ...numeric(first * second / marked, { anticipated: [{ value: first + second, note: 'CAPTURE_ADDED_SAMPLES' }] }), solution: `$\\frac{${marked}}{${second}}$ of the fish are marked, so $N = \\frac{${first} \\times ${second}}{${marked}} = ${first * second / marked}$.` };
  }),
  family('MA.S.8.1', 3, 1.3, 0.1, (r) => {
    const f = [int(r, 4, 10) * 2, int(r, 6, 12) * 2, int(r, 2, 8) * 2];
    const total = f[0] + f[1] + f[2], half = total / 2;
    const [lo, width, before, freq] = half <= f[0] ? [0, 10, 0, f[0]] : half <= f[0] + f[1] ? [10, 10, f[0], f[1]] : [20, 20, f[0] + f[1], f[2]];
    const median = lo + (half - before) / freq * width;
    return { stem: `Grouped data: $0 < x \\le 10$: ${f[0]}; $10 < x \\le 20$: ${f[1]}; $20 < x \\le 40$: ${f[2]}. Assuming values are spread evenly within each class, estimate the median. Give your answer to 1 decimal place.`, ...numeric(median.toFixed(10), { decimalPlaces: 1 }), solution: `The median is the ${half}th value; it lies in the class from ${lo}, ${half - before} of ${freq} values in: $${lo} + \\frac{${half - before}}{${freq}} \\times ${width} = ${median.toFixed(1)}$.` };
  }),
  family('MA.S.8.3', 3, 1.2, 0, (r) => {
    const start = int(r, 90, 98);
    return { stem: `A bar chart of sales uses a vertical axis that starts at ${start} instead of 0. Sales were ${start + 2} one month and ${start + 6} the next. Why is the chart misleading?`, ...choice(r, `It makes a ${dec(4 / (start + 2) * 100, 1)}% rise look like the sales tripled.`, [['The bars should be thinner.', 'STATS_IRRELEVANT_CRITICISM'], ['It is not misleading: the numbers are correct.', 'STATS_IGNORES_SCALE'], ['Sales went down, not up.']]), solution: `Bar heights above ${start} are 2 and 6, so one looks three times the other, though sales rose by only ${dec(4 / (start + 2) * 100, 1)}%.` };
  }),
  family('MA.S.9.3', 4, 1.4, 0, (r) => {
    const n1 = int(r, 10, 30), n2 = int(r, 10, 30), m1 = int(r, 40, 70), m2 = int(r, 40, 70);
    const mean = (n1 * m1 + n2 * m2) / (n1 + n2);
    return { stem: `${n1} boys have a mean score of ${m1}. ${n2} girls have a mean score of ${m2}. Work out the mean score of all ${n1 + n2} pupils. Give your answer to 1 decimal place.`, ...numeric(mean.toFixed(10), { decimalPlaces: 1, anticipated: [{ tolerance: { absolute: 0.06 }, value: ((m1 + m2) / 2).toFixed(1), note: 'STATS_AVERAGED_THE_MEANS' }] }), solution: `Total $= ${n1} \\times ${m1} + ${n2} \\times ${m2} = ${n1 * m1 + n2 * m2}$; $${n1 * m1 + n2 * m2} \\div ${n1 + n2} = ${mean.toFixed(1)}$.` };
  }),
  family('MA.S.9.3', 3, 1.4, 0.2, (r) => {
    const n = int(r, 4, 8), mean = int(r, 10, 20), newValue = int(r, 22, 40);
    return { stem: `The mean of ${n} numbers is ${mean}. One more number is added and the mean becomes ${dec((n * mean + newValue) / (n + 1), 4)}. What number was added?`, ...numeric(newValue), solution: `Old total $${n} \\times ${mean} = ${n * mean}$; new total $${n + 1} \\times ${dec((n * mean + newValue) / (n + 1), 4)} = ${n * mean + newValue}$; the number is ${newValue}.` };
  }),
];

// ---------------------------------------------------------------------------------------------
// The second half of fdp-1: choice, numeric and ordering only (the e2e tests and the
// assessment tests sit fdp-1 with these interaction types).

const fdpFamilies: Family[] = [
  family('MA.N.2.3', 5, 1.2, 0, (r) => {
    const d = pick(r, [4, 5, 6, 8, 9, 10, 12]), n = int(r, 1, d - 1), k = int(r, 2, 5);
    return { stem: `Fill in the missing number: $${tex(n, d)} = \\frac{?}{${d * k}}$`, ...numeric(n * k, { accept: ['integer'], anticipated: [{ value: n + d * k - d, note: 'FRAC_ADDED_NOT_MULTIPLIED' }] }), solution: `The denominator is multiplied by ${k}, so the numerator is too: $${n} \\times ${k} = ${n * k}$.` };
  }),
  family('MA.N.3.2', 5, 1.3, 0, (r) => {
    const [n, d] = pick(r, [[1, 8], [3, 20], [7, 25], [9, 40], [3, 5], [11, 20], [5, 8], [13, 50]] as const);
    return { stem: `Write $${tex(n, d)}$ as a percentage.`, ...numeric(dec(n / d * 100), { suffix: '%', accept: ['integer', 'decimal'], anticipated: [{ value: dec(n / d), note: 'PCT_GAVE_DECIMAL_NOT_PERCENT' }] }), solution: `$${tex(n, d)} = ${dec(n / d)} = ${dec(n / d * 100)}\\%$.` };
  }),
  family('MA.N.3.3', 5, 1.2, 0, (r) => {
    const [a, b, c, d] = pick(r, [[['$\\frac{1}{3}$', 1 / 3], ['$0.3$', 0.3], ['$35\\%$', 0.35], ['$\\frac{2}{5}$', 0.4]], [['$0.6$', 0.6], ['$\\frac{5}{8}$', 0.625], ['$65\\%$', 0.65], ['$\\frac{2}{3}$', 2 / 3]], [['$\\frac{1}{5}$', 0.2], ['$0.22$', 0.22], ['$\\frac{1}{4}$', 0.25], ['$27\\%$', 0.27]], [['$0.7$', 0.7], ['$72\\%$', 0.72], ['$\\frac{3}{4}$', 0.75], ['$0.77$', 0.77]], [['$9\\%$', 0.09], ['$0.1$', 0.1], ['$\\frac{1}{8}$', 0.125], ['$0.13$', 0.13]]] as Array<Array<[string, number]>>);
    return { stem: 'Put these in order of size.', ...ordering(r, [a[0], b[0], c[0], d[0]], 'smallest first'), solution: `As decimals: ${[a, b, c, d].map(([s, v]) => `${s} = ${dec(v, 3)}`).join(', ')}.` };
  }),
  family('MA.N.4.1', 5, 1.3, 0, (r) => {
    const [b, d] = pick(r, [[3, 4], [2, 5], [4, 6], [3, 5], [6, 8], [4, 10]] as const), a = int(r, 1, b - 1), c = int(r, 1, d - 1);
    const n = a * d + c * b, den = b * d;
    return { stem: `Work out $${tex(a, b)} + ${tex(c, d)}$. Give your answer as a fraction in its simplest form.`, ...numeric(frac(n, den), { accept: ['fraction', 'mixed-number'], lowestTerms: true, anticipated: [{ value: frac(a + c, b + d), note: 'FRAC_ADDED_DENOMINATORS' }] }), solution: `Use a common denominator: $${tex(a * d, den)} + ${tex(c * b, den)} = ${tex(n, den)}$${gcd(n, den) > 1 ? ` $= ${tex(n / gcd(n, den), den / gcd(n, den))}$` : ''}.` };
  }),
  family('MA.N.5.1', 5, 1.3, 0, (r) => {
    const a = int(r, 1, 4), b = a + int(r, 1, 5), c = int(r, 1, 4), d = c + int(r, 1, 5);
    const n = a * d, den = b * c;
    return { stem: `Work out $${tex(a, b)} \\div ${tex(c, d)}$. Give your answer in its simplest form.`, ...numeric(frac(n, den), { accept: ['integer', 'fraction', 'mixed-number'], lowestTerms: true, anticipated: [{ value: frac(a * c, b * d), note: 'FRAC_MULTIPLIED_NOT_DIVIDED' }] }), solution: `Multiply by the reciprocal: $${tex(a, b)} \\times ${tex(d, c)} = ${tex(n, den)}$${gcd(n, den) > 1 ? ` $= ${tex(n / gcd(n, den), den / gcd(n, den))}$` : ''}.` };
  }),
  family('MA.R.3.1', 5, 1.2, -0.1, (r) => {
    const part = int(r, 3, 45), whole = part * pick(r, [2, 4, 5, 10, 20, 25]);
    return { stem: `Write ${part} as a percentage of ${whole}.`, ...numeric(dec(part / whole * 100), { suffix: '%', accept: ['integer', 'decimal'] }), solution: `$\\frac{${part}}{${whole}} \\times 100 = ${dec(part / whole * 100)}\\%$.` };
  }),
  family('MA.R.4.1', 5, 1.3, 0.1, (r) => {
    const before = int(r, 4, 20) * 10, p = pick(r, [10, 20, 25, 30, 40, 15]), up = r() < 0.5;
    const after = dec(before * (1 + (up ? p : -p) / 100));
    return { stem: `A price changes from £${before} to £${after}. What is the percentage ${up ? 'increase' : 'decrease'}?`, ...numeric(p, { suffix: '%', accept: ['integer', 'decimal'], anticipated: [{ value: dec(Math.abs(Number(after) - before)), note: 'PCT_GAVE_CHANGE_NOT_PERCENT' }] }), solution: `Change $= ${dec(Math.abs(Number(after) - before))}$; $\\frac{${dec(Math.abs(Number(after) - before))}}{${before}} \\times 100 = ${p}\\%$.` };
  }),
  family('MA.R.6.1', 5, 1.4, 0, (r) => {
    const p = pick(r, [5, 8, 12, 15, 20]), years = int(r, 2, 4);
    return { stem: `A house loses $${p}\\%$ of its value each year. Which calculation gives its value after ${years} years as a multiple of its value now?`, ...choice(r, `$${dec(1 - p / 100)}^{${years}}$`, [[`$1 - ${years} \\times ${dec(p / 100)}$`, 'PCT_SIMPLE_NOT_COMPOUND'], [`$${years} \\times ${dec(1 - p / 100)}$`, 'PCT_MULTIPLIED_BY_YEARS'], [`$${dec(p / 100)}^{${years}}$`, 'PCT_USED_RATE_NOT_MULTIPLIER']]), solution: `Each year multiplies the value by $1 - ${dec(p / 100)} = ${dec(1 - p / 100)}$, so after ${years} years by $${dec(1 - p / 100)}^{${years}}$.` };
  }),
];

// ---------------------------------------------------------------------------------------------
// Modules

interface ModulePlan {
  id: string;
  prefix: string;
  title: string;
  description: string;
  families: Family[];
  /** Hand-written items already in the bank (fdp-1's first 40). */
  existing?: ItemDocument[];
  credit: { value: number; level: number };
  passGrade: string;
}

const existingFdp = JSON.parse(fs.readFileSync(path.join(ROOT, 'items', 'fdp', 'fdp-items.json'), 'utf8')) as ItemDocument[];

const plans: ModulePlan[] = [
  { id: 'num-1', prefix: 'num', title: 'Number', description: 'Place value, the four operations, order of operations, factors and primes, rounding and estimation, indices, standard form, bounds, surds and recurring decimals.', families: numberFamilies, credit: { value: 10, level: 2 }, passGrade: '4' },
  { id: 'alg-1', prefix: 'alg', title: 'Algebra: expressions and equations', description: 'Sequences, substitution, simplifying, expanding and factorising, linear and quadratic equations, inequalities, straight-line graphs, simultaneous equations, functions and proof.', families: algebraFamilies, credit: { value: 10, level: 2 }, passGrade: '4' },
  { id: 'rat-1', prefix: 'rat', title: 'Ratio, proportion and rates of change', description: 'Units and scales, ratio, percentages, compound measures, direct and inverse proportion, growth and decay, and rates of change from graphs.', families: ratioFamilies, credit: { value: 10, level: 2 }, passGrade: '4' },
  { id: 'geo-1', prefix: 'geo', title: 'Geometry and measures', description: 'Shapes, perimeter, area and volume, angles, transformations, Pythagoras and trigonometry, similarity, circle theorems and vectors.', families: geometryFamilies, credit: { value: 10, level: 2 }, passGrade: '4' },
  { id: 'prob-1', prefix: 'prob', title: 'Probability', description: 'The language and scale of probability, equally likely outcomes, relative frequency, Venn diagrams and two-way tables, tree diagrams, conditional probability and independence.', families: probabilityFamilies, credit: { value: 5, level: 2 }, passGrade: '4' },
  { id: 'stat-1', prefix: 'stat', title: 'Statistics', description: 'Charts and tables, averages and spread, grouped data, scatter graphs, cumulative frequency, box plots, histograms and sampling.', families: statisticsFamilies, credit: { value: 5, level: 2 }, passGrade: '4' },
  { id: 'fdp-1', prefix: 'fdp', title: 'Fractions, decimals and percentages', description: 'An adaptive module on equivalent fractions, converting and ordering fractions, decimals and percentages, calculating with fractions, percentage change, reverse percentages, compound interest and recurring decimals.', families: fdpFamilies, existing: existingFdp, credit: { value: 5, level: 2 }, passGrade: '4' },
];

/** The fdp-1 criteria of the first module version (FDP1–FDP9), as published criteria. */
export const FDP_CRITERIA: Record<string, string> = {
  FDP1: 'MA.N.2.3', FDP2: 'MA.N.3.2', FDP3: 'MA.N.3.3', FDP4: 'MA.N.4.1', FDP5: 'MA.N.5.1',
  FDP6: 'MA.R.3.1', FDP7: 'MA.R.4.1', FDP8: 'MA.R.6.1', FDP9: 'MA.N.8.1',
};

function provisional(criterion: string, familyA: number, adjust: number, r: Rng, polytomous: boolean): ItemDocument['parameters'] {
  const grade = gradeOf.get(criterion);
  if (grade === undefined) throw new Error(`${criterion} is not a published criterion`);
  // `+ 0` turns a rounded −0 into 0, as JSON writes it.
  const b = Number(((grade - 5) * 0.55 + adjust + (r() - 0.5) * 0.2).toFixed(2)) + 0;
  const a = Number(Math.min(1.6, Math.max(0.8, familyA + (r() - 0.5) * 0.2)).toFixed(2));
  const source = { kind: 'provisional' as const, date: DATE, note: `Expert judgement: b = (grade ${grade} − 5) × 0.55 + item adjustment (docs/content-model.md); to be replaced by calibration.` };
  // Two one-mark parts: GRM thresholds half a logit either side of the item's difficulty.
  return polytomous
    ? { model: 'GRM', a, thresholds: [Number((b - 0.5).toFixed(2)) + 0, Number((b + 0.5).toFixed(2)) + 0], source }
    : { model: '2PL', a, b, source };
}

/** How a teacher writes it: x not 1x, 3 not 3^1 (display text only; keys are marked by value). */
function tidy(text: string): string {
  return text.replace(/(^|[^0-9.\w\\])1([a-z])(?![a-z])/g, '$1$2').replace(/\^\{1\}/g, '');
}

function tidyInteraction<T extends SingleInteraction>(interaction: T): T {
  return 'options' in interaction ? { ...interaction, options: interaction.options.map((o) => ({ ...o, content: tidy(o.content) })) } : interaction;
}

function buildItem(id: string, f: Family, draft: Draft | MultiDraft, r: Rng): ItemDocument {
  const multi = 'parts' in draft;
  const interaction: Interaction = multi
    ? { type: 'multi-part', parts: draft.parts.map((p, k) => ({ id: String.fromCharCode(97 + k), stem: tidy(p.stem), interaction: tidyInteraction(p.interaction) })) }
    : tidyInteraction(draft.interaction);
  const answer: AnswerSpec = multi
    ? { type: 'multi-part', parts: Object.fromEntries(draft.parts.map((p, k) => [String.fromCharCode(97 + k), p.answer])) }
    : draft.answer;
  const item = {
    id, version: 1, status: 'live', subject: 'mathematics', stem: tidy(draft.stem), interaction, answer,
    criteria: [f.criterion],
    tags: { strand: strandOf.get(f.criterion)!, grade: String(gradeOf.get(f.criterion)) },
    parameters: provisional(f.criterion, f.a, f.adjust, r, multi),
    solution: tidy(draft.solution),
    author: 'Waymark starter bank (generated)',
  };
  return item as ItemDocument;
}

function sortedOptions(interaction: SingleInteraction): unknown {
  return 'options' in interaction ? interaction.options.map((o) => o.content).sort() : interaction;
}

function migrateExisting(item: ItemDocument): ItemDocument {
  // Version 2: the criteria became published subject criteria (FDP1 → MA.N.2.3, …).
  const criteria = item.criteria.map((c) => FDP_CRITERIA[c] ?? c);
  if (criteria.join() === item.criteria.join()) return item;
  return { ...item, version: item.version + 1, criteria, tags: { ...item.tags, strand: strandOf.get(criteria[0])!, grade: String(gradeOf.get(criteria[0])) } };
}

/** Every generated file (relative to item-bank/) and module, each instance already checked by validateItemDocument. */
export function generate(): { modules: Record<string, unknown>[]; files: Map<string, ItemDocument[]> } {
  const root = seededRandom(SEED);
  const files = new Map<string, ItemDocument[]>();
  const modules: Record<string, unknown>[] = [];
  const stems = new Set<string>();
  for (const plan of plans) {
    const r = seededRandom(Math.floor(root() * 2 ** 31));
    const existing = (plan.existing ?? []).map(migrateExisting);
    for (const item of existing) stems.add(JSON.stringify([item.stem, sortedOptions(item.interaction as SingleInteraction)]));
    const generated: ItemDocument[] = [];
    let serial = existing.length;
    for (const f of plan.families) {
      let made = 0;
      for (let attempt = 0; made < f.count && attempt < f.count * 25; attempt++) {
        const draft = f.make(r, made);
        const key = JSON.stringify([draft.stem, 'parts' in draft ? draft.parts.map((p) => p.stem) : (draft as Draft).interaction]);
        // Options are shuffled, so an ordering or choice question is the same question whatever their order.
        const sortedKey = JSON.stringify([draft.stem, 'parts' in draft ? draft.parts.map((p) => p.stem) : sortedOptions((draft as Draft).interaction)]);
        if (stems.has(key) || stems.has(sortedKey)) continue;
        serial += 1;
        const item = buildItem(`${plan.prefix}-${String(serial).padStart(3, '0')}`, f, draft, r);
        const problems = validateItemDocument(item);
        if (problems.length > 0) throw new Error(`${item.id} (${f.criterion}): ${JSON.stringify(problems)}\n${JSON.stringify(item, null, 1)}`);
        stems.add(key);
        stems.add(sortedKey);
        made += 1;
        generated.push(item);
      }
      if (made < f.count) throw new Error(`${plan.id} ${f.criterion}: only ${made} distinct instances`);
    }
    const items = [...existing, ...generated];
    if (plan.existing) files.set(path.join('items', plan.prefix, `${plan.prefix}-items.json`), existing);
    files.set(path.join('items', plan.prefix, plan.existing ? `${plan.prefix}-generated.json` : `${plan.prefix}-items.json`), generated);
    modules.push(moduleFile(plan, items));
  }
  return { modules, files };
}

function moduleFile(plan: ModulePlan, items: ItemDocument[]): Record<string, unknown> {
  const codes = [...new Set(items.flatMap((item) => item.criteria))].sort((x, y) => (gradeOf.get(x)! - gradeOf.get(y)!) || x.localeCompare(y, 'en', { numeric: true }));
  const criteria = codes.map((id) => ({ id, grade: String(gradeOf.get(id)) }));
  const grades = [subject.gradeScale.belowLowest, ...subject.gradeScale.grades];
  const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria })));
  const statementOf = new Map(subject.criteria.map((c) => [c.id, c.statement]));
  const proposal = proposeCutScores({ bank, grades, criteria: criteria.map((c) => ({ ...c, statement: statementOf.get(c.id)! })) });
  // Item mapping at RP 0.67; where a grade has no items, or the mapped cuts cross, the boundary
  // falls back to the same rule applied to the mapping's typical item (a = 1.2): b(g) + ln(0.67/0.33)/1.2.
  let previous = -Infinity;
  const boundaries = proposal.boundaries.map((p) => {
    const fallback = (Number(p.grade) - 5) * 0.55 + Math.log(0.67 / 0.33) / 1.2;
    let theta = Number.isFinite(p.theta) ? p.theta : fallback;
    if (theta <= previous + 0.1) theta = previous + 0.1;
    theta = Number(Math.min(5.9, theta).toFixed(2));
    previous = theta;
    return { grade: p.grade, theta };
  });
  return {
    id: plan.id,
    version: plan.existing ? 2 : 1,
    subject: 'mathematics',
    subjectVersion: subject.version,
    title: plan.title,
    description: plan.description,
    items: items.map((item) => item.id),
    criteria,
    timeLimitMinutes: 30,
    adaptive: {
      estimator: { method: 'EAP' },
      selection: { method: 'MFI', randomesque: 3 },
      start: { theta: 0, randomesque: 5 },
      stop: plan.existing ? { minItems: 8, maxItems: 15, se: 0.4 } : { minItems: 10, maxItems: 20, se: 0.4 },
      // No criterion takes more than 4 of a sitting, so one topic cannot crowd out the rest.
      blueprint: { constraints: codes.map((value) => ({ tag: 'criterion', value, max: 4 })) },
    },
    reportingScale: { name: 'Waymark scale', intercept: 100, slope: 15, decimals: 0 },
    // The label names the module version: fdp-1 v2's mapped cuts differ from v1's hand-set ones, and a result must say which it used.
    cutScores: { version: `${plan.id}-v${plan.existing ? 2 : 1}-provisional-2026`, provisional: true, belowLowest: subject.gradeScale.belowLowest, boundaries },
    passGrade: plan.passGrade,
    credit: plan.credit,
  };
}

if (require.main === module) {
  const { modules, files } = generate();
  for (const [relative, items] of files) {
    fs.mkdirSync(path.dirname(path.join(ROOT, relative)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, relative), `${JSON.stringify(items, null, 2)}\n`);
  }
  for (const module of modules) {
    fs.writeFileSync(path.join(ROOT, 'modules', `${module.id as string}.json`), `${JSON.stringify(module, null, 2)}\n`);
  }
  const counts = modules.map((m) => `${m.id as string}: ${(m.items as string[]).length} items, ${(m.criteria as unknown[]).length} criteria`);
  process.stdout.write(`${counts.join('\n')}\n`);
}
