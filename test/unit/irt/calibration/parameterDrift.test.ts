import { parameterDrift } from '../../../../server/irt/calibration/parameterDrift';

describe('parameterDrift', () => {
  it('flags a change beyond 1.96 combined SEs and not one within', () => {
    const checks = parameterDrift(
      { a: { value: 1.2, se: 0.1 }, b: { value: 0.3, se: 0.05 } },
      { a: { value: 1.35, se: 0.1 }, b: { value: 0.5, se: 0.05 } },
    );
    const a = checks.find((c) => c.parameter === 'a')!;
    const b = checks.find((c) => c.parameter === 'b')!;
    expect(a.z).toBeCloseTo(0.15 / Math.sqrt(0.02), 12); // 1.06
    expect(a.drifted).toBe(false);
    expect(b.z).toBeCloseTo(0.2 / Math.sqrt(0.005), 12); // 2.83
    expect(b.drifted).toBe(true);
  });

  it('uses the critical value given, skips parameters absent now, and never flags without SEs', () => {
    const checks = parameterDrift({ b: { value: 0, se: 0.1 }, c: { value: 0.2, se: null } }, { b: { value: 0.2, se: 0.1 }, c: { value: 0.9, se: null } }, 1);
    expect(checks.find((c) => c.parameter === 'b')!.drifted).toBe(true);
    expect(checks.find((c) => c.parameter === 'c')).toEqual({ parameter: 'c', previous: 0.2, current: 0.9, z: null, drifted: false });
    expect(parameterDrift({ a: { value: 1, se: 0.1 } }, {})).toEqual([]);
    expect(() => parameterDrift({}, {}, 0)).toThrow(RangeError);
  });
});
