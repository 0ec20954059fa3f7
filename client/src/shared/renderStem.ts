import { el } from './element';
import { parseStem, type Block, type Inline } from './stemMarkup';
import { needsTypesetting, texToParts, texToSpeech, texToText, type MathPart } from './readableMaths';
import { typesetLater } from './typeset';

/** Builds the stem's elements from its parsed markup; item text only ever becomes text nodes. */
export function renderInlines(inlines: Inline[]): Node[] {
  return inlines.map((inline): Node => {
    switch (inline.kind) {
      case 'text': return document.createTextNode(inline.text);
      case 'strong': return el('strong', {}, ...renderInlines(inline.children));
      case 'emphasis': return el('em', {}, ...renderInlines(inline.children));
      case 'code': return el('code', {}, inline.text);
      case 'math': return mathElement(inline.tex, 'span');
      case 'break': return el('br');
    }
  });
}

/**
 * Fractions are stacked (numerator over a rule over denominator) with CSS; everything else is
 * Unicode text. Screen readers get the spoken form from the aria-label; the fraction's visual
 * parts carry the slash as hidden text so copying the question still gives "3/4".
 */
function mathNodes(parts: MathPart[]): Node[] {
  return parts.map((part) => part.kind === 'text'
    ? document.createTextNode(part.text.replace(/^\s+|\s+$/g, ' '))
    : el('span', { class: 'fraction' },
      el('span', { class: 'numerator' }, ...mathNodes(part.numerator)),
      el('span', { class: 'fraction-slash' }, '/'),
      el('span', { class: 'denominator' }, ...mathNodes(part.denominator))));
}

function mathElement(tex: string, tag: 'span' | 'div'): HTMLElement {
  const parts = texToParts(tex);
  const simple = parts.every((part) => part.kind === 'text');
  const element = el(tag, { class: tag === 'div' ? 'math math-display' : 'math', role: 'math', 'aria-label': texToSpeech(tex) },
    ...(simple ? [texToText(tex)] : mathNodes(parts)));
  if (needsTypesetting(tex)) typesetLater(element, tex, tag === 'div');
  return element;
}

export function renderBlocks(blocks: Block[]): HTMLElement[] {
  return blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph': return el('p', {}, ...renderInlines(block.inlines));
      case 'display-math': return mathElement(block.tex, 'div');
      case 'list': return el(block.ordered ? 'ol' : 'ul', {},
        ...block.items.map((item) => el('li', {}, ...renderInlines(item))));
      case 'table': return el('div', { class: 'table-scroll' },
        el('table', {},
          el('thead', {}, el('tr', {}, ...block.header.map((cell) => el('th', { scope: 'col' }, ...renderInlines(cell))))),
          el('tbody', {}, ...block.rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, ...renderInlines(cell)))))),
        ));
    }
  });
}

export function renderStem(source: string): HTMLElement[] {
  return renderBlocks(parseStem(source));
}
