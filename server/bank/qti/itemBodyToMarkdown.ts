/**
 * QTI item-body XHTML → the stem Markdown subset the player renders (client/src/shared/
 * stemMarkup.ts: paragraphs, line breaks, lists, pipe tables, bold, italic, code, $maths$,
 * $$display maths$$). Elements that would lose meaning (media, scripts, forms, QTI features
 * Waymark does not have) are refused by name instead of being dropped.
 */
import { MathmlError, mathmlToLatex } from './mathmlToLatex';
import { childElements, textContent, type XmlElement, type XmlNode } from './xmlTree';

export class ItemBodyError extends Error {}

/** Wrappers whose content is kept as it is (their own formatting has no Markdown equivalent). */
const TRANSPARENT_INLINE = new Set(['span', 'label', 'abbr', 'acronym', 'small', 'big', 'q', 'cite', 'dfn', 'kbd', 'samp', 'var', 'a', 'u', 's', 'mark', 'bdi', 'bdo', 'tt', 'ins', 'del']);
const TRANSPARENT_BLOCK = new Set(['div', 'section', 'article', 'header', 'footer', 'blockquote', 'figure', 'figcaption', 'aside', 'address', 'hr']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCKS = new Set(['p', 'ul', 'ol', 'table', 'pre', ...TRANSPARENT_BLOCK, ...HEADINGS]);

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_`$]/g, (char) => `\\${char}`);
}

function isDisplayMath(node: XmlNode): boolean {
  return typeof node !== 'string' && node.name === 'math' && node.attributes.display === 'block';
}

function latexOf(math: XmlElement): string {
  try {
    return mathmlToLatex(math);
  } catch (error) {
    if (error instanceof MathmlError) throw new ItemBodyError(error.message);
    throw error;
  }
}

/** Inline content → one Markdown line (whitespace collapsed as a browser would). */
export function inlineMarkdown(nodes: readonly XmlNode[]): string {
  const pieces = nodes.map((node): string => {
    if (typeof node === 'string') return escapeMarkdown(node.replace(/\s+/g, ' '));
    switch (node.name) {
      case 'strong':
      case 'b': {
        const inner = inlineMarkdown(node.children).trim();
        return inner ? `**${inner}**` : '';
      }
      case 'em':
      case 'i': {
        const inner = inlineMarkdown(node.children).trim();
        return inner ? `*${inner}*` : '';
      }
      case 'code':
        return `\`${textContent(node).replace(/`/g, "'")}\``;
      case 'br':
        return '\n';
      case 'math':
        return node.attributes.display === 'block' ? `$$${latexOf(node)}$$` : `$${latexOf(node)}$`;
      case 'sup':
        return `$^{${textContent(node).trim()}}$`;
      case 'sub':
        return `$_{${textContent(node).trim()}}$`;
      default:
        if (TRANSPARENT_INLINE.has(node.name)) return inlineMarkdown(node.children);
        throw new ItemBodyError(`the element <${node.name}> cannot be imported into a Waymark question`);
    }
  });
  return pieces.join('').split('\n').map((line) => line.trim()).join('\n').trim();
}

function tableMarkdown(table: XmlElement): string {
  const rows = [...childElements(table, 'tr'), ...['thead', 'tbody', 'tfoot'].flatMap((section) => childElements(table, section).flatMap((s) => childElements(s, 'tr')))];
  const unknown = childElements(table).find((child) => !['tr', 'thead', 'tbody', 'tfoot', 'caption', 'colgroup', 'col'].includes(child.name));
  if (unknown) throw new ItemBodyError(`the element <${unknown.name}> inside a table cannot be imported`);
  if (rows.length === 0) return '';
  const cells = rows.map((row) => childElements(row).filter((cell) => cell.name === 'td' || cell.name === 'th')
    .map((cell) => inlineMarkdown(cell.children).replace(/\n/g, ' ').replace(/\|/g, '\\|')));
  const width = Math.max(...cells.map((row) => row.length));
  const line = (row: string[]): string => `| ${Array.from({ length: width }, (_, i) => row[i] ?? '').join(' | ')} |`;
  return [line(cells[0]), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

function listMarkdown(list: XmlElement): string {
  return childElements(list).map((item, index) => {
    if (item.name !== 'li') throw new ItemBodyError(`the element <${item.name}> inside a list cannot be imported`);
    const text = blocksMarkdown(item.children).replace(/\n+/g, ' ');
    return list.name === 'ol' ? `${index + 1}. ${text}` : `- ${text}`;
  }).join('\n');
}

/** Flow content (blocks, or inline runs between blocks) → Markdown blocks separated by blank lines. */
export function blocksMarkdown(nodes: readonly XmlNode[]): string {
  const blocks: string[] = [];
  let run: XmlNode[] = [];
  const flush = (): void => {
    const text = inlineMarkdown(run);
    if (text) blocks.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (typeof node === 'string' || (!BLOCKS.has(node.name) && !isDisplayMath(node))) {
      run.push(node);
      continue;
    }
    flush();
    if (isDisplayMath(node)) blocks.push(`$$${latexOf(node as XmlElement)}$$`);
    else if (node.name === 'p') {
      const only = node.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
      const text = only.length === 1 && isDisplayMath(only[0]) ? `$$${latexOf(only[0] as XmlElement)}$$` : inlineMarkdown(node.children);
      if (text) blocks.push(text);
    } else if (node.name === 'ul' || node.name === 'ol') blocks.push(listMarkdown(node));
    else if (node.name === 'table') blocks.push(tableMarkdown(node));
    else if (node.name === 'pre') blocks.push(`\`${textContent(node).trim().replace(/`/g, "'").replace(/\s*\n\s*/g, ' ')}\``);
    else if (HEADINGS.has(node.name)) {
      const text = inlineMarkdown(node.children);
      if (text) blocks.push(`**${text}**`);
    } else if (node.name !== 'hr') {
      const inner = blocksMarkdown(node.children);
      if (inner) blocks.push(inner);
    }
  }
  flush();
  return blocks.filter((b) => b.trim() !== '').join('\n\n');
}
