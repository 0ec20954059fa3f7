import { parseInline, parseStem } from '../../../client/src/shared/stemMarkup';

describe('parseStem: the Markdown subset of item stems', () => {
  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    expect(parseStem('Work out\n3 + 4\n\nGive your answer.')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Work out' }, { kind: 'break' }, { kind: 'text', text: '3 + 4' }] },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Give your answer.' }] },
    ]);
  });

  it('reads bulleted and numbered lists', () => {
    const blocks = parseStem('Which are prime?\n- 2\n- 9\n\n1. first\n2. second');
    expect(blocks[1]).toEqual({ kind: 'list', ordered: false, items: [[{ kind: 'text', text: '2' }], [{ kind: 'text', text: '9' }]] });
    expect(blocks[2]).toMatchObject({ kind: 'list', ordered: true });
    expect(blocks).toHaveLength(3);
  });

  it('reads a pipe table with a header rule', () => {
    const [table] = parseStem('| x | y |\n|---|---|\n| 1 | 3 |\n| 2 | 5 |');
    expect(table).toEqual({
      kind: 'table',
      header: [[{ kind: 'text', text: 'x' }], [{ kind: 'text', text: 'y' }]],
      rows: [
        [[{ kind: 'text', text: '1' }], [{ kind: 'text', text: '3' }]],
        [[{ kind: 'text', text: '2' }], [{ kind: 'text', text: '5' }]],
      ],
    });
  });

  it('reads display maths between $$ markers, also across lines', () => {
    expect(parseStem('$$\\frac{1}{2}$$')).toEqual([{ kind: 'display-math', tex: '\\frac{1}{2}' }]);
    expect(parseStem('$$x^2\n+ 1$$\nSolve it.')).toEqual([
      { kind: 'display-math', tex: 'x^2 + 1' },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Solve it.' }] },
    ]);
  });

  it('treats HTML as plain text (it is never parsed as markup)', () => {
    expect(parseStem('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });
});

describe('parseInline', () => {
  it('reads bold, italic, code and inline maths', () => {
    expect(parseInline('**Work out** *exactly* `3/4` of $x^2$')).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'Work out' }] },
      { kind: 'text', text: ' ' },
      { kind: 'emphasis', children: [{ kind: 'text', text: 'exactly' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: '3/4' },
      { kind: 'text', text: ' of ' },
      { kind: 'math', tex: 'x^2' },
    ]);
  });

  it('does not read prices as maths (pandoc rule: no space before the closing $, no digit after it)', () => {
    expect(parseInline('A pen costs $5 and a book $10.')).toEqual([{ kind: 'text', text: 'A pen costs $5 and a book $10.' }]);
  });

  it('keeps escaped markers and unmatched markers as text', () => {
    expect(parseInline('2 \\* 3 and a * alone')).toEqual([{ kind: 'text', text: '2 * 3 and a * alone' }]);
    expect(parseInline('snake_case_name')).toEqual([{ kind: 'text', text: 'snake_case_name' }]);
  });
});
