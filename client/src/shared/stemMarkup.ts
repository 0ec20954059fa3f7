/**
 * The Markdown subset used in item stems, parsed to a small tree (pure, no DOM) so the player can
 * build elements from it without ever treating item text as HTML. Supported: paragraphs, hard
 * line breaks, bulleted and numbered lists, pipe tables, **bold**, *italic*, `code`, $inline$
 * and $$display$$ LaTeX maths.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'emphasis'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'math'; tex: string }
  | { kind: 'break' };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'display-math'; tex: string };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

export function parseStem(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (line.trim() === '') { index += 1; continue; }

    if (line.trim().startsWith('$$')) {
      const collected: string[] = [];
      let rest = line.trim().slice(2);
      while (true) {
        const end = rest.indexOf('$$');
        if (end >= 0) { collected.push(rest.slice(0, end)); index += 1; break; }
        collected.push(rest);
        index += 1;
        if (index >= lines.length) break;
        rest = lines[index];
      }
      blocks.push({ kind: 'display-math', tex: collected.join(' ').trim() });
      continue;
    }

    if (TABLE_ROW.test(line) && index + 1 < lines.length && TABLE_RULE.test(lines[index + 1])) {
      const header = splitRow(line).map(parseInline);
      const rows: Inline[][][] = [];
      index += 2;
      while (index < lines.length && TABLE_ROW.test(lines[index])) {
        rows.push(splitRow(lines[index]).map(parseInline));
        index += 1;
      }
      blocks.push({ kind: 'table', header, rows });
      continue;
    }

    const listPattern = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (listPattern) {
      const items: Inline[][] = [];
      while (index < lines.length) {
        const match = listPattern.exec(lines[index]);
        if (!match) break;
        items.push(parseInline(match[1]));
        index += 1;
      }
      blocks.push({ kind: 'list', ordered: listPattern === NUMBERED, items });
      continue;
    }

    const paragraph: string[] = [];
    while (index < lines.length && lines[index].trim() !== '' && !startsOtherBlock(lines, index)) {
      paragraph.push(lines[index].trim());
      index += 1;
    }
    if (paragraph.length === 0) { paragraph.push(line.trim()); index += 1; }
    const inlines: Inline[] = [];
    paragraph.forEach((text, position) => {
      if (position > 0) inlines.push({ kind: 'break' });
      inlines.push(...parseInline(text));
    });
    blocks.push({ kind: 'paragraph', inlines });
  }
  return blocks;
}

function startsOtherBlock(lines: string[], index: number): boolean {
  const line = lines[index];
  return BULLET.test(line) || NUMBERED.test(line) || line.trim().startsWith('$$')
    || (TABLE_ROW.test(line) && index + 1 < lines.length && TABLE_RULE.test(lines[index + 1]));
}

function splitRow(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return trimmed.split('|').map((cell) => cell.trim());
}

/** Inline markup, scanned left to right; an unmatched marker is kept as literal text. */
export function parseInline(text: string): Inline[] {
  const result: Inline[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) { result.push({ kind: 'text', text: plain }); plain = ''; }
  };
  let position = 0;
  while (position < text.length) {
    const char = text[position];
    if (char === '\\' && position + 1 < text.length && '\\*_`$|'.includes(text[position + 1])) {
      plain += text[position + 1];
      position += 2;
      continue;
    }
    if (char === '$' && !/\s/.test(text[position + 1] ?? ' ')) {
      const end = findClosingDollar(text, position + 1);
      if (end > position + 1) {
        flush();
        result.push({ kind: 'math', tex: text.slice(position + 1, end) });
        position = end + 1;
        continue;
      }
    }
    if (char === '`') {
      const end = text.indexOf('`', position + 1);
      if (end > position) {
        flush();
        result.push({ kind: 'code', text: text.slice(position + 1, end) });
        position = end + 1;
        continue;
      }
    }
    if (text.startsWith('**', position)) {
      const end = text.indexOf('**', position + 2);
      if (end > position + 2) {
        flush();
        result.push({ kind: 'strong', children: parseInline(text.slice(position + 2, end)) });
        position = end + 2;
        continue;
      }
    }
    if ((char === '*' || char === '_') && text[position + 1] !== ' ') {
      const end = text.indexOf(char, position + 1);
      // Underscores inside words (file_name) are not emphasis.
      const wordInside = char === '_' && /\w/.test(text[position - 1] ?? '');
      if (end > position + 1 && !wordInside) {
        flush();
        result.push({ kind: 'emphasis', children: parseInline(text.slice(position + 1, end)) });
        position = end + 1;
        continue;
      }
    }
    plain += char;
    position += 1;
  }
  flush();
  return result;
}

/**
 * Pandoc's rule for inline TeX, so prices are not maths: the closing $ has no space before it and
 * no digit after it ("$5 and $10" stays text).
 */
function findClosingDollar(text: string, from: number): number {
  for (let position = from; position < text.length; position += 1) {
    if (text[position] === '\\') { position += 1; continue; }
    if (text[position] === '$' && !/\s/.test(text[position - 1]) && !/\d/.test(text[position + 1] ?? '')) {
      return position;
    }
  }
  return -1;
}
