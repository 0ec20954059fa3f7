import katex from 'katex';

/**
 * The typesetter bundle (client/dist/maths.js), loaded by the player only for a stem whose TeX
 * the light Unicode renderer cannot show. It hands the page one function; trust is off, so
 * item TeX cannot produce links, classes, styles or raw HTML.
 */
export type Typeset = (tex: string, displayMode: boolean) => string;

(window as unknown as { waymarkTypeset: Typeset }).waymarkTypeset = (tex, displayMode) => katex.renderToString(tex, {
  displayMode,
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  maxSize: 20,
  maxExpand: 500,
});
