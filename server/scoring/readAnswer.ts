/**
 * Reads typed maths the way a person would, and says how it was read. Pure and small so the
 * browser can bundle it for the "we read your answer as …" preview; it must not import mathjs.
 *
 * - Unicode: − – (minus), × · (times), ÷, ², ³, ⁻¹, ½ ¼ ¾ ⅓ …, π, √.
 * - Implicit multiplication made explicit: 2x → 2*x, 3(x+1) → 3*(x+1), x(x+1) → x*(x+1),
 *   (x+1)(x−1) → (x+1)*(x−1), xy → x*y.
 * - A mixed number typed as "2 1/2" or "2½" is read as (2+1/2).
 * - sin x, √x, √(x+1): a function name followed by an atom applies to that atom.
 * The `text` is plain ASCII for the evaluator; the `display` shows the reading with · for
 * multiplication, − and superscripts.
 */

export interface AnswerReading {
  /** Explicit ASCII form, e.g. "2*x*(x+1)". */
  text: string;
  /** The same reading for people, e.g. "2·x·(x + 1)". */
  display: string;
  /** Set when part of the input cannot be read as maths, e.g. a long run of letters. */
  problem?: string;
}

/** Functions a pupil may use (the evaluator allows exactly these). */
export const KNOWN_FUNCTIONS: readonly string[] = ['sqrt', 'sin', 'cos', 'tan', 'ln', 'log', 'exp', 'abs'];
const KNOWN_CONSTANTS: readonly string[] = ['pi'];
/** Longest run of single letters read as a product (xyz); longer runs are probably a word. */
const MAX_LETTER_PRODUCT = 3;

const VULGAR_FRACTIONS: Record<string, [number, number]> = {
  '½': [1, 2], '⅓': [1, 3], '⅔': [2, 3], '¼': [1, 4], '¾': [3, 4], '⅕': [1, 5], '⅖': [2, 5], '⅗': [3, 5],
  '⅘': [4, 5], '⅙': [1, 6], '⅚': [5, 6], '⅐': [1, 7], '⅛': [1, 8], '⅜': [3, 8], '⅝': [5, 8], '⅞': [7, 8],
  '⅑': [1, 9], '⅒': [1, 10],
};
const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-',
};
const TO_SUPERSCRIPT: Record<string, string> = Object.fromEntries(Object.entries(SUPERSCRIPTS).map(([k, v]) => [v, k]));

/** Replaces look-alike characters by the ASCII a mathematician means. */
export function normaliseMathCharacters(input: string): string {
  return input
    .normalize('NFC')
    .replace(/[−–—‐‑﹣－]/g, '-')
    .replace(/[×✕✖⋅·∙•]/g, '*')
    .replace(/[÷∕⁄]/g, '/')
    .replace(/[＋]/g, '+')
    .replace(/π/g, 'pi')
    .replace(/[\[{]/g, '(')
    .replace(/[\]}]/g, ')')
    .replace(/\*\*/g, '^');
}

type Token =
  | { kind: 'number'; text: string }
  | { kind: 'fraction'; numerator: number; denominator: number; whole?: string }
  | { kind: 'name'; text: string; role: 'variable' | 'constant' | 'function' }
  | { kind: 'operator'; text: '+' | '-' | '*' | '/' | '^' | '='; implicit?: boolean }
  | { kind: 'display'; text: '(' | ')' }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'other'; text: string };

function splitLetters(run: string): { names: Token[]; problem?: string } {
  const names: Token[] = [];
  let i = 0;
  let singles = 0;
  let longestSingles = 0;
  while (i < run.length) {
    const lower = run.slice(i).toLowerCase();
    const fn = KNOWN_FUNCTIONS.find((f) => lower.startsWith(f));
    const constant = KNOWN_CONSTANTS.find((c) => lower.startsWith(c));
    if (fn) {
      names.push({ kind: 'name', text: fn, role: 'function' });
      i += fn.length;
      singles = 0;
    } else if (constant) {
      names.push({ kind: 'name', text: constant, role: 'constant' });
      i += constant.length;
      singles = 0;
    } else {
      names.push({ kind: 'name', text: run[i] as string, role: 'variable' });
      i += 1;
      singles += 1;
      longestSingles = Math.max(longestSingles, singles);
    }
  }
  return longestSingles > MAX_LETTER_PRODUCT
    ? { names, problem: `"${run}" looks like a word; put × between letters you mean to multiply` }
    : { names };
}

