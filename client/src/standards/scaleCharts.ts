/**
 * The standards manager's pictures as accessible SVG: the ITEM MAP (each item a mark at the θ
 * where a pupil has the response probability of success, one row per grade, the cut lines
 * drawn across) and the INFORMATION CURVES of an item (provisional beside estimated). Each has
 * a title and a description in words; the page puts a table of the same facts beside it.
 */
import type { ItemMapMark } from './standardsApi';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const THETA_MIN = -4;
const THETA_MAX = 4;

function thetaAxis(chart: SVGSVGElement, x: (t: number) => number, y0: number, left: number, right: number): void {
  chart.appendChild(svg('line', { x1: left, y1: y0, x2: right, y2: y0, stroke: '#1f2937', 'stroke-width': 1 }));
  for (let t = THETA_MIN; t <= THETA_MAX; t += 1) {
    chart.appendChild(svg('line', { x1: x(t), y1: y0, x2: x(t), y2: y0 + 4, stroke: '#1f2937' }));
    chart.appendChild(svg('text', { x: x(t), y: y0 + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#1f2937' }, String(t)));
  }
  chart.appendChild(svg('text', { x: (left + right) / 2, y: y0 + 30, 'text-anchor': 'middle', 'font-size': 12, fill: '#1f2937' }, 'ability θ'));
}

const clamp = (t: number): number => Math.min(THETA_MAX, Math.max(THETA_MIN, t));

export function itemMapChart(marks: readonly ItemMapMark[], grades: readonly string[], cuts: readonly { grade: string; theta: number | null }[], rp: number): SVGSVGElement {
  const rows = grades.slice(1);
  const width = 720;
  const left = 70;
  const right = width - 16;
  const rowHeight = 26;
  const top = 14;
  const axisY = top + rows.length * rowHeight + 8;
  const height = axisY + 40;
  const x = (t: number): number => left + ((clamp(t) - THETA_MIN) / (THETA_MAX - THETA_MIN)) * (right - left);
  const placed = marks.filter((m) => m.theta !== null);
  const cutText = cuts.map((c) => `grade ${c.grade} at θ = ${c.theta === null ? 'not set' : c.theta.toFixed(2)}`).join('; ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'item-map-title item-map-desc', class: 'item-map', focusable: 'false' });
  chart.appendChild(svg('title', { id: 'item-map-title' }, `Item map at response probability ${rp}`));
  chart.appendChild(svg('desc', { id: 'item-map-desc' },
    `${placed.length} items placed on the ability scale where a pupil succeeds with probability ${rp}, one row per grade they evidence. Cuts: ${cutText}. The table below lists the same items.`));
  rows.forEach((grade, r) => {
    const y = top + r * rowHeight + rowHeight / 2;
    chart.appendChild(svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#1f2937' }, `Grade ${grade}`));
    chart.appendChild(svg('line', { x1: left, y1: y, x2: right, y2: y, stroke: '#d1d5db', 'stroke-width': 1 }));
    for (const mark of placed.filter((m) => m.grades.includes(grade))) {
      const circle = svg('circle', { cx: x(mark.theta!), cy: y, r: 5, fill: mark.source === 'calibrated' ? '#1d4ed8' : '#ffffff', stroke: '#1d4ed8', 'stroke-width': 2 });
      circle.appendChild(svg('title', {}, `${mark.itemId}: θ ${mark.theta!.toFixed(2)} (${mark.source})`));
      chart.appendChild(circle);
    }
  });
  for (const cut of cuts) {
    if (cut.theta === null) continue;
    chart.appendChild(svg('line', { x1: x(cut.theta), y1: top - 6, x2: x(cut.theta), y2: axisY, stroke: '#b91c1c', 'stroke-width': 2, 'stroke-dasharray': '6 3' }));
    chart.appendChild(svg('text', { x: x(cut.theta) + 3, y: top + 2, 'font-size': 11, fill: '#b91c1c' }, cut.grade));
  }
  thetaAxis(chart, x, axisY, left, right);
  return chart;
}

/** Information curves over the run's θ grid: provisional (dashed) and estimated (solid). */
export function informationCurves(itemId: string, grid: readonly number[], provisional: readonly number[], estimate: readonly number[] | null): SVGSVGElement {
  const width = 420;
  const height = 210;
  const left = 44;
  const right = width - 12;
  const top = 12;
  const axisY = height - 44;
  const maxInfo = Math.max(0.1, ...provisional, ...(estimate ?? []));
  const x = (t: number): number => left + ((t - grid[0]) / (grid[grid.length - 1] - grid[0])) * (right - left);
  const y = (v: number): number => axisY - (v / maxInfo) * (axisY - top);
  const peak = (values: readonly number[]): string => {
    const i = values.indexOf(Math.max(...values));
    return `peaks at θ = ${grid[i].toFixed(2)} (information ${values[i].toFixed(2)})`;
  };
  const id = `info-${itemId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'information-curves', focusable: 'false' });
  chart.appendChild(svg('title', { id: `${id}-title` }, `Information curves of ${itemId}`));
  chart.appendChild(svg('desc', { id: `${id}-desc` },
    `Provisional parameters: ${peak(provisional)}.${estimate ? ` Estimated parameters: ${peak(estimate)}.` : ' Not estimated.'}`));
  chart.appendChild(svg('line', { x1: left, y1: top, x2: left, y2: axisY, stroke: '#1f2937' }));
  chart.appendChild(svg('text', { x: left - 6, y: top + 8, 'text-anchor': 'end', 'font-size': 11, fill: '#1f2937' }, maxInfo.toFixed(2)));
  chart.appendChild(svg('text', { x: left - 6, y: axisY, 'text-anchor': 'end', 'font-size': 11, fill: '#1f2937' }, '0'));
  const path = (values: readonly number[]): string => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(grid[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  chart.appendChild(svg('path', { d: path(provisional), fill: 'none', stroke: '#6b7280', 'stroke-width': 2, 'stroke-dasharray': '6 4' }));
  if (estimate) chart.appendChild(svg('path', { d: path(estimate), fill: 'none', stroke: '#1d4ed8', 'stroke-width': 2.5 }));
  chart.appendChild(svg('line', { x1: left, y1: axisY, x2: right, y2: axisY, stroke: '#1f2937' }));
  for (const t of [-4, -2, 0, 2, 4]) chart.appendChild(svg('text', { x: x(t), y: axisY + 14, 'text-anchor': 'middle', 'font-size': 11, fill: '#1f2937' }, String(t)));
  chart.appendChild(svg('text', { x: (left + right) / 2, y: axisY + 28, 'text-anchor': 'middle', 'font-size': 12, fill: '#1f2937' }, 'ability θ'));
  chart.appendChild(svg('text', { x: left + 4, y: height - 4, 'font-size': 11, fill: '#374151' }, 'dashed: provisional · solid: estimated'));
  return chart;
}
