import fs from 'node:fs';
import path from 'node:path';
import { importQti, importQtiItemFile } from '../../../../server/bank/qti/importQti';
import { DEFAULT_IMPORT_PARAMETERS } from '../../../../server/bank/qti/qtiItemToWaymark';
import type { ItemDocument } from '../../../../server/scoring/itemDocument';
import { markResponse } from '../../../../server/scoring/markResponse';
import { modelAnswer } from '../../../../server/scoring/modelAnswer';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const qtiDirectory = path.resolve(repoRoot, '..', 'shared', 'data', 'qti');

function importShared(file: string): ItemDocument {
  const result = importQti(file, fs.readFileSync(path.join(qtiDirectory, file)), { criteria: ['N1'] });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  expect(result.items).toHaveLength(1);
  return result.items[0];
}

const common = { version: 1, status: 'draft', subject: 'mathematics', criteria: ['N1'], parameters: DEFAULT_IMPORT_PARAMETERS };

describe('the shared QTI 3.0 files import to the Waymark items a teacher would write', () => {
  test('single choice with match_correct', () => {
    const item = importShared('item-choice-fraction.xml');
    expect(item).toEqual({
      ...common,
      id: 'frac-half-choice',
      stem: 'Which fraction is equal to one half?',
      interaction: {
        type: 'choice', shuffle: true,
        options: [{ id: 'A', content: '2/3' }, { id: 'B', content: '3/8' }, { id: 'C', content: '4/8' }, { id: 'D', content: '5/12' }],
      },
      answer: { type: 'choice', correct: 'C' },
    });
    expect(markResponse(item, modelAnswer(item))).toMatchObject({ score: 1, maxScore: 1, note: 'CHOICE_CORRECT' });
    expect(markResponse(item, 'C').score).toBe(1);
    expect(markResponse(item, 'A').score).toBe(0);
  });

  test('integer text entry with map_response', () => {
    const item = importShared('item-mult-7x8.xml');
    expect(item).toEqual({
      ...common,
      id: 'num-mult-7x8',
      stem: '7 × 8 =',
      interaction: { type: 'numeric' },
      answer: { type: 'numeric', value: 56, accept: ['integer'] },
    });
    expect(markResponse(item, '56')).toMatchObject({ score: 1, note: 'NUM_CORRECT' });
    expect(markResponse(item, modelAnswer(item)).score).toBe(1);
    expect(markResponse(item, '54').score).toBe(0);
  });

  test('number rounded to 2 d.p. with half marks within 1% (qti-equal-rounded, qti-equal relative)', () => {
    const item = importShared('item-numeric-tolerance.xml');
    expect(item).toEqual({
      ...common,
      id: 'circle-area-r3',
      stem: 'A circle has radius 3 cm. Give its area in cm², correct to 2 decimal places:',
      interaction: { type: 'numeric', suffix: 'cm²' },
      // SCORE 1 and 0.5 become 2 marks and 1 mark; QTI's relative tolerance "1" is 1 %.
      answer: {
        type: 'numeric', value: 28.27, decimalPlaces: 2, marks: 2,
        anticipated: [{ tolerance: { relative: 0.01 }, score: 1, note: 'QTI_PARTIAL_CREDIT' }],
      },
    });
    expect(markResponse(item, modelAnswer(item))).toMatchObject({ score: 2, maxScore: 2, note: 'NUM_CORRECT' });
    expect(markResponse(item, '28.27').score).toBe(2);
    // 28.3 is 0.1 % from the key: the half-mark band.
    expect(markResponse(item, '28.3')).toMatchObject({ score: 1, note: 'QTI_PARTIAL_CREDIT' });
    expect(markResponse(item, '30').score).toBe(0);
  });
});

