import {
  bandOf,
  intervalExcludesCuts,
  normalCdf,
  normalQuantile,
  sprtBand,
  sprtDecisions,
  stoppingDecision,
} from '../../../../server/irt/stopping';

describe('normal quantile and CDF', () => {
  it('reproduces tabulated quantiles (Acklam: relative error < 1.15e−9; tables to 9 digits)', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
    expect(normalQuantile(0.2)).toBeCloseTo(-normalQuantile(0.8), 12);
  });

  it('the CDF inverts the quantile (erfc approximation: |error| < 1.2e−7)', () => {
    for (const p of [0.01, 0.1, 0.3, 0.5, 0.77, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });
});

describe('classification helpers', () => {
  it('bandOf places θ in the band between sorted cuts (a cut belongs to the band above)', () => {
    expect(bandOf(-2, [-1, 1])).toBe(0);
    expect(bandOf(-1, [-1, 1])).toBe(1);
    expect(bandOf(0.99, [-1, 1])).toBe(1);
    expect(bandOf(3, [-1, 1])).toBe(2);
  });

  it('the 95% interval θ ± 1.96·SE must exclude every cut', () => {
    expect(intervalExcludesCuts(0, 0.3, [-1, 1], 0.95)).toBe(true); // half-width 0.588
    expect(intervalExcludesCuts(0.5, 0.3, [-1, 1], 0.95)).toBe(false);
    expect(intervalExcludesCuts(0.5, 0.25, [-1, 1], 0.95)).toBe(true); // half-width 0.49 < 0.5
  });

  it("SPRT uses Wald's bounds log((1−β)/α) and log(β/(1−α)): ±2.944 for α = β = 0.05", () => {
    const out = new Int8Array(3);
    expect(Array.from(sprtDecisions([2.95, -2.95, 2.9], 0.05, 0.05, out))).toEqual([1, -1, 0]);
    expect(sprtBand(Int8Array.from([1, 1, -1]))).toBe(2);
    expect(sprtBand(Int8Array.from([-1, -1]))).toBe(0);
    expect(sprtBand(Int8Array.from([1, 0]))).toBeNull();
    expect(sprtBand(Int8Array.from([-1, 1]))).toBeNull();
  });
});

describe('stoppingDecision', () => {
  const base = { theta: 0, se: 0.5, blueprintMinimaMet: true };

  it('stops at the maximum length whatever else holds', () => {
    expect(stoppingDecision({ maxItems: 10 }, { ...base, scored: 10 })?.reason).toBe('max-items');
    expect(stoppingDecision({ maxItems: 10 }, { ...base, scored: 9 })).toBeNull();
  });

  it('stops on the SE target only after minItems and the blueprint minimums', () => {
    const rule = { minItems: 5, maxItems: 30, se: 0.5 };
    expect(stoppingDecision(rule, { ...base, scored: 4 })).toBeNull();
    expect(stoppingDecision(rule, { ...base, scored: 5, blueprintMinimaMet: false })).toBeNull();
    const decision = stoppingDecision(rule, { ...base, scored: 5 });
    expect(decision?.reason).toBe('se-reached');
    expect(decision?.message).toContain('0.5');
    expect(stoppingDecision(rule, { ...base, se: 0.51, scored: 5 })).toBeNull();
  });

  it('classifies when the interval excludes every cut, with any number of cuts', () => {
    const rule = { maxItems: 30, cuts: [1, -1], confidence: 0.95 };
    expect(stoppingDecision(rule, { ...base, scored: 3, se: 0.3 })?.reason).toBe('classified');
    expect(stoppingDecision(rule, { ...base, scored: 3, theta: 0.6, se: 0.3 })).toBeNull();
    expect(stoppingDecision(rule, { ...base, scored: 3, theta: 2, se: 0.3 })?.message).toContain('band 2');
  });

  it('stops by SPRT once every cut is decided consistently; combinations stop on the first rule met', () => {
    const rule = { maxItems: 30, se: 0.2, cuts: [-1, 1], sprt: { delta: 0.25 } };
    expect(stoppingDecision(rule, { ...base, scored: 8, sprtLogRatios: [3.1, -3.0] })?.reason).toBe('sprt');
    expect(stoppingDecision(rule, { ...base, scored: 8, sprtLogRatios: [3.1, -1.0] })).toBeNull();
    expect(stoppingDecision(rule, { ...base, scored: 8, se: 0.19, sprtLogRatios: [0, 0] })?.reason).toBe('se-reached');
  });
});
