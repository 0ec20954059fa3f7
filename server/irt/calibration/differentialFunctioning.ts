/**
 * Differential item functioning between a reference and a focal group by the Mantel–Haenszel
 * procedure (Holland & Thayer 1988), with the ETS A/B/C classification (Zieky 1993; Dorans &
 * Holland 1993). Dichotomous items; examinees matched on total score (or on strata given).
 */

export type DifClass = 'A' | 'B' | 'C';

export interface MantelHaenszelResult {
  item: number;
  /** Common odds ratio α_MH (reference vs focal odds of success). */
  alpha: number;
  /** MH D-DIF = −2.35·ln α_MH (ETS delta metric; negative: the item favours the reference group). */
  deltaDif: number;
  /** SE of MH D-DIF: 2.35 × the Robins–Breslow–Greenland (1986) SE of ln α_MH. */
  se: number;
  /** MH chi-square with continuity correction (1 df) and its p-value. */
  chiSquare: number;
  p: number;
  classification: DifClass;
  /** Examinees (reference, focal) who answered the item. */
  reference: number;
  focal: number;
}

export interface MantelHaenszelInput {
  /** Rows of 0/1 (null = not presented). */
  responses: readonly (readonly (number | null)[])[];
  /** Per row: 'reference' or 'focal' (anything else is left out). */
  groups: readonly string[];
  /** Per row matching stratum; default the row's total score (needs complete rows). */
  strata?: readonly number[];
}

/** Upper tail of χ²(1): P(X > x) = erfc(√(x/2)). */
function chiSquareOneTail(x: number): number {
  return erfc(Math.sqrt(x / 2));
}

/** erfc by the Numerical Recipes Chebyshev fit (|relative error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** ETS rule: C if |D| ≥ 1.5 and |D| is significantly above 1; A if |D| < 1 or not significant (χ² p ≥ .05); else B. */
export function etsClass(deltaDif: number, se: number, p: number): DifClass {
  const size = Math.abs(deltaDif);
  if (size < 1 || p >= 0.05) return 'A';
  if (size >= 1.5 && (size - 1) / se > 1.645) return 'C';
  return 'B';
}

export function mantelHaenszel(input: MantelHaenszelInput): MantelHaenszelResult[] {
  const { responses, groups } = input;
  if (responses.length !== groups.length) throw new RangeError('responses and groups differ in length');
  if (input.strata && input.strata.length !== responses.length) throw new RangeError('strata and responses differ in length');
  const items = responses.length > 0 ? responses[0].length : 0;
  const strata = responses.map((row, p) => {
    if (input.strata) return input.strata[p];
    let total = 0;
    for (let j = 0; j < row.length; j++) {
      const x = row[j];
      if (x === null) throw new RangeError(`row ${p} has a missing response: give strata (e.g. binned ability) for sparse data`);
      total += x;
    }
    return total;
  });
  const results: MantelHaenszelResult[] = [];
  for (let j = 0; j < items; j++) {
    // Per stratum: A = reference right, B = reference wrong, C = focal right, D = focal wrong.
    const tables = new Map<number, [number, number, number, number]>();
    let reference = 0;
    let focal = 0;
    for (let p = 0; p < responses.length; p++) {
      const x = responses[p][j];
      if (x === null || (groups[p] !== 'reference' && groups[p] !== 'focal')) continue;
      if (x !== 0 && x !== 1) throw new RangeError(`response [${p}][${j}] must be 0, 1 or null`);
      const table = tables.get(strata[p]) ?? [0, 0, 0, 0];
      const cell = (groups[p] === 'reference' ? 0 : 2) + (x === 1 ? 0 : 1);
      table[cell] += 1;
      tables.set(strata[p], table);
      if (groups[p] === 'reference') reference += 1;
      else focal += 1;
    }
    let numerator = 0;
    let denominator = 0;
    let sumA = 0;
    let expectedA = 0;
    let varianceA = 0;
    // Robins–Breslow–Greenland variance pieces.
    let pr = 0;
    let ps = 0;
    let qs = 0;
    for (const [A, B, C, D] of tables.values()) {
      const N = A + B + C + D;
      if (N < 2 || A + B === 0 || C + D === 0) continue;
      const R = (A * D) / N;
      const S = (B * C) / N;
      const P = (A + D) / N;
      const Qv = (B + C) / N;
      numerator += R;
      denominator += S;
      pr += P * R;
      ps += P * S + Qv * R;
      qs += Qv * S;
      sumA += A;
      expectedA += ((A + B) * (A + C)) / N;
      varianceA += ((A + B) * (C + D) * (A + C) * (B + D)) / (N * N * (N - 1));
    }
    const alpha = numerator / denominator;
    const logVariance = pr / (2 * numerator * numerator) + ps / (2 * numerator * denominator) + qs / (2 * denominator * denominator);
    const deltaDif = -2.35 * Math.log(alpha);
    const se = 2.35 * Math.sqrt(logVariance);
    const chiSquare = varianceA > 0 ? Math.max(0, Math.abs(sumA - expectedA) - 0.5) ** 2 / varianceA : 0;
    const p = chiSquareOneTail(chiSquare);
    const usable = Number.isFinite(deltaDif) && Number.isFinite(se);
    results.push({
      item: j,
      alpha,
      deltaDif,
      se,
      chiSquare,
      p,
      classification: usable ? etsClass(deltaDif, se, p) : 'A',
      reference,
      focal,
    });
  }
  return results;
}
