/**
 * The progress picture: credits banked against the credits required, as a bar, and every
 * module of the qualification as a tile (banked, sat but not passed, not yet sat). An SVG with
 * role="img", a title and a description that say the same in words (WCAG 1.1.1); the page also
 * lists the modules as text beside it. Colours come from the page's scheme (CSS classes), and
 * states are told apart by shape and label as well as colour (WCAG 1.4.1).
 */
import type { Progress } from './qualificationTypes';
import { svg } from '../shared/svgElement';

const WIDTH = 640;
const BAR_Y = 34;
const BAR_HEIGHT = 28;
const TILE_Y = 100;
const TILE_SIZE = 64;

const STATE_WORDS = { banked: 'banked', attempted: 'sat, not yet passed', 'not-attempted': 'not yet sat' } as const;

export function progressDescription(progress: Progress): string {
  const required = progress.requiredCredits ?? progress.balance;
  const byState = (state: keyof typeof STATE_WORDS) => progress.modules.filter((m) => m.status === state).map((m) => m.title);
  const parts = [`${progress.balance} of ${required} credits banked.`];
  for (const state of ['banked', 'attempted', 'not-attempted'] as const) {
    const titles = byState(state);
    if (titles.length > 0) parts.push(`${titles.length} ${titles.length === 1 ? 'module' : 'modules'} ${STATE_WORDS[state]}: ${titles.join(', ')}.`);
  }
  parts.push(progress.met ? 'The qualification rules are met.' : 'The qualification rules are not met yet.');
  return parts.join(' ');
}

export function progressPicture(progress: Progress): SVGSVGElement {
  const required = Math.max(progress.requiredCredits ?? 0, progress.balance, 1);
  const perRow = Math.max(1, Math.min(progress.modules.length, Math.floor(WIDTH / (TILE_SIZE + 16))));
  const rows = Math.ceil(progress.modules.length / perRow);
  const height = TILE_Y + rows * (TILE_SIZE + 40);
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': 'progress-picture-title progress-picture-desc', class: 'progress-picture', focusable: 'false' });
  root.append(
    svg('title', { id: 'progress-picture-title' }, `Progress toward ${progress.qualification.title}`),
    svg('desc', { id: 'progress-picture-desc' }, progressDescription(progress)),
  );
  const bar = svg('g', { 'aria-hidden': 'true' });
  const filled = (Math.min(progress.balance, required) / required) * WIDTH;
  bar.append(
    svg('text', { x: 0, y: 22, class: 'picture-label' }, `Credits: ${progress.balance} of ${required}`),
    svg('rect', { x: 1, y: BAR_Y, width: WIDTH - 2, height: BAR_HEIGHT, rx: 4, class: 'bar-track' }),
    svg('rect', { x: 1, y: BAR_Y, width: Math.max(0, filled - 2), height: BAR_HEIGHT, rx: 4, class: 'bar-fill' }),
  );
  root.append(bar);

  const tiles = svg('g', { 'aria-hidden': 'true' });
  progress.modules.forEach((module, i) => {
    const x = (i % perRow) * (TILE_SIZE + 16) + 8;
    const y = TILE_Y + Math.floor(i / perRow) * (TILE_SIZE + 40);
    const tile = svg('g', { class: `tile tile-${module.status}` });
    tile.append(svg('rect', { x, y, width: TILE_SIZE, height: TILE_SIZE, rx: 8, class: 'tile-box' }));
    // A tick for banked, a dash for sat-not-passed, nothing for not sat: shape as well as colour.
    if (module.status === 'banked') tile.append(svg('path', { d: `M${x + 16} ${y + 34} l10 10 l22 -24`, class: 'tile-mark' }));
    if (module.status === 'attempted') tile.append(svg('path', { d: `M${x + 18} ${y + 32} h28`, class: 'tile-mark' }));
    tile.append(
      svg('text', { x: x + TILE_SIZE / 2, y: y + TILE_SIZE + 16, 'text-anchor': 'middle', class: 'picture-label small' }, module.moduleId),
      svg('text', { x: x + TILE_SIZE / 2, y: y + TILE_SIZE + 32, 'text-anchor': 'middle', class: 'picture-label small' }, module.banked ? `grade ${module.banked.grade}` : `${module.credits} cr`),
    );
    tiles.append(tile);
  });
  root.append(tiles);
  return root;
}
