/**
 * Drift monitoring: a live item's parameters re-estimated on recent data (on the same scale,
 * e.g. by fixed-anchor calibration) are compared with its published ones. A parameter has
 * drifted when |new − old| > z·√(se_old² + se_new²) (a Wald test treating the two calibrations
 * as independent samples; z = 1.96 by default, two-sided 5%).
 */

export interface ParameterWithError {
  value: number;
  se: number | null;
}

export interface DriftCheck {
  parameter: string;
  previous: number;
  current: number;
  /** (current − previous) / √(se_prev² + se_cur²); null when no SE is known. */
  z: number | null;
  drifted: boolean;
}

export function parameterDrift(
  previous: Readonly<Record<string, ParameterWithError>>,
  current: Readonly<Record<string, ParameterWithError>>,
  critical = 1.96,
): DriftCheck[] {
  if (!(critical > 0)) throw new RangeError('critical value must be > 0');
  const checks: DriftCheck[] = [];
  for (const parameter of Object.keys(previous)) {
    const before = previous[parameter];
    const after = current[parameter];
    if (!after) continue;
    const seBefore = before.se ?? 0;
    const seAfter = after.se ?? 0;
    const scale = Math.sqrt(seBefore * seBefore + seAfter * seAfter);
    // Without any standard error there is no yardstick: report the change, flag nothing.
    const z = scale > 0 ? (after.value - before.value) / scale : null;
    checks.push({ parameter, previous: before.value, current: after.value, z, drifted: z !== null && Math.abs(z) > critical });
  }
  return checks;
}
