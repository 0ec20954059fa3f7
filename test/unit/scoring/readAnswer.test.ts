/** Reading typed maths like a person: the explicit text for the evaluator and the "we read your answer as …" display. */
import { readAnswer } from '../../../server/scoring/readAnswer';

describe('readAnswer', () => {
  it.each([
    ['2x', '2*x', '2·x'],
    ['3(x+1)', '3*(x+1)', '3·(x + 1)'],
    ['x(x+1)', 'x*(x+1)', 'x·(x + 1)'],
    ['2x(x+1)', '2*x*(x+1)', '2·x·(x + 1)'],
    ['(x+1)(x−1)', '(x+1)*(x-1)', '(x + 1)·(x − 1)'],
    ['x²+2x+1', 'x^2+2*x+1', 'x² + 2·x + 1'],
    ['x^2y', 'x^2*y', 'x²·y'],
    ['xy', 'x*y', 'x·y'],
    ['½', '(1/2)', '1/2'],
    ['2½', '(2+1/2)', '2 1/2'],
    ['2 1/2', '(2+1/2)', '2 1/2'],
    ['−3 × 4 ÷ 2', '-3*4/2', '−3·4/2'],
    ['3 – 4', '3-4', '3 − 4'],
    ['2·x', '2*x', '2·x'],
    ['x⁻¹', 'x^(-1)', 'x^(−1)'],
    ['√(x+1)', 'sqrt(x+1)', '√(x + 1)'],
    ['√2x', 'sqrt(2)*x', '√(2)·x'],
    ['sin x^2', 'sin(x^2)', 'sin(x²)'],
    ['2πr', '2*pi*r', '2·π·r'],
    ['2pi r', '2*pi*r', '2·π·r'],
    ['1,000', '1000', '1000'],
    ['1.5E3', '1.5e3', '1.5 × 10^3'],
    ['[x+1]', '(x+1)', '(x + 1)'],
    ['x**2', 'x^2', 'x²'],
    ['|x − 3|', 'abs(x-3)', '|x − 3|'],
    ['2|x|+|y|', '2*abs(x)+abs(y)', '2·|x| + |y|'],
    ['||x|-1|', 'abs(abs(x)-1)', '||x| − 1|'],
    ['abs(x)(x+1)', 'abs(x)*(x+1)', '|x|·(x + 1)'],
    ['½x', '(1/2)*x', '(1/2)·x'],
    ['2½x', '(2+1/2)*x', '(2 1/2)·x'],
    ['1/2x', '1/2*x', '(1/2)·x'],
    ['x/2y', 'x/2*y', '(x/2)·y'],
    ['x/2 - 1/3y', 'x/2-1/3*y', 'x/2 − (1/3)·y'],
    ['3/(x+1)(x-1)', '3/(x+1)*(x-1)', '(3/(x + 1))·(x − 1)'],
    ['a/b^2c', 'a/b^2*c', '(a/b²)·c'],
  ])('%s → %s (shown as %s)', (input, text, display) => {
    expect(readAnswer(input)).toEqual({ text, display });
  });

  it('flags a run of letters that looks like a word instead of reading it as a product', () => {
    expect(readAnswer('import(x)').problem).toMatch(/"import" looks like a word/);
    expect(readAnswer('abcd').problem).toMatch(/looks like a word/);
    expect(readAnswer('abc').problem).toBeUndefined();
  });

  it('does not import mathjs (the browser bundles it)', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const source = require('node:fs').readFileSync(require.resolve('../../../server/scoring/readAnswer.ts'), 'utf8') as string;
    expect(source).not.toMatch(/from ['"]mathjs['"]|require\(['"]mathjs['"]\)/);
    expect(source).not.toMatch(/^import .* from '\.\.?\/(?!readAnswer)/m);
  });
});
