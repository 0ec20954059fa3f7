/**
 * LaTeX from item stems shown as plain Unicode maths (and spoken as words), so the player stays
 * small and fast without a typesetting library. Covers what school maths stems use: fractions,
 * powers, roots, operators, relations, Greek letters, \text{…}. Unknown commands keep their name.
 */
const SYMBOLS: Record<string, string> = {
  times: '×', div: '÷', cdot: '·', pm: '±', mp: '∓', le: '≤', leq: '≤', ge: '≥', geq: '≥',
  neq: '≠', ne: '≠', approx: '≈', equiv: '≡', lt: '<', gt: '>', infty: '∞', degree: '°', circ: '°',
  pi: 'π', theta: 'θ', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', Delta: 'Δ', lambda: 'λ',
  mu: 'μ', sigma: 'σ', Sigma: 'Σ', phi: 'φ', omega: 'ω', angle: '∠', triangle: '△', perp: '⊥',
  parallel: '∥', rightarrow: '→', to: '→', Rightarrow: '⇒', in: '∈', cup: '∪', cap: '∩',
  percent: '%', ldots: '…', dots: '…', cdots: '⋯', quad: ' ', qquad: '  ', ',': ' ', ';': ' ',
  '!': '', '%': '%', '{': '{', '}': '}', '$': '$', '#': '#', '&': '&', '_': '_',
};

const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '(': '⁽', ')': '⁾', n: 'ⁿ',
};

/** Reads one {group} or one token starting at `position`; returns its source and the next index. */
function readArgument(tex: string, position: number): { source: string; next: number } {
  let index = position;
  while (tex[index] === ' ') index += 1;
  if (tex[index] === '{') {
    let depth = 1;
    let end = index + 1;
    while (end < tex.length && depth > 0) {
      if (tex[end] === '\\') { end += 2; continue; }
      if (tex[end] === '{') depth += 1;
      if (tex[end] === '}') depth -= 1;
      end += 1;
    }
    return { source: tex.slice(index + 1, end - 1), next: end };
  }
  if (tex[index] === '\\') {
    const match = /^\\([A-Za-z]+|.)/.exec(tex.slice(index));
    const length = match ? match[0].length : 1;
    return { source: tex.slice(index, index + length), next: index + length };
  }
  return { source: tex.slice(index, index + 1), next: index + 1 };
}

function bracketIfCompound(text: string): string {
  return /^[\p{L}\p{N}.]+$/u.test(text) ? text : `(${text})`;
}

function superscript(text: string): string {
  const characters = Array.from(text);
  if (characters.length > 0 && characters.every((char) => SUPERSCRIPTS[char])) {
    return characters.map((char) => SUPERSCRIPTS[char]).join('');
  }
  return `^${bracketIfCompound(text)}`;
}

function subscript(text: string): string {
  const characters = Array.from(text);
  if (characters.length > 0 && characters.every((char) => /[0-9]/.test(char))) {
    return characters.map((char) => String.fromCharCode(0x2080 + Number(char))).join('');
  }
  return `_${bracketIfCompound(text)}`;
}

/** Commands texToParts understands itself (besides the SYMBOLS table). */
const STRUCTURAL_COMMANDS = new Set([
  'frac', 'dfrac', 'tfrac', 'sqrt', 'text', 'mathrm', 'textrm', 'mathbf', 'operatorname', 'left', 'right', 'displaystyle', '\\',
]);

/**
 * Whether the TeX needs a real typesetter (KaTeX): any command this renderer does not know,
 * environments (matrices, aligned working), alignment marks, or an nth root.
 */
export function needsTypesetting(tex: string): boolean {
  if (/\\begin\b|(?<!\\)&|\\sqrt\s*\[/.test(tex)) return true;
  const commands = tex.match(/\\([A-Za-z]+|.)/g) ?? [];
  return commands.some((command) => {
    const name = command.slice(1);
    return !STRUCTURAL_COMMANDS.has(name) && !(name in SYMBOLS);
  });
}

/** Maths split into plain text and fractions, so the page can stack a fraction's parts. */
export type MathPart =
  | { kind: 'text'; text: string }
  | { kind: 'fraction'; numerator: MathPart[]; denominator: MathPart[] };

export function partsToText(parts: MathPart[]): string {
  return parts.map((part) => part.kind === 'text' ? part.text
    : `${bracketIfCompound(partsToText(part.numerator))}/${bracketIfCompound(partsToText(part.denominator))}`)
    .join('').replace(/\s+/g, ' ').trim();
}

export function texToText(tex: string): string {
  return partsToText(texToParts(tex));
}

export function texToParts(tex: string): MathPart[] {
  const parts: MathPart[] = [];
  let output = '';
  let position = 0;
  while (position < tex.length) {
    const char = tex[position];
    if (char === '\\') {
      const match = /^\\([A-Za-z]+|.)/.exec(tex.slice(position));
      const name = match ? match[1] : '';
      position += match ? match[0].length : 1;
      if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
        const numerator = readArgument(tex, position);
        const denominator = readArgument(tex, numerator.next);
        position = denominator.next;
        if (output) parts.push({ kind: 'text', text: output });
        output = '';
        parts.push({ kind: 'fraction', numerator: texToParts(numerator.source), denominator: texToParts(denominator.source) });
      } else if (name === 'sqrt') {
        const argument = readArgument(tex, position);
        position = argument.next;
        output += `√${bracketIfCompound(texToText(argument.source))}`;
      } else if (name === 'text' || name === 'mathrm' || name === 'textrm' || name === 'mathbf' || name === 'operatorname') {
        const argument = readArgument(tex, position);
        position = argument.next;
        output += name === 'text' || name === 'textrm' ? argument.source : texToText(argument.source);
      } else if (name === 'left' || name === 'right' || name === 'displaystyle') {
        // sizing only
      } else if (name === '\\') {
        output += ' ';
      } else {
        output += SYMBOLS[name] ?? name;
      }
      continue;
    }
    if (char === '^') {
      const argument = readArgument(tex, position + 1);
      position = argument.next;
      const raised = texToText(argument.source);
      output += raised === '°' ? '°' : superscript(raised);
      continue;
    }
    if (char === '_') {
      const argument = readArgument(tex, position + 1);
      position = argument.next;
      output += subscript(texToText(argument.source));
      continue;
    }
    if (char === '{' || char === '}') { position += 1; continue; }
    output += char === '-' ? '−' : char === '*' ? '×' : char;
    position += 1;
  }
  if (output) parts.push({ kind: 'text', text: output });
  return parts;
}

const SPOKEN: [RegExp, string][] = [
  [/×/g, ' times '], [/÷/g, ' divided by '], [/·/g, ' times '], [/−/g, ' minus '], [/±/g, ' plus or minus '],
  [/≤/g, ' is less than or equal to '], [/≥/g, ' is greater than or equal to '], [/≠/g, ' is not equal to '],
  [/≈/g, ' is approximately '], [/</g, ' is less than '], [/>/g, ' is greater than '], [/=/g, ' equals '],
  [/²/g, ' squared '], [/³/g, ' cubed '], [/√/g, ' the square root of '], [/π/g, ' pi '], [/°/g, ' degrees '],
  [/\//g, ' over '], [/\^/g, ' to the power '], [/θ/g, ' theta '],
];

/** The maths as words for speech synthesis ("3/4 × 2" → "3 over 4 times 2"). */
export function texToSpeech(tex: string): string {
  let text = texToText(tex);
  for (const [pattern, words] of SPOKEN) text = text.replace(pattern, words);
  return text.replace(/\s+/g, ' ').trim();
}