function tokenise(source: string): { tokens: Token[]; problem?: string } {
  const tokens: Token[] = [];
  let problem: string | undefined;
  let openBars = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      // "2 1/2": a whole number, a space and a fraction of whole numbers is a mixed number.
      const previous = tokens[tokens.length - 1];
      const mixed = /^\s+(\d+)\s*\/\s*(\d+)(?![\d.^(a-zA-Z])/.exec(source.slice(i));
      const beforePrevious = tokens[tokens.length - 2];
      if (
        mixed && previous?.kind === 'number' && /^\d+$/.test(previous.text) &&
        (!beforePrevious || beforePrevious.kind === 'operator' || beforePrevious.kind === 'open')
      ) {
        tokens.pop();
        tokens.push({ kind: 'fraction', whole: previous.text, numerator: Number(mixed[1]), denominator: Number(mixed[2]) });
        i += mixed[0].length;
        continue;
      }
      i += 1;
      continue;
    }
    const numberMatch = /^(\d+(?:,\d{3})+(?![\d])|\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
    if (numberMatch) {
      // A calculator's 1.2E5 is standard form; "1,000" is a thousands separator.
      let text = numberMatch[1]!.replace(/,/g, '');
      if (numberMatch[2]) text += `e${numberMatch[2].slice(1).replace(/^\+/, '')}`;
      if (text.endsWith('.')) text = text.slice(0, -1);
      tokens.push({ kind: 'number', text });
      i += numberMatch[0].length;
      continue;
    }
    if (VULGAR_FRACTIONS[ch]) {
      const [numerator, denominator] = VULGAR_FRACTIONS[ch] as [number, number];
      const previous = tokens[tokens.length - 1];
      if (previous?.kind === 'number' && /^\d+$/.test(previous.text) && source[i - 1] !== ' ') {
        tokens.pop();
        tokens.push({ kind: 'fraction', whole: previous.text, numerator, denominator });
      } else {
        tokens.push({ kind: 'fraction', numerator, denominator });
      }
      i += 1;
      continue;
    }
    if (SUPERSCRIPTS[ch] !== undefined) {
      let exponent = '';
      while (i < source.length && SUPERSCRIPTS[source[i] as string] !== undefined) {
        exponent += SUPERSCRIPTS[source[i] as string];
        i += 1;
      }
      tokens.push({ kind: 'operator', text: '^' });
      if (exponent.startsWith('-')) {
        tokens.push({ kind: 'open' }, { kind: 'operator', text: '-' }, { kind: 'number', text: exponent.slice(1) || '1' }, { kind: 'close' });
      } else {
        tokens.push({ kind: 'number', text: exponent });
      }
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      const run = /^[A-Za-z]+/.exec(source.slice(i))![0];
      const split = splitLetters(run);
      tokens.push(...split.names);
      problem ??= split.problem;
      i += run.length;
      continue;
    }
    if (ch === '√') {
      tokens.push({ kind: 'name', text: 'sqrt', role: 'function' });
      i += 1;
      continue;
    }
    if ('+-*/^='.includes(ch)) {
      tokens.push({ kind: 'operator', text: ch as '+' | '-' | '*' | '/' | '^' | '=' });
      i += 1;
      continue;
    }
    if (ch === '|') {
      // |x − 3|: a bar after an operand closes the innermost open bar, otherwise it opens one.
      if (openBars > 0 && endsOperand(tokens[tokens.length - 1])) {
        tokens.push({ kind: 'close' });
        openBars -= 1;
      } else {
        tokens.push({ kind: 'name', text: 'abs', role: 'function' }, { kind: 'open' });
        openBars += 1;
      }
      i += 1;
      continue;
    }
    if (ch === '(') tokens.push({ kind: 'open' });
    else if (ch === ')') tokens.push({ kind: 'close' });
    else tokens.push({ kind: 'other', text: ch });
    i += 1;
  }
  return { tokens, problem };
}

const endsOperand = (t: Token | undefined): boolean =>
  !!t &&
  (t.kind === 'number' || t.kind === 'fraction' || t.kind === 'close' || (t.kind === 'display' && t.text === ')') || (t.kind === 'name' && t.role !== 'function'));
const startsOperand = (t: Token | undefined): boolean =>
  !!t && (t.kind === 'number' || t.kind === 'fraction' || t.kind === 'open' || t.kind === 'name');

/** Index just past the atom starting at `start` (a number, name, fraction or bracket, with any ^power). */
function atomEnd(tokens: readonly Token[], start: number): number {
  let i = start;
  const first = tokens[i];
  if (!first) return i;
  if (first.kind === 'open') {
    let depth = 0;
    for (; i < tokens.length; i += 1) {
      const t = tokens[i] as Token;
      if (t.kind === 'open') depth += 1;
      if (t.kind === 'close') depth -= 1;
      if (depth === 0) break;
    }
    i += 1;
  } else if (first.kind === 'name' && first.role === 'function') {
    i = atomEnd(tokens, i + 1);
    return i;
  } else {
    i += 1;
  }
  if (tokens[i]?.kind === 'operator' && (tokens[i] as { text: string }).text === '^') {
    const next = tokens[i + 1];
    if (next?.kind === 'operator' && next.text === '-') return atomEnd(tokens, i + 2);
    return atomEnd(tokens, i + 1);
  }
  return i;
}

/** Makes multiplication and function application explicit. */
function explicitTokens(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    if (endsOperand(out[out.length - 1]) && startsOperand(token)) out.push({ kind: 'operator', text: '*', implicit: true });
    if (token.kind === 'name' && token.role === 'function' && tokens[i + 1] && tokens[i + 1]!.kind !== 'open') {
      // "sin x^2", "√2x": the function applies to the next atom only.
      const end = atomEnd(tokens, i + 1);
      out.push(token, { kind: 'open' }, ...explicitTokens(tokens.slice(i + 1, end)), { kind: 'close' });
      i = end;
      continue;
    }
    out.push(token);
    i += 1;
  }
  return out;
}

