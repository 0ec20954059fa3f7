/** The item schema and the teacher-worded errors: every problem names its JSON path and says what is wrong in plain words. */
import { createSchemaRegistry, schemaRegistry, validateAgainstSchema } from '../../../server/schemas/schemaRegistry';
import { validateItemDocument } from '../../../server/scoring/validateItemDocument';
import { buildItem, choiceOptions } from '../scoring/itemBuilders';

const valid = buildItem({ type: 'choice', options: choiceOptions }, { type: 'choice', correct: 'C' });
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** ajv's own wording, which a teacher should never see. */
const AJV_JARGON = /must have required property|must NOT have|must match|must be <=|must be >=|should|schema|\$ref|anyOf|oneOf|instancePath/;

describe('schema registry', () => {
  it('loads every schema in item-bank/schemas, including the shared definitions', () => {
    expect(schemaRegistry().schemaIds).toEqual(
      expect.arrayContaining(['https://waymark.example/schemas/common.schema.json', 'https://waymark.example/schemas/item.schema.json']),
    );
  });

  it('finds a schema by short name, file name or $id', () => {
    const registry = createSchemaRegistry();
    expect(registry.validator('item')).toBe(registry.validator('item.schema.json'));
    expect(registry.validator('https://waymark.example/schemas/item.schema.json')).toBe(registry.validator('item'));
    expect(() => registry.validator('no-such-thing')).toThrow(/No schema named/);
  });

  it('accepts a valid item', () => {
    expect(validateAgainstSchema('item', valid)).toEqual([]);
  });
});

