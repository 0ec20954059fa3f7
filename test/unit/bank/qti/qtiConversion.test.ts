import fs from 'node:fs';
import path from 'node:path';
import { parseStem } from '../../../../client/src/shared/stemMarkup';
import { blocksMarkdown } from '../../../../server/bank/qti/itemBodyToMarkdown';
import { markdownBlocks } from '../../../../server/bank/qti/markdownToItemBody';
import { mathmlToLatex } from '../../../../server/bank/qti/mathmlToLatex';
import { waymarkToQti } from '../../../../server/bank/qti/waymarkToQti';
import { descendants, element, firstChild, readXml, writeXml, type XmlElement } from '../../../../server/bank/qti/xmlTree';
import type { ItemDocument } from '../../../../server/scoring/itemDocument';

function xml(text: string): XmlElement {
  const read = readXml(text);
  if (!read.ok) throw new Error(read.message);
  return read.root;
}

describe('MathML → LaTeX', () => {
  test.each([
    ['<math><mfrac><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mn>2</mn></mfrac></math>', '\\frac{x+1}{2}'],
    ['<math><msup><mrow><mo>(</mo><mi>x</mi><mo>+</mo><mn>1</mn><mo>)</mo></mrow><mn>2</mn></msup></math>', '{(x+1)}^{2}'],
    ['<math><msqrt><mi>b</mi><mo>−</mo><mn>4</mn><mi>a</mi><mi>c</mi></msqrt></math>', '\\sqrt{b-4ac}'],
    ['<math><mn>3</mn><mo>×</mo><mi>π</mi><mo>÷</mo><mn>2</mn></math>', '3\\times\\pi\\div 2'],
    ['<math><mi>sin</mi><mi>θ</mi><mo>≤</mo><mn>1</mn></math>', '\\sin\\theta\\le 1'],
    ['<math><mn>28</mn><mo>%</mo></math>', '28\\%'],
    ['<math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">\\frac{a}{b}</annotation></semantics></math>', '\\frac{a}{b}'],
  ])('%s', (markup, latex) => {
    expect(mathmlToLatex(xml(markup))).toBe(latex);
  });

  test('anything else is refused by name', () => {
    expect(() => mathmlToLatex(xml('<math><mfenced><mi>x</mi></mfenced></math>'))).toThrow('<mfenced> is not supported');
    expect(() => mathmlToLatex(xml('<math><mfrac><mn>1</mn></mfrac></math>'))).toThrow('<mfrac> must have exactly two parts');
  });
});

describe('item body ↔ stem Markdown', () => {
  test('XHTML blocks and inline formatting', () => {
    const body = xml(`<div><p>Look at <strong>all</strong> the <em>numbers</em>:</p>
      <ul><li>3.5</li><li><math><mfrac><mn>7</mn><mn>2</mn></mfrac></math></li></ul>
      <table><tr><th>x</th><th>y</th></tr><tr><td>1</td><td>2</td></tr></table>
      <p>It costs $5 * 2.<br/>Next line.</p></div>`);
    expect(blocksMarkdown(body.children)).toBe([
      'Look at **all** the *numbers*:',
      '- 3.5\n- $\\frac{7}{2}$',
      '| x | y |\n| --- | --- |\n| 1 | 2 |',
      'It costs \\$5 \\* 2.\nNext line.',
    ].join('\n\n'));
  });

  test('media and scripts are refused, not dropped', () => {
    expect(() => blocksMarkdown(xml('<div><p>Watch <video src="v.mp4"/></p></div>').children)).toThrow('<video> cannot be imported');
    expect(() => blocksMarkdown(xml('<div><script>alert(1)</script></div>').children)).toThrow('<script> cannot be imported');
  });

  test.each([
    'Which fraction is equivalent to $\\frac{2}{3}$?',
    'Work out:\n\n$$\\sqrt{16} + 3^2$$\n\nGive **one** answer.',
    'The table shows *x* and *y*.\n\n| x | y |\n| --- | --- |\n| 1 | $\\frac{1}{2}$ |',
    'Steps:\n\n1. add\n2. multiply',
    'A price of $5 and $10, and `code`.',
  ])('Markdown → XHTML → Markdown keeps what the player shows: %s', (markdown) => {
    const body = element('qti-item-body', {}, markdownBlocks(markdown));
    const written = writeXml(body);
    expect(parseStem(blocksMarkdown(xml(written).children))).toEqual(parseStem(markdown));
  });
});

describe('XML writing and reading', () => {
  test('text and attributes are escaped, character references decoded', () => {
    const written = writeXml(element('p', { title: 'a "b" <c> & d' }, ['1 < 2 & 3 > 2']));
    expect(written).toBe('<p title="a &quot;b&quot; &lt;c&gt; &amp; d">1 &lt; 2 &amp; 3 &gt; 2</p>');
    const read = xml(written);
    expect(read.attributes.title).toBe('a "b" <c> & d');
    expect(read.children).toEqual(['1 < 2 & 3 > 2']);
    expect(xml('<p>7 &#215; 8 &#x2212; 1</p>').children).toEqual(['7 × 8 − 1']);
  });
});

describe('no key in an exported item body', () => {
  const starter = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'item-bank', 'items', 'fdp', 'fdp-items.json'), 'utf8')) as ItemDocument[];
  const typed: ItemDocument[] = [
    ...starter,
    { ...starter[1], id: 'expr', stem: 'Factorise $x^2 + 3x$', interaction: { type: 'expression' }, answer: { type: 'expression', value: 'x(x+3)', forms: ['factorised'] } },
    { ...starter[1], id: 'word', stem: 'Name a 3-sided shape', interaction: { type: 'text' }, answer: { type: 'text', accepted: ['triangle'], normalise: { ignoreCase: true } } },
  ];
  const RULE_ATTRIBUTES = new Set(['data-waymark-marking', 'data-waymark-accept', 'data-waymark-lowest-terms', 'data-waymark-normalise', 'data-waymark-variables',
    'data-waymark-forms', 'data-waymark-equivalent-score', 'data-waymark-max-length', 'data-waymark-partial-credit', 'data-waymark-part', 'data-waymark-units', 'data-waymark-number-only-score']);

  test.each(typed.map((item) => [item.id, item] as const))('%s', (_id, item) => {
    const exported = waymarkToQti(item);
    if (!exported.ok) return expect(exported.reason).toContain('cannot be exported to QTI');
    const body = firstChild(xml(exported.xml), 'qti-item-body')!;
    const elements = descendants(body);
    expect(elements.map((e) => e.name)).not.toEqual(expect.arrayContaining(['qti-correct-response']));
    expect(elements.map((e) => e.name)).not.toContain('qti-mapping');
    const dataAttributes = elements.flatMap((e) => Object.entries(e.attributes).filter(([name]) => name.startsWith('data-')));
    for (const [name, value] of dataAttributes) {
      expect(RULE_ATTRIBUTES).toContain(name);
      const keys = item.answer.type === 'text' ? item.answer.accepted : 'value' in item.answer ? [String(item.answer.value)] : [];
      for (const key of keys.filter((k) => k.length >= 2)) expect(value).not.toContain(key);
    }
  });
});