function asText(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      switch (t.kind) {
        case 'number':
        case 'operator':
        case 'other':
          return t.text;
        case 'name':
          return t.text;
        case 'fraction':
          return t.whole ? `(${t.whole}+${t.numerator}/${t.denominator})` : `(${t.numerator}/${t.denominator})`;
        case 'open':
          return '(';
        case 'close':
          return ')';
        case 'display':
          return '';
      }
    })
    .join('');
}

/** Index where the operand ending at `end` starts (a single token or a bracket, with any ^power before it). */
function operandStart(tokens: readonly Token[], end: number): number {
  let i = end;
  if (tokens[i]?.kind === 'close') {
    let depth = 0;
    for (; i >= 0; i -= 1) {
      const t = tokens[i] as Token;
      if (t.kind === 'close') depth += 1;
      if (t.kind === 'open') depth -= 1;
      if (depth === 0) break;
    }
    if (tokens[i - 1]?.kind === 'name') i -= 1;
  }
  const before = tokens[i - 1];
  if (before?.kind === 'operator' && before.text === '^' && i - 2 >= 0) return operandStart(tokens, i - 2);
  return Math.max(0, i);
}

/**
 * "1/2x" is read as (1/2)·x, as mathjs and most calculators do; the display brackets the
 * fraction so a pupil who meant 1/(2x) sees the difference before sending.
 */
function bracketFractionsBeforeImplicitProducts(tokens: readonly Token[]): Token[] {
  const out = [...tokens];
  for (let k = 0; k < out.length; k += 1) {
    const t = out[k] as Token;
    if (t.kind !== 'operator' || !t.implicit) continue;
    const denominatorStart = operandStart(out, k - 1);
    const slash = out[denominatorStart - 1];
    if (!(slash?.kind === 'operator' && slash.text === '/')) continue;
    const numeratorStart = operandStart(out, denominatorStart - 2);
    out.splice(k, 0, { kind: 'display', text: ')' });
    out.splice(numeratorStart, 0, { kind: 'display', text: '(' });
    k += 2;
  }
  return out;
}

function asDisplay(explicit: readonly Token[]): string {
  const tokens = bracketFractionsBeforeImplicitProducts(explicit);
  // Brackets opened by abs print as |…|, so |x − 3| reads back the way it was typed.
  const brackets: Array<'(' | '|'> = [];
  let out = '';
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    const previous = tokens[i - 1];
    switch (t.kind) {
      case 'operator': {
        const binary = endsOperand(previous);
        if (t.text === '*') out += '·';
        else if (t.text === '^') {
          const next = tokens[i + 1];
          if (next?.kind === 'number' && /^\d+$/.test(next.text) && !(tokens[i + 2]?.kind === 'operator' && (tokens[i + 2] as { text: string }).text === '^')) {
            out += [...next.text].map((d) => TO_SUPERSCRIPT[d]).join('');
            i += 1;
          } else out += '^';
        } else if (t.text === '/') out += '/';
        else if (t.text === '-') out += binary ? ' − ' : '−';
        else out += binary ? ` ${t.text} ` : t.text;
        break;
      }
      case 'number':
        out += t.text.includes('e') ? t.text.replace(/e(-?)(\d+)/, (_m, sign: string, digits: string) => ` × 10^${sign}${digits}`) : t.text;
        break;
      case 'fraction': {
        const written = t.whole ? `${t.whole} ${t.numerator}/${t.denominator}` : `${t.numerator}/${t.denominator}`;
        const next = tokens[i + 1];
        const previousOperator = previous?.kind === 'operator' ? previous.text : undefined;
        const bracketed = (next?.kind === 'operator' && (next.text === '*' || next.text === '^')) || previousOperator === '*' || previousOperator === '/' || previousOperator === '^';
        out += bracketed ? `(${written})` : written;
        break;
      }
      case 'name':
        if (t.text === 'abs' && tokens[i + 1]?.kind === 'open') break;
        out += t.text === 'pi' ? 'π' : t.text === 'sqrt' ? '√' : t.text;
        break;
      case 'open': {
        const bar = previous?.kind === 'name' && previous.text === 'abs';
        brackets.push(bar ? '|' : '(');
        out += bar ? '|' : '(';
        break;
      }
      case 'close':
        out += brackets.pop() === '|' ? '|' : ')';
        break;
      case 'other':
      case 'display':
        out += t.text;
        break;
    }
  }
  return out.trim();
}

export function readAnswer(input: string): AnswerReading {
  const { tokens, problem } = tokenise(normaliseMathCharacters(input));
  const explicit = explicitTokens(tokens);
  const reading: AnswerReading = { text: asText(explicit), display: asDisplay(explicit) };
  if (problem) reading.problem = problem;
  return reading;
}
