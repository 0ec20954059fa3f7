/**
 * MathML in a QTI item body → the LaTeX our stems hold between $ signs. Presentation MathML's
 * common elements only (mi, mn, mo, mfrac, msup, msqrt, mrow); a <semantics> element carrying a
 * TeX annotation (what KaTeX, MathJax and our own export write) gives its TeX directly. Anything
 * else is refused with the element's name, so nothing is silently dropped from a question.
 */
import { childElements, textContent, type XmlElement } from './xmlTree';

export class MathmlError extends Error {}

const OPERATORS: Record<string, string> = {
  '×': '\\times', '÷': '\\div', '−': '-', '–': '-', '±': '\\pm', '∓': '\\mp', '≤': '\\le', '≥': '\\ge', '≠': '\\ne',
  '·': '\\cdot', '⋅': '\\cdot', '≈': '\\approx', '∞': '\\infty', '→': '\\to', '√': '\\surd', '∠': '\\angle', '°': '^{\\circ}',
  '{': '\\{', '}': '\\}', '%': '\\%', '&': '\\&', '#': '\\#', '$': '\\$', '_': '\\_', '\u2061': '', '\u2062': '', '\u2063': '',
};

const GREEK: Record<string, string> = {
  'α': '\\alpha', 'β': '\\beta', 'γ': '\\gamma', 'δ': '\\delta', 'ε': '\\varepsilon', 'θ': '\\theta', 'λ': '\\lambda', 'μ': '\\mu',
  'π': '\\pi', 'ρ': '\\rho', 'σ': '\\sigma', 'τ': '\\tau', 'φ': '\\phi', 'ω': '\\omega', 'Δ': '\\Delta', 'Σ': '\\Sigma', 'Ω': '\\Omega',
};

const FUNCTIONS = new Set(['sin', 'cos', 'tan', 'log', 'ln', 'exp', 'min', 'max']);

function characters(text: string): string {
  return [...text].map((char) => OPERATORS[char] ?? GREEK[char] ?? char).join('');
}

function identifier(text: string): string {
  const trimmed = text.trim();
  if ([...trimmed].length <= 1) return characters(trimmed);
  if (FUNCTIONS.has(trimmed)) return `\\${trimmed}`;
  return `\\mathrm{${characters(trimmed)}}`;
}

/** Joins pieces, with a space where a control word (\times) meets a letter. */
function join(pieces: string[]): string {
  return pieces.reduce((joined, piece) => (/\\[A-Za-z]+$/.test(joined) && /^[A-Za-z0-9]/.test(piece) ? `${joined} ${piece}` : joined + piece), '');
}

function onlyTwoChildren(element: XmlElement): [XmlElement, XmlElement] {
  const children = childElements(element);
  if (children.length !== 2) throw new MathmlError(`the MathML element <${element.name}> must have exactly two parts (it has ${children.length})`);
  return [children[0], children[1]];
}

function group(element: XmlElement): string {
  const latex = convert(element);
  const single = element.name !== 'mrow' || childElements(element).length <= 1;
  return single && [...latex].length === 1 ? latex : `{${latex}}`;
}

function convert(element: XmlElement): string {
  switch (element.name) {
    case 'mi':
      return identifier(textContent(element));
    case 'mn':
      return characters(textContent(element).trim());
    case 'mo':
      return characters(textContent(element).trim());
    case 'mrow':
    case 'math':
      return join(childElements(element).map(convert));
    case 'mfrac': {
      const [numerator, denominator] = onlyTwoChildren(element);
      return `\\frac{${convert(numerator)}}{${convert(denominator)}}`;
    }
    case 'msup': {
      const [base, exponent] = onlyTwoChildren(element);
      return `${group(base)}^{${convert(exponent)}}`;
    }
    case 'msqrt':
      return `\\sqrt{${join(childElements(element).map(convert))}}`;
    case 'semantics': {
      const tex = childElements(element, 'annotation').find((a) => /^(application\/x-tex|TeX|LaTeX)$/i.test(a.attributes.encoding ?? ''));
      if (tex) return textContent(tex).trim();
      const [presentation] = childElements(element);
      if (!presentation) throw new MathmlError('the MathML element <semantics> is empty');
      return convert(presentation);
    }
    default:
      throw new MathmlError(`the MathML element <${element.name}> is not supported (Waymark reads mi, mn, mo, mfrac, msup, msqrt and mrow, or a TeX annotation)`);
  }
}

/** The LaTeX for a <math> element; throws MathmlError naming an element it cannot read. */
export function mathmlToLatex(math: XmlElement): string {
  return convert(math);
}
