/**
 * The item information curve as an accessible SVG: a line over θ from −4 to 4 with labelled
 * axes, named by a title and described in words (where it peaks) for screen readers.
 */
import type { InformationCurve } from './bankApi';
import { svg } from '../shared/svgElement';

export function describeCurve(curve: InformationCurve): string {
  const { theta, information } = curve.peak;
  const where = theta < -1 ? 'weaker pupils' : theta > 1 ? 'stronger pupils' : 'pupils near the middle of the scale';
  return `The item tells us most about ${where}: its information peaks at ability θ = ${theta.toFixed(1)} with information ${information.toFixed(2)}.`;
}

export function informationChart(curve: InformationCurve, idPrefix: string): SVGSVGElement {
  const width = 360;
  const height = 200;
  const left = 44;
  const bottom = 32;
  const top = 12;
  const right = 12;
  const xs = curve.points.map((p) => p.theta);
  const maxInfo = Math.max(0.1, ...curve.points.map((p) => p.information));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const x = (theta: number): number => left + ((theta - minX) / (maxX - minX)) * (width - left - right);
  const y = (info: number): number => height - bottom - (info / maxInfo) * (height - bottom - top);
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'information-chart', focusable: 'false' });
  chart.appendChild(svg('title', { id: titleId }, 'Item information curve'));
  chart.appendChild(svg('desc', { id: descId }, describeCurve(curve)));
  chart.appendChild(svg('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: 'axis' }));
  chart.appendChild(svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, class: 'axis' }));
  for (const tick of [-4, -2, 0, 2, 4]) {
    chart.appendChild(svg('line', { x1: x(tick), y1: height - bottom, x2: x(tick), y2: height - bottom + 4, class: 'axis' }));
    chart.appendChild(svg('text', { x: x(tick), y: height - bottom + 16, 'text-anchor': 'middle', class: 'tick' }, String(tick)));
  }
  chart.appendChild(svg('text', { x: (left + width - right) / 2, y: height - 2, 'text-anchor': 'middle', class: 'axis-label' }, 'ability θ'));
  chart.appendChild(svg('text', { x: left - 6, y: y(maxInfo) + 4, 'text-anchor': 'end', class: 'tick' }, maxInfo.toFixed(2)));
  chart.appendChild(svg('text', { x: left - 6, y: height - bottom + 4, 'text-anchor': 'end', class: 'tick' }, '0'));
  const d = curve.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.theta).toFixed(1)},${y(p.information).toFixed(1)}`).join(' ');
  chart.appendChild(svg('path', { d, class: 'curve', fill: 'none' }));
  return chart;
}
