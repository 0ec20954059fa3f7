import { needsTypesetting, texToParts, texToSpeech, texToText } from '../../../client/src/shared/readableMaths';
import { blocksToSpeech } from '../../../client/src/shared/stemSpeech';
import { parseStem } from '../../../client/src/shared/stemMarkup';

describe('texToText: LaTeX as readable Unicode maths', () => {
  it.each([
    ['\\frac{3}{4}', '3/4'],
    ['\\frac{x+1}{2}', '(x+1)/2'],
    ['x^2 + y^{3}', 'x² + y³'],
    ['2^{10}', '2¹⁰'],
    ['e^{x+1}', 'e^(x+1)'],
    ['3 \\times 4 \\div 2', '3 × 4 ÷ 2'],
    ['a - b', 'a − b'],
    ['\\sqrt{16}', '√16'],
    ['\\sqrt{x+9}', '√(x+9)'],
    ['90^\\circ', '90°'],
    ['x_1 + x_{n}', 'x₁ + x_n'],
    ['\\text{area} = \\pi r^2', 'area = π r²'],
    ['\\left( 1 \\leq x \\right)', '( 1 ≤ x )'],
    ['12\\%', '12%'],
  ])('%s → %s', (tex, text) => {
    expect(texToText(tex)).toBe(text);
  });
});

describe('texToSpeech and stem speech', () => {
  it('speaks operators and powers as words', () => {
    expect(texToSpeech('\\frac{3}{4} \\times x^2 = 12')).toBe('3 over 4 times x squared equals 12');
  });

  it('reads a whole stem with maths, a list and a table', () => {
    const speech = blocksToSpeech(parseStem('Work out $2^3$.\n\n- first\n- second\n\n| a | b |\n|---|---|\n| 1 | 2 |'));
    expect(speech).toBe('Work out 2 cubed. first. second. a, b. 1, 2.');
  });
});

describe('texToParts: fractions kept apart for stacking', () => {
  it('splits text and fractions, nesting inside a fraction', () => {
    expect(texToParts('\\frac{3}{4} \\div \\frac{1}{2}')).toEqual([
      { kind: 'fraction', numerator: [{ kind: 'text', text: '3' }], denominator: [{ kind: 'text', text: '4' }] },
      { kind: 'text', text: ' ÷ ' },
      { kind: 'fraction', numerator: [{ kind: 'text', text: '1' }], denominator: [{ kind: 'text', text: '2' }] },
    ]);
    expect(texToParts('\\frac{\\frac{1}{2}}{x}')[0]).toMatchObject({
      kind: 'fraction', numerator: [{ kind: 'fraction' }], denominator: [{ kind: 'text', text: 'x' }],
    });
  });
});

describe('needsTypesetting: when the player loads KaTeX', () => {
  it.each([
    ['\\frac{3}{4} \\times 60', false],
    ['x^2 + \\sqrt{x} \\leq 3\\pi', false],
    ['\\text{area} = 12\\%', false],
    ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', true],
    ['\\sqrt[3]{27}', true],
    ['\\overline{AB}', true],
    ['a & b', true],
    ['\\& 5', false],
  ])('%s → %s', (tex, expected) => {
    expect(needsTypesetting(tex)).toBe(expected);
  });
});
