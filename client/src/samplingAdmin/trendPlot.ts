import { el } from '../shared/element';

export interface SeriesPoint {
  cycle: string;
  estimate: number;
  se: number;
}

const SVG = 'http://www.w3.org/2000/svg';
const Z_95 = 1.959963984540054;

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The national series with 95% intervals as an SVG (role="img", titled and described) plus the
 * same figures as a table, so the plot is never the only way to read them (WCAG 1.1.1, 1.4.1).
 */
export function trendPlot(series: readonly SeriesPoint[], scaleName: string): HTMLElement {
  const width = 560;
  const height = 240;
  const pad = { left: 56, right: 16, top: 16, bottom: 40 };
  const lows = series.map((p) => p.estimate - Z_95 * p.se);
  const highs = series.map((p) => p.estimate + Z_95 * p.se);
  const min = Math.floor(Math.min(...lows) - 1);
  const max = Math.ceil(Math.max(...highs) + 1);
  const x = (i: number): number => pad.left + (series.length === 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (series.length - 1));
  const y = (v: number): number => pad.top + ((max - v) * (height - pad.top - pad.bottom)) / (max - min || 1);
  const titleId = 'trend-title';
  const descId = 'trend-desc';
  const plot = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'trend-plot', width: '100%' });
  plot.append(
    svg('title', { id: titleId }, `National mean ${scaleName} score by cycle`),
    svg('desc', { id: descId }, series.map((p, i) => `${p.cycle}: ${p.estimate.toFixed(1)} (95% interval ${lows[i].toFixed(1)} to ${highs[i].toFixed(1)})`).join('; ')),
    svg('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, stroke: 'currentColor' }),
    svg('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, stroke: 'currentColor' }),
    svg('text', { x: pad.left - 8, y: y(max) + 4, 'text-anchor': 'end', 'font-size': 12, fill: 'currentColor' }, String(max)),
    svg('text', { x: pad.left - 8, y: y(min) + 4, 'text-anchor': 'end', 'font-size': 12, fill: 'currentColor' }, String(min)),
  );
  if (series.length > 1) {
    plot.append(svg('polyline', { points: series.map((p, i) => `${x(i)},${y(p.estimate)}`).join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }));
  }
  series.forEach((p, i) => {
    plot.append(
      svg('line', { x1: x(i), y1: y(highs[i]), x2: x(i), y2: y(lows[i]), stroke: 'currentColor', 'stroke-width': 2 }),
      svg('circle', { cx: x(i), cy: y(p.estimate), r: 5, fill: 'currentColor' }),
      svg('text', { x: x(i), y: height - pad.bottom + 18, 'text-anchor': 'middle', 'font-size': 12, fill: 'currentColor' }, p.cycle),
    );
  });
  const table = el('table', { class: 'live-table' },
    el('caption', {}, 'National mean by cycle (table of the plot)'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Cycle'), el('th', { scope: 'col' }, 'Mean'), el('th', { scope: 'col' }, 'SE'), el('th', { scope: 'col' }, '95% interval'))),
    el('tbody', {}, ...series.map((p, i) => el('tr', {},
      el('th', { scope: 'row' }, p.cycle), el('td', {}, p.estimate.toFixed(1)), el('td', {}, p.se.toFixed(2)), el('td', {}, `${lows[i].toFixed(1)} to ${highs[i].toFixed(1)}`)))),
  );
  const figure = el('figure', { class: 'trend' });
  figure.append(plot as unknown as Node, el('figcaption', {}, 'Dots: national mean; bars: 95% confidence intervals.'), table);
  return figure;
}
