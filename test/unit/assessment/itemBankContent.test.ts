import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentError, readItemBank } from '../../../server/content/itemBankContent';
import { markResponse } from '../../../server/scoring/markResponse';
import { pupilItem } from '../../../server/scoring/pupilItem';
import { modelAnswer } from '../../../server/scoring/modelAnswer';

const repoBank = path.resolve(__dirname, '..', '..', '..', 'item-bank');

describe('the starter module', () => {
  const content = readItemBank(repoBank);
  const module = content.modules.find((m) => m.id === 'fdp-1')!;

  test('validates, with at least 30 live choice and numeric items tagged to its criteria', () => {
    expect(module.title).toBe('Fractions, decimals and percentages');
    const items = content.items.filter((item) => module.items.includes(item.id));
    expect(items.length).toBeGreaterThanOrEqual(30);
    expect(new Set(items.map((i) => i.interaction.type))).toEqual(new Set(['choice', 'numeric', 'ordering']));
    for (const item of items) {
      expect(item.status).toBe('live');
      expect(item.parameters.source.kind).toBe('provisional');
      expect(module.criteria.map((c) => c.id)).toEqual(expect.arrayContaining(item.criteria));
    }
  });

  test('every key marks full marks, except numeric keys stored in a form the item asks the pupil to convert', () => {
    for (const item of content.items.filter((i) => module.items.includes(i.id))) {
      const mark = markResponse(item, modelAnswer(item));
      const convertForm = mark.note === 'NUM_EQUIV_WRONG_FORM';
      expect({ id: item.id, full: mark.score === mark.maxScore || convertForm }).toEqual({ id: item.id, full: true });
    }
  });

  test('typical pupil answers mark as a maths teacher would', () => {
    const byId = new Map(content.items.map((item) => [item.id, item]));
    const cases: [string, string, number][] = [
      ['fdp-006', '35%', 1], ['fdp-006', '35', 1], ['fdp-011', '1 1/4', 1], ['fdp-012', '0.667', 1], ['fdp-012', '0.67', 0],
      ['fdp-003', '4/6', 0], ['fdp-003', '2/3', 1], ['fdp-025', '4.50', 1], ['fdp-035', '2121.80', 1], ['fdp-031', '24', 0],
    ];
    for (const [id, answer, score] of cases) expect({ id, answer, score: markResponse(byId.get(id)!, answer).score }).toEqual({ id, answer, score });
  });

  test('no pupil projection carries the key or the parameters', () => {
    for (const item of content.items) {
      const projected = JSON.stringify(pupilItem(item));
      expect(projected).not.toMatch(/"(answer|parameters|feedback|correct|correctOrder|value)"/);
    }
  });
});

describe('a broken item bank', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bank-'));
    fs.cpSync(repoBank, root, { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('names the file and JSON path of every problem', () => {
    const file = path.join(root, 'items', 'fdp', 'fdp-items.json');
    const items = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete items[2].stem;
    items[5].parameters.a = -1;
    fs.writeFileSync(file, JSON.stringify(items));
    let error: unknown;
    try { readItemBank(root); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems;
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: path.join('items', 'fdp', 'fdp-items.json'), path: '/2/stem' }),
      expect.objectContaining({ file: path.join('items', 'fdp', 'fdp-items.json'), path: expect.stringMatching(/^\/5\/parameters/) }),
    ]));
  });

  test('a module naming a missing item, descending cuts or a bad engine setting is refused', () => {
    const file = path.join(root, 'modules', 'fdp-1.json');
    const module = JSON.parse(fs.readFileSync(file, 'utf8'));
    module.items.push('no-such-item');
    module.cutScores.boundaries[3].theta = -5;
    module.adaptive.selection.method = 'psychic';
    fs.writeFileSync(file, JSON.stringify(module));
    let error: unknown;
    try { readItemBank(root); } catch (e) { error = e; }
    const paths = (error as ContentError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining([`/items/${module.items.length - 1}`, '/cutScores/boundaries/3/theta', '/adaptive/selection/method']));
  });

  test('invalid JSON is reported, not thrown raw', () => {
    fs.writeFileSync(path.join(root, 'modules', 'broken.json'), '{ "id": ');
    expect(() => readItemBank(root)).toThrow(/broken\.json.*not valid JSON/s);
  });
});
