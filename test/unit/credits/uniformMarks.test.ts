import * as fs from 'fs';
import * as path from 'path';
import {
  gceUniformBoundaries, gradeFromUniformMark, roundUniformMark, uniformMark, uniformMarkCap, UniformMarkScale,
} from '../../../server/credits/uniformMarks';
import { RuleValidationError } from '../../../server/grading/ruleValidationError';
import { thrownError } from './thrownError';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');

interface PublishedCase {
  id: string;
  raw_max: number;
  ums_max: number;
  raw_boundaries: Record<string, number>;
  checks: { raw: number; expected_ums_unrounded: number; expected_ums: number; expected_grade: string }[];
  derived_checks_from_AQA_cap_rule: { raw: number; expected_ums: number }[];
}

const published: { cases: PublishedCase[] } = JSON.parse(
  fs.readFileSync(path.join(sharedData, 'uniform-mark-examples.json'), 'utf8'),
);

/** The case's boundaries, lowest grade first, with the GCE uniform boundaries (E 40 % … A 80 %). */
function scaleOf(c: PublishedCase, cap: 'none' | 'aqa'): { scale: UniformMarkScale; grades: string[] } {
  const ordered = Object.entries(c.raw_boundaries).sort((x, y) => x[1] - y[1]);
  return {
    scale: {
      markMin: 0,
      markMax: c.raw_max,
      markBoundaries: ordered.map(([, raw]) => raw),
      uniformBoundaries: gceUniformBoundaries(c.ums_max, ordered.length),
      uniformMax: c.ums_max,
      cap,
    },
    // Unit grades are lower case in the published example; below E is "u".
    grades: ['u', ...ordered.map(([g]) => g.toLowerCase())],
  };
}

describe('uniform marks: the published AQA example (../shared/data/uniform-mark-examples.json)', () => {
  it('has at least one published case to check', () => {
    expect(published.cases.length).toBeGreaterThan(0);
  });

  for (const c of published.cases) {
    describe(c.id, () => {
      for (const check of c.checks) {
        it(`raw ${check.raw} converts to ${check.expected_ums} (grade ${check.expected_grade})`, () => {
          for (const cap of ['none', 'aqa'] as const) {
            const { scale, grades } = scaleOf(c, cap);
            const unrounded = uniformMark(check.raw, scale);
            // The file quotes the unrounded mark to 4 decimals.
            expect(unrounded).toBeCloseTo(check.expected_ums_unrounded, 3);
            const rounded = roundUniformMark(unrounded);
            expect(rounded).toBe(check.expected_ums);
            expect(gradeFromUniformMark(rounded, scale.uniformBoundaries, grades)).toBe(check.expected_grade);
          }
        });
      }
      for (const check of c.derived_checks_from_AQA_cap_rule) {
        it(`with the AQA cap rule raw ${check.raw} converts to ${check.expected_ums}`, () => {
          const { scale } = scaleOf(c, 'aqa');
          expect(roundUniformMark(uniformMark(check.raw, scale))).toBe(check.expected_ums);
        });
      }
      it('the AQA cap is A + 2(A − B) and without the cap the top is the raw maximum', () => {
        const A = c.raw_boundaries.A;
        const B = c.raw_boundaries.B;
        expect(uniformMarkCap(scaleOf(c, 'aqa').scale)).toBeCloseTo(Math.min(c.raw_max, A + 2 * (A - B)), 12);
        expect(uniformMarkCap(scaleOf(c, 'none').scale)).toBe(c.raw_max);
      });
    });
  }
});

