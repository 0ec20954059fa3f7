import type { Block, Inline } from './stemMarkup';
import { texToSpeech } from './readableMaths';

/** The words of a parsed stem for read-aloud: maths spoken as words, tables row by row. */
export function inlinesToSpeech(inlines: Inline[]): string {
  return inlines.map((inline) => {
    switch (inline.kind) {
      case 'text': case 'code': return inline.text;
      case 'strong': case 'emphasis': return inlinesToSpeech(inline.children);
      case 'math': return ` ${texToSpeech(inline.tex)} `;
      case 'break': return '. ';
    }
  }).join('').replace(/\s+/g, ' ').replace(/ ([.,;:?!])/g, '$1').trim();
}

export function blocksToSpeech(blocks: Block[]): string {
  const sentences = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph': return inlinesToSpeech(block.inlines);
      case 'display-math': return texToSpeech(block.tex);
      case 'list': return block.items.map(inlinesToSpeech).join('. ');
      case 'table': return [block.header, ...block.rows]
        .map((row) => row.map(inlinesToSpeech).join(', ')).join('. ');
    }
  });
  return sentences.filter(Boolean).map((sentence) => sentence.replace(/[.]?$/, '.')).join(' ');
}
