/**
 * An item's Fisher information across θ, for the authoring screen's curve. The item is compiled
 * exactly as a module compiles it (assessment/adaptiveEngine.ts) so the curve is the
 * information the adaptive engine will use when choosing it (server/irt/information.ts:
 * Lord 1980 for dichotomous models, Samejima 1969 / Muraki 1993 for GRM / GPCM).
 */
import { compileModuleBank, type ItemParameters } from '../assessment/adaptiveEngine';
import { itemInformation } from '../irt/information';

export interface InformationPoint {
  theta: number;
  information: number;
}

export interface InformationCurve {
  points: InformationPoint[];
  /** θ of the largest information among the points, and that information. */
  peak: InformationPoint;
}

/** θ from −4 to 4 in steps of 0.1: the range the reporting scales cover, fine enough to draw. */
export function informationCurve(parameters: ItemParameters, from = -4, to = 4, step = 0.1): InformationCurve {
  const bank = compileModuleBank([{ id: 'item', parameters, criteria: [] }]);
  const points: InformationPoint[] = [];
  const count = Math.round((to - from) / step);
  for (let k = 0; k <= count; k++) {
    const theta = Math.round((from + k * step) * 1000) / 1000;
    points.push({ theta, information: itemInformation(bank, 0, theta) });
  }
  const peak = points.reduce((best, p) => (p.information > best.information ? p : best), points[0] as InformationPoint);
  return { points, peak };
}