describe('uniform marks: conversion rules', () => {
  const scale: UniformMarkScale = {
    markMin: 0, markMax: 62, markBoundaries: [17, 22, 27, 33, 39], uniformBoundaries: [40, 50, 60, 70, 80], uniformMax: 100,
  };

  it('is 0 at the bottom, the maximum at the top, and each boundary converts to its uniform boundary', () => {
    expect(uniformMark(0, scale)).toBe(0);
    expect(uniformMark(-5, scale)).toBe(0);
    expect(uniformMark(62, scale)).toBe(100);
    expect(uniformMark(70, scale)).toBe(100);
    scale.markBoundaries.forEach((b, i) => expect(uniformMark(b, scale)).toBeCloseTo(scale.uniformBoundaries[i], 12));
  });

  it('without the cap, the band above A runs linearly to the raw maximum (first principles)', () => {
    // 80 + (51 − 39)/(62 − 39)·20
    expect(uniformMark(51, scale)).toBeCloseTo(80 + (12 / 23) * 20, 12);
    // Below E: linear from (0, 0) to (17, 40).
    expect(uniformMark(8.5, scale)).toBeCloseTo(20, 12);
  });

  it('is continuous and non-decreasing across the whole scale', () => {
    let previous = -1;
    for (let raw = 0; raw <= 62; raw += 0.25) {
      const u = uniformMark(raw, { ...scale, cap: 'aqa' });
      expect(u).toBeGreaterThanOrEqual(previous);
      // Largest slope is 40/17 per mark below E; 0.25 marks can move at most 0.6.
      expect(u - Math.max(previous, 0)).toBeLessThanOrEqual(0.6);
      previous = u;
    }
  });

  it('works on a θ scale (module cut scores), where the bottom is −6', () => {
    const thetaScale: UniformMarkScale = {
      markMin: -6, markMax: 6, markBoundaries: [-1, 0, 1], uniformBoundaries: [40, 60, 80], uniformMax: 100,
    };
    expect(uniformMark(-6, thetaScale)).toBe(0);
    expect(uniformMark(-3.5, thetaScale)).toBeCloseTo(20, 12);
    expect(uniformMark(0.5, thetaScale)).toBeCloseTo(70, 12);
    expect(uniformMark(3.5, thetaScale)).toBeCloseTo(90, 12);
  });

  it('rounds half up, also when the half is reached in floating point', () => {
    expect(roundUniformMark(68.5)).toBe(69);
    expect(roundUniformMark(68.49999999999)).toBe(69);
    expect(roundUniformMark(68.4)).toBe(68);
  });

  it('rejects boundaries out of order, outside the scale, or mismatched, naming the field', () => {
    const bad = (s: Partial<UniformMarkScale>) => () => uniformMark(10, { ...scale, ...s });
    expect(bad({ markBoundaries: [17, 27, 22, 33, 39] })).toThrow(RuleValidationError);
    expect(thrownError<RuleValidationError>(bad({ markBoundaries: [17, 27, 22, 33, 39] })).details).toEqual([
      { path: '/markBoundaries/2', message: 'boundaries must be strictly increasing' },
    ]);
    expect(bad({ markBoundaries: [17, 22, 27, 33, 70] })).toThrow(RuleValidationError);
    expect(bad({ uniformBoundaries: [40, 50, 60] })).toThrow(RuleValidationError);
    expect(bad({ uniformBoundaries: [40, 50, 60, 70, 100] })).toThrow(RuleValidationError);
    expect(bad({ markBoundaries: [39], uniformBoundaries: [80], cap: 'aqa' })).toThrow(RuleValidationError);
    expect(() => uniformMark(Number.NaN, scale)).toThrow(RuleValidationError);
  });

  it('gives the grade of the highest uniform boundary reached', () => {
    const grades = ['u', 'e', 'd', 'c', 'b', 'a'];
    expect(gradeFromUniformMark(39, [40, 50, 60, 70, 80], grades)).toBe('u');
    expect(gradeFromUniformMark(40, [40, 50, 60, 70, 80], grades)).toBe('e');
    expect(gradeFromUniformMark(100, [40, 50, 60, 70, 80], grades)).toBe('a');
    expect(() => gradeFromUniformMark(50, [40, 50], grades)).toThrow(RuleValidationError);
  });
});
