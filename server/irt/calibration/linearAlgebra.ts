/** Small dense linear algebra for calibration (parameter counts in the tens to hundreds). */

/**
 * Cholesky factorisation of a symmetric matrix (row-major n×n) in place into its lower
 * triangle; returns false when the matrix is not positive definite.
 */
export function choleskyInPlace(matrix: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = matrix[j * n + j];
    for (let k = 0; k < j; k++) diagonal -= matrix[j * n + k] * matrix[j * n + k];
    if (!(diagonal > 0) || !Number.isFinite(diagonal)) return false;
    const root = Math.sqrt(diagonal);
    matrix[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j];
      for (let k = 0; k < j; k++) sum -= matrix[i * n + k] * matrix[j * n + k];
      matrix[i * n + j] = sum / root;
    }
  }
  return true;
}

/** Solve L·Lᵀ·x = b given the Cholesky factor from choleskyInPlace; b is overwritten by x. */
export function choleskySolve(factor: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= factor[i * n + k] * b[k];
    b[i] = sum / factor[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i] * b[k];
    b[i] = sum / factor[i * n + i];
  }
}

/** Inverse of a symmetric positive definite matrix, or null when it is not positive definite. */
export function invertPositiveDefinite(matrix: Float64Array, n: number): Float64Array | null {
  const factor = Float64Array.from(matrix);
  if (!choleskyInPlace(factor, n)) return null;
  const inverse = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    column.fill(0);
    column[j] = 1;
    choleskySolve(factor, n, column);
    for (let i = 0; i < n; i++) inverse[i * n + j] = column[i];
  }
  return inverse;
}

/**
 * Maximise a smooth function of a few variables by Newton's method with finite-difference
 * derivatives, Levenberg damping when the Hessian is not negative definite, and step halving
 * so the function never decreases. Returns the number of iterations used.
 */
export function maximiseNewton(f: (x: Float64Array) => number, x: Float64Array, maxIterations: number, stepTolerance = 1e-9): number {
  const n = x.length;
  const gradient = new Float64Array(n);
  const negativeHessian = new Float64Array(n * n);
  const damped = new Float64Array(n * n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const h = new Float64Array(n);
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    const f0 = f(x);
    if (!Number.isFinite(f0)) return iteration;
    finiteDifferenceDerivatives(f, x, f0, h, gradient, negativeHessian);
    let lambda = 0;
    let solved = false;
    let maxDiagonal = 0;
    for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(negativeHessian[i * n + i]));
    for (let attempt = 0; attempt < 30 && !solved; attempt++) {
      damped.set(negativeHessian);
      for (let i = 0; i < n; i++) damped[i * n + i] += lambda;
      if (choleskyInPlace(damped, n)) {
        step.set(gradient);
        choleskySolve(damped, n, step);
        solved = true;
      } else {
        lambda = lambda === 0 ? 1e-6 * Math.max(1, maxDiagonal) : lambda * 10;
      }
    }
    if (!solved) return iteration;
    let t = 1;
    let improved = false;
    for (let halving = 0; halving < 40; halving++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + t * step[i];
      const value = f(trial);
      if (Number.isFinite(value) && value >= f0) {
        improved = true;
        break;
      }
      t *= 0.5;
    }
    if (!improved) return iteration;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      largest = Math.max(largest, Math.abs(trial[i] - x[i]));
      x[i] = trial[i];
    }
    if (largest < stepTolerance) return iteration + 1;
  }
  return iteration;
}

/**
 * Central-difference gradient and negative Hessian of f at x (f0 = f(x)); steps
 * h_i = 1e-4·max(1, |x_i|) balance O(h²) truncation against round-off/h².
 */
export function finiteDifferenceDerivatives(
  f: (x: Float64Array) => number,
  x: Float64Array,
  f0: number,
  h: Float64Array,
  gradient: Float64Array,
  negativeHessian: Float64Array,
): void {
  const n = x.length;
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const point = Float64Array.from(x);
  for (let i = 0; i < n; i++) h[i] = 1e-4 * Math.max(1, Math.abs(x[i]));
  for (let i = 0; i < n; i++) {
    point[i] = x[i] + h[i];
    plus[i] = f(point);
    point[i] = x[i] - h[i];
    minus[i] = f(point);
    point[i] = x[i];
    gradient[i] = (plus[i] - minus[i]) / (2 * h[i]);
    negativeHessian[i * n + i] = -(plus[i] - 2 * f0 + minus[i]) / (h[i] * h[i]);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      point[i] = x[i] + h[i];
      point[j] = x[j] + h[j];
      const pp = f(point);
      point[j] = x[j] - h[j];
      const pm = f(point);
      point[i] = x[i] - h[i];
      const mm = f(point);
      point[j] = x[j] + h[j];
      const mp = f(point);
      point[i] = x[i];
      point[j] = x[j];
      const value = -(pp - pm - mp + mm) / (4 * h[i] * h[j]);
      negativeHessian[i * n + j] = value;
      negativeHessian[j * n + i] = value;
    }
  }
}