describe('QTI features beyond the shared files', () => {
  const item = (body: string, declaration: string, processing: string, extra = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="q1" title="t" adaptive="false" time-dependent="false">
  ${declaration}
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  ${extra}
  <qti-item-body>${body}</qti-item-body>
  ${processing}
</qti-assessment-item>`;
  const importOne = (xml: string): ItemDocument => {
    const result = importQtiItemFile('q1.xml', xml);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.items[0];
  };

  test('text entry with map_response: case-insensitive entries, part marks for a near miss', () => {
    const imported = importOne(item(
      '<p>Name the shape with 5 sides. <qti-text-entry-interaction response-identifier="RESPONSE"/></p>',
      `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
         <qti-correct-response><qti-value>pentagon</qti-value></qti-correct-response>
         <qti-mapping default-value="0" lower-bound="0" upper-bound="2">
           <qti-map-entry map-key="pentagon" mapped-value="2" case-sensitive="false"/>
           <qti-map-entry map-key="pentagram" mapped-value="1" case-sensitive="false"/>
         </qti-mapping></qti-response-declaration>`,
      '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"/>',
    ));
    expect(imported.answer).toEqual({
      type: 'text', accepted: ['pentagon'], marks: 2, normalise: { ignoreCase: true, spacing: 'exact' },
      anticipated: [{ value: 'pentagram', score: 1, note: 'QTI_PARTIAL_CREDIT' }],
    });
    expect(markResponse(imported, 'Pentagon').score).toBe(2);
    expect(markResponse(imported, 'pentagram').score).toBe(1);
  });

  test('multiple response (cardinality multiple), significant figures, absolute tolerance and MathML stems', () => {
    const multiple = importOne(item(
      '<qti-choice-interaction response-identifier="RESPONSE" max-choices="0"><qti-prompt>Which are prime?</qti-prompt><qti-simple-choice identifier="A">2</qti-simple-choice><qti-simple-choice identifier="B">9</qti-simple-choice><qti-simple-choice identifier="C">7</qti-simple-choice></qti-choice-interaction>',
      '<qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier"><qti-correct-response><qti-value>A</qti-value><qti-value>C</qti-value></qti-correct-response></qti-response-declaration>',
      '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>',
    ));
    expect(multiple.interaction).toMatchObject({ type: 'multiple-response' });
    expect(multiple.answer).toEqual({ type: 'multiple-response', correct: ['A', 'C'] });
    expect(markResponse(multiple, ['C', 'A']).score).toBe(1);

    const rounded = importOne(item(
      '<p>Work out <math xmlns="http://www.w3.org/1998/Math/MathML"><msqrt><mn>2</mn></msqrt><mo>×</mo><msup><mi>x</mi><mn>2</mn></msup></math> when <math><mi>x</mi><mo>=</mo><mfrac><mn>1</mn><mn>3</mn></mfrac></math>, to 3 s.f.</p><p><qti-text-entry-interaction response-identifier="RESPONSE"/></p>',
      '<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float"><qti-correct-response><qti-value>0.157135</qti-value></qti-correct-response></qti-response-declaration>',
      `<qti-response-processing><qti-response-condition><qti-response-if>
         <qti-equal-rounded rounding-mode="significantFigures" figures="3"><qti-variable identifier="RESPONSE"/><qti-correct identifier="RESPONSE"/></qti-equal-rounded>
         <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
       </qti-response-if></qti-response-condition></qti-response-processing>`,
    ));
    expect(rounded.stem).toBe('Work out $\\sqrt{2}\\times x^{2}$ when $x=\\frac{1}{3}$, to 3 s.f.');
    expect(rounded.answer).toEqual({ type: 'numeric', value: 0.157135, significantFigures: 3 });
    expect(markResponse(rounded, '0.157').score).toBe(1);

    const absolute = importOne(item(
      '<p>Estimate <qti-text-entry-interaction response-identifier="RESPONSE"/></p><p>More text first.</p>',
      '<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float"><qti-correct-response><qti-value>12.5</qti-value></qti-correct-response></qti-response-declaration>',
      `<qti-response-processing><qti-response-condition><qti-response-if>
         <qti-equal tolerance-mode="absolute" tolerance="0.5 0.5"><qti-variable identifier="RESPONSE"/><qti-correct identifier="RESPONSE"/></qti-equal>
         <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
       </qti-response-if><qti-response-else><qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">0</qti-base-value></qti-set-outcome-value></qti-response-else></qti-response-condition></qti-response-processing>`,
    ));
    expect(absolute.answer).toEqual({ type: 'numeric', value: 12.5, tolerance: { absolute: 0.5 } });
    expect(absolute.interaction).toEqual({ type: 'numeric', prefix: 'Estimate' });
    expect(markResponse(absolute, '12.9').score).toBe(1);
    expect(markResponse(absolute, '13.1').score).toBe(0);
  });

  test('order interaction (prompt as the order label) and extended text', () => {
    const ordered = importOne(item(
      '<p>Put these in order.</p><qti-order-interaction response-identifier="RESPONSE" shuffle="true"><qti-prompt>smallest first</qti-prompt><qti-simple-choice identifier="A">0.3</qti-simple-choice><qti-simple-choice identifier="B"><math><mfrac><mn>1</mn><mn>4</mn></mfrac></math></qti-simple-choice><qti-simple-choice identifier="C">0.29</qti-simple-choice></qti-order-interaction>',
      '<qti-response-declaration identifier="RESPONSE" cardinality="ordered" base-type="identifier"><qti-correct-response><qti-value>B</qti-value><qti-value>C</qti-value><qti-value>A</qti-value></qti-correct-response></qti-response-declaration>',
      '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>',
    ));
    expect(ordered.stem).toBe('Put these in order.');
    expect(ordered.interaction).toEqual({ type: 'ordering', orderLabel: 'smallest first', options: [{ id: 'A', content: '0.3' }, { id: 'B', content: '$\\frac{1}{4}$' }, { id: 'C', content: '0.29' }] });
    expect(ordered.answer).toEqual({ type: 'ordering', correctOrder: ['B', 'C', 'A'] });
    expect(markResponse(ordered, ['B', 'C', 'A']).score).toBe(1);

    const extended = importOne(item(
      '<qti-extended-text-interaction response-identifier="RESPONSE"><qti-prompt>What do we call a polygon with 6 sides?</qti-prompt></qti-extended-text-interaction>',
      '<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"><qti-correct-response><qti-value>hexagon</qti-value></qti-correct-response></qti-response-declaration>',
      '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>',
    ));
    expect(extended.stem).toBe('What do we call a polygon with 6 sides?');
    expect(extended.answer).toEqual({ type: 'text', accepted: ['hexagon'], normalise: { ignoreCase: false, spacing: 'exact' } });
    expect(markResponse(extended, 'hexagon').score).toBe(1);
    expect(markResponse(extended, 'Hexagon').score).toBe(0);
  });

  test('several interactions outside Waymark\'s part layout are refused', () => {
    const result = importQtiItemFile('two.xml', item(
      '<p>a <qti-text-entry-interaction response-identifier="R1"/> b <qti-text-entry-interaction response-identifier="R2"/></p>',
      '<qti-response-declaration identifier="R1" cardinality="single" base-type="string"/><qti-response-declaration identifier="R2" cardinality="single" base-type="string"/>',
      '<qti-response-processing/>',
    ));
    expect(result).toEqual({ ok: false, errors: [{ file: 'two.xml', path: 'qti-assessment-item/qti-item-body', message: expect.stringContaining('2 interactions; Waymark imports several only as parts') }] });
  });
});

test('a text entry placed between blocks (not inside a paragraph) still imports', () => {
  const xml = fs.readFileSync(path.join(qtiDirectory, 'item-mult-7x8.xml'), 'utf8')
    .replace(/<p>7 × 8 = (<qti-text-entry-interaction[^>]*\/>)<\/p>/, '<p>Work out 7 × 8.</p>$1');
  const result = importQtiItemFile('between.xml', xml);
  expect(result.ok && result.items[0]).toMatchObject({ stem: 'Work out 7 × 8.', interaction: { type: 'numeric' } });
});
