/**
 * Stem Markdown → QTI item-body XHTML, read with the player's own parser
 * (client/src/shared/stemMarkup.ts) so export shows exactly what a pupil sees. LaTeX becomes
 * MathML by KaTeX with the TeX kept as an annotation: any QTI player can show the maths, and our
 * import reads the TeX back unchanged.
 */
import katex from 'katex';
import { parseInline, parseStem, type Block, type Inline } from '../../../client/src/shared/stemMarkup';
import { element, readXml, type XmlElement, type XmlNode } from './xmlTree';

export const MATHML_NAMESPACE = 'http://www.w3.org/1998/Math/MathML';

export function latexToMathml(tex: string, display: boolean): XmlElement {
  const markup = katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: false });
  const read = readXml(markup);
  const math = read.ok ? read.root.children.find((child): child is XmlElement => typeof child !== 'string' && child.name === 'math') : undefined;
  if (!math) {
    // KaTeX could not typeset it: keep the TeX as the annotation so nothing is lost.
    return element('math', { xmlns: MATHML_NAMESPACE, display: display ? 'block' : undefined }, [
      element('semantics', {}, [element('mtext', {}, [tex]), element('annotation', { encoding: 'application/x-tex' }, [tex])]),
    ]);
  }
  return { ...math, attributes: { ...math.attributes, xmlns: MATHML_NAMESPACE } };
}

function inlineNodes(inlines: readonly Inline[]): XmlNode[] {
  return inlines.map((inline): XmlNode => {
    switch (inline.kind) {
      case 'text':
        return inline.text;
      case 'strong':
        return element('strong', {}, inlineNodes(inline.children));
      case 'emphasis':
        return element('em', {}, inlineNodes(inline.children));
      case 'code':
        return element('code', {}, [inline.text]);
      case 'math':
        return latexToMathml(inline.tex, false);
      case 'break':
        return element('br');
    }
  });
}

function blockNode(block: Block): XmlElement {
  switch (block.kind) {
    case 'paragraph':
      return element('p', {}, inlineNodes(block.inlines));
    case 'list':
      return element(block.ordered ? 'ol' : 'ul', {}, block.items.map((item) => element('li', {}, inlineNodes(item))));
    case 'table':
      return element('table', {}, [
        element('thead', {}, [element('tr', {}, block.header.map((cell) => element('th', {}, inlineNodes(cell))))]),
        element('tbody', {}, block.rows.map((row) => element('tr', {}, row.map((cell) => element('td', {}, inlineNodes(cell)))))),
      ]);
    case 'display-math':
      return element('p', {}, [latexToMathml(block.tex, true)]);
  }
}

/** A stem's blocks as item-body elements. */
export function markdownBlocks(markdown: string): XmlElement[] {
  return parseStem(markdown).map(blockNode);
}

/** One line of Markdown (an option, a prompt) as inline content. */
export function markdownInline(markdown: string): XmlNode[] {
  return inlineNodes(parseInline(markdown));
}