describe('item schema errors in teacher words', () => {
  const cases: Array<[string, (item: Record<string, any>) => void, string, RegExp]> = [
    ['missing stem', (i) => delete i.stem, '/stem', /question text \(stem\) is missing/],
    ['empty stem', (i) => (i.stem = ''), '/stem', /question text \(stem\) must not be empty/],
    ['misspelt field', (i) => (i.interaction.shufle = true), '/interaction/shufle', /"shufle" is not a field that belongs here: check its spelling/],
    ['one option', (i) => (i.interaction.options = [{ id: 'A', content: '1' }]), '/interaction/options', /Add at least 2 entries to the options/],
    ['option without text', (i) => delete i.interaction.options[1].content, '/interaction/options/1/content', /option text is missing/],
    ['bad status', (i) => (i.status = 'published'), '/status', /status must be one of "draft", "in-review", "approved", "live", "retired"/],
    ['version zero', (i) => (i.version = 0), '/version', /version must be at least 1/],
    ['version as text', (i) => (i.version = 'one'), '/version', /version must be a whole number/],
    ['bad id', (i) => (i.id = 'my item!'), '/id', /item id is not written the right way\. Letters, digits/],
    ['no criteria', (i) => (i.criteria = []), '/criteria', /Add at least 1 entry to the criteria/],
    ['duplicate criteria', (i) => (i.criteria = ['N1', 'N1']), '/criteria', /same entry appears twice in the criteria \(entries 1 and 2\)/],
    ['difficulty as text', (i) => (i.parameters.b = 'hard'), '/parameters/b', /difficulty \(b\) must be a number/],
    ['2PL without a', (i) => delete i.parameters.a, '/parameters/a', /discrimination \(a\) is missing/],
    ['negative slope', (i) => (i.parameters.a = -1), '/parameters/a', /discrimination \(a\) must be more than 0/],
    ['unknown model', (i) => (i.parameters.model = '5PL'), '/parameters/model', /IRT model must be one of/],
    ['calibrated without sample size', (i) => (i.parameters.source = { kind: 'calibrated', date: '2026-01-01' }), '/parameters/source/sampleSize', /sample size is missing/],
    ['bad date', (i) => (i.parameters.source.date = '1st September'), '/parameters/source/date', /date must be a date written like 2026-09-01/],
    ['choice answer missing correct', (i) => (i.answer = { type: 'choice' }), '/answer/correct', /correct answer is missing/],
    ['numeric value not a number', (i) => {
      i.interaction = { type: 'numeric' };
      i.answer = { type: 'numeric', value: 'about 3' };
    }, '/answer/value', /value is not in a form we accept\. A number, or text such as 1\/3/],
    ['relative tolerance over 1', (i) => {
      i.interaction = { type: 'numeric' };
      i.answer = { type: 'numeric', value: 3, tolerance: { relative: 5 } };
    }, '/answer/tolerance/relative', /relative tolerance must be at most 1/],
    ['image without alt text', (i) => (i.image = { src: '/a.png' }), '/image/alt', /alternative text is missing/],
    ['multi-part with a bad part', (i) => {
      i.interaction = { type: 'multi-part', parts: [{ id: 'a', stem: 'Part a', interaction: { type: 'numeric', options: [] } }] };
      i.answer = { type: 'multi-part', parts: { a: { type: 'numeric', value: 1 } } };
    }, '/interaction/parts/0/interaction/options', /"options" is not a field that belongs here/],
    ['bad answer note', (i) => (i.answer.optionNotes = { A: 'wrong note' }), '/answer/optionNotes/A', /answer note is not written the right way\. Upper-case words/],
    ['bad tag name', (i) => (i.tags = { '1strand': 'number' }), '/tags/1strand', /"1strand" is not allowed as a name here/],
  ];

  it.each(cases)('%s', (_name, breakIt, path, message) => {
    const item = clone(valid) as Record<string, any>;
    breakIt(item);
    const details = validateAgainstSchema('item', item);
    expect(details).toContainEqual({ path, message: expect.stringMatching(message) });
    for (const detail of details) {
      expect(detail.path).toMatch(/^(\/[^/]+)*$/);
      expect(detail.message).not.toMatch(AJV_JARGON);
      expect(detail.message).toMatch(/^[A-Z"]/);
    }
  });

  it('reports every problem at once, not just the first', () => {
    const item = clone(valid) as Record<string, any>;
    delete item.stem;
    item.version = 0;
    item.parameters.b = 'hard';
    expect(validateAgainstSchema('item', item).map((d) => d.path).sort()).toEqual(['/parameters/b', '/stem', '/version']);
  });

  it('a value that is not an object at all gets one clear error', () => {
    expect(validateAgainstSchema('item', 'an item')).toEqual([{ path: '', message: 'The item must be a group of fields.' }]);
  });
});

describe('item consistency beyond the schema', () => {
  it('answer type must match the interaction', () => {
    const item = buildItem({ type: 'numeric' }, { type: 'choice', correct: 'A' });
    expect(validateItemDocument(item)).toEqual([{ path: '/answer/type', message: 'The answer is for a choice question but the question is numeric.' }]);
  });

  it('the correct option must be one of the options', () => {
    const item = buildItem({ type: 'choice', options: choiceOptions }, { type: 'choice', correct: 'E' });
    expect(validateItemDocument(item)).toEqual([{ path: '/answer/correct', message: '"E" is not one of the options.' }]);
  });

  it('an ordering must list every option', () => {
    const item = buildItem({ type: 'ordering', options: choiceOptions }, { type: 'ordering', correctOrder: ['A', 'B'] });
    expect(validateItemDocument(item)).toEqual([{ path: '/answer/correctOrder', message: 'The correct order must list every option exactly once.' }]);
  });

  it('an expression key must be readable, units must be known', () => {
    expect(validateItemDocument(buildItem({ type: 'expression' }, { type: 'expression', value: 'import(x)' }))[0]).toMatchObject({ path: '/answer/value' });
    expect(validateItemDocument(buildItem({ type: 'quantity' }, { type: 'quantity', value: 3, unit: 'zorks' }))[0]).toMatchObject({
      path: '/answer/unit',
      message: expect.stringContaining('"zorks" is not a unit we know'),
    });
  });

  it('multi-part answers must match the parts', () => {
    const item = buildItem(
      { type: 'multi-part', parts: [{ id: 'a', stem: 'A', interaction: { type: 'numeric' } }] },
      { type: 'multi-part', parts: { b: { type: 'numeric', value: 1 } } },
    );
    expect(validateItemDocument(item)).toEqual([
      { path: '/answer/parts/a', message: 'Part "a" has no answer.' },
      { path: '/answer/parts/b', message: 'There is no part "b" in the question.' },
    ]);
  });

  it('choice limits must let a pupil give the answer, and the box must be long enough for it', () => {
    const options = choiceOptions;
    const limits = buildItem({ type: 'multiple-response', options, minChoices: 3, maxChoices: 1 }, { type: 'multiple-response', correct: ['A', 'B'] });
    expect(validateItemDocument(limits)).toEqual([
      { path: '/interaction/minChoices', message: 'The fewest choices cannot be more than the most choices.' },
      { path: '/interaction/maxChoices', message: 'A pupil must be able to choose all 2 correct options.' },
      { path: '/interaction/minChoices', message: 'The correct answer has only 2 options, fewer than the fewest choices allowed.' },
    ]);
    const shortBox = buildItem({ type: 'expression', maxLength: 5 }, { type: 'expression', value: 'x^2 + 2x + 1' });
    expect(validateItemDocument(shortBox)).toEqual([
      { path: '/interaction/maxLength', message: 'The answer box must allow at least 12 characters for the answer "x^2 + 2x + 1".' },
    ]);
  });

  it('the key must get full marks under its own rules', () => {
    const item = buildItem({ type: 'expression' }, { type: 'expression', value: 'x^2 + 3x', forms: ['factorised'] });
    expect(validateItemDocument(item)).toEqual([
      { path: '/answer', message: 'The answer itself does not get full marks under its own rules: Equivalent, but not factorised.' },
    ]);
    const numeric = buildItem({ type: 'numeric' }, { type: 'numeric', value: '1/3', decimalPlaces: 2, accept: ['fraction'] });
    expect(validateItemDocument(numeric)).toEqual([
      { path: '/answer', message: expect.stringContaining('The answer itself does not get full marks under its own rules') },
    ]);
  });

  it('an anticipated answer cannot score more than the question', () => {
    const item = buildItem({ type: 'numeric' }, { type: 'numeric', value: 4, marks: 1, anticipated: [{ value: 5, score: 2, note: 'NUM_OFF_BY_ONE' }] });
    expect(validateItemDocument(item)).toEqual([{ path: '/answer/anticipated/0/score', message: 'The score cannot be more than the 1 mark(s) of the question.' }]);
  });
});
