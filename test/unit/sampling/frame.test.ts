import { parseSamplingFrame } from '../../../server/sampling/frame';
import { allocateSchools, serpentineSort } from '../../../server/sampling/stratification';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';

const header = 'school_id,stratum,pupils,excluded_pupils,exclusion_reason,region,urban';

describe('parseSamplingFrame', () => {
  it('reads schools, exclusions and the exclusion rate', () => {
    const csv = [header, 'A,north,100,2,,1,yes', 'B,north,50,0,,2,no', 'C,south,80,0,,1,yes', 'D,south,"40",,,2,no', 'E,south,30,0,special school,1,no'].join('\r\n');
    const result = parseSamplingFrame(csv, { implicitSortVariables: ['region', 'urban'] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { frame } = result;
    expect(frame.schools.map((s) => s.schoolId)).toEqual(['A', 'B', 'C', 'D']);
    expect(frame.schools[0]).toMatchObject({ line: 2, eligiblePupils: 98, excludedPupils: 2, implicit: { region: 1, urban: 'yes' } });
    expect(frame.exclusions).toEqual([{ schoolId: 'E', line: 6, stratum: 'south', pupils: 30, reason: 'special school' }]);
    // (2 within school + 30 in an excluded school) / 300 pupils.
    expect(frame.targetPupils).toBe(300);
    expect(frame.excludedPupils).toBe(32);
    expect(frame.exclusionRate).toBeCloseTo(32 / 300, 12);
    expect(frame.warnings).toEqual([expect.stringMatching(/exclusion rate 10\.7% is above 5%/)]);
  });

  it('does not warn at or below 5%', () => {
    const result = parseSamplingFrame([header, 'A,n,100,5,,1,a', 'B,n,100,5,,1,a'].join('\n'), { implicitSortVariables: ['region'] });
    expect(result.ok && result.frame.warnings).toEqual([]);
  });

  it('reports every broken line with its number and field', () => {
    const csv = [
      header,
      'A,north,100,0,,1,y',
      'A,north,20,0,,1,y', // duplicate
      ',north,20,0,,1,y', // empty id
      'B,,20,0,,1,y', // empty stratum
      'C,north,twelve,0,,1,y', // bad pupils
      'D,north,10,11,,1,y', // exclusions above pupils
      'E,north,10,0,,,y', // missing implicit value
      'F,north,10,0', // short row
    ].join('\n');
    const result = parseSamplingFrame(csv, { implicitSortVariables: ['region'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 3, field: 'school_id', message: 'duplicate school "A" (first on line 2)' },
      { line: 4, field: 'school_id', message: 'school_id is empty' },
      { line: 5, field: 'stratum', message: 'stratum is empty' },
      { line: 6, field: 'pupils', message: 'pupils must be a whole number ≥ 0, got "twelve"' },
      { line: 7, field: 'excluded_pupils', message: 'excluded_pupils (11) exceeds pupils (10)' },
      { line: 8, field: 'region', message: 'implicit sort variable "region" is empty' },
      { line: 9, field: 'csv', message: 'expected 7 fields, found 4' },
    ]);
  });

  it('names missing columns on the header line', () => {
    const result = parseSamplingFrame('school_id,pupils\nA,10', { implicitSortVariables: ['region'] });
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 1, field: 'stratum', message: 'missing column "stratum"' },
        { line: 1, field: 'region', message: 'missing column "region"' },
      ],
    });
  });

  it('rejects a stratum with one school, naming its line', () => {
    const result = parseSamplingFrame('school_id,stratum,pupils\nA,north,10\nB,north,20\nC,south,30');
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 4, field: 'stratum', message: 'stratum "south" has only one school; merge it with a neighbouring stratum' }],
    });
  });

  it('rejects empty input, an unterminated quote and a frame where everything is excluded', () => {
    expect(parseSamplingFrame('')).toEqual({ ok: false, errors: [{ line: null, field: 'csv', message: 'the frame is empty' }] });
    expect(parseSamplingFrame('school_id,stratum,pupils\nA,"north,10\n')).toEqual({
      ok: false,
      errors: [{ line: 2, field: 'csv', message: 'unterminated quoted field' }],
    });
    expect(parseSamplingFrame('school_id,stratum,pupils,exclusion_reason\nA,n,10,closed\nB,n,5,closed')).toEqual({
      ok: false,
      errors: [{ line: null, field: 'csv', message: 'every school is excluded' }],
    });
  });

  it('keeps line numbers right after a quoted field spanning lines', () => {
    const result = parseSamplingFrame('school_id,stratum,pupils,note\nA,n,10,"two\nlines"\nB,n,x,');
    expect(result.ok === false && result.errors).toEqual([{ line: 4, field: 'pupils', message: 'pupils must be a whole number ≥ 0, got "x"' }]);
  });
});

describe('allocateSchools', () => {
  const strata = [
    { stratum: 'a', schools: 50, measureOfSize: 5000 },
    { stratum: 'b', schools: 30, measureOfSize: 3000 },
    { stratum: 'c', schools: 5, measureOfSize: 200 },
  ];

  it('allocates proportionally by largest remainder with a minimum of 2', () => {
    // Quotas for n = 20: 12.195, 7.317, 0.488 → minimum 2 for c, remainder shared: 11 + 7 + 2.
    expect(allocateSchools(strata, 20, { kind: 'proportional' })).toEqual({ a: 11, b: 7, c: 2 });
    const sizes = allocateSchools(strata, 41, { kind: 'proportional' });
    expect(sizes.a + sizes.b + sizes.c).toBe(41);
  });

  it('rejects samples larger than the frame or too small for the minimum', () => {
    expect(() => allocateSchools(strata, 86, { kind: 'proportional' })).toThrow(/larger than the frame \(85 schools\)/);
    expect(() => allocateSchools(strata, 5, { kind: 'proportional' })).toThrow(SamplingInputError);
    expect(() => allocateSchools(strata, 0, { kind: 'specified', schoolsByStratum: { a: 2, b: 2, c: 1 } })).toThrow(/whole number ≥ 2, got 1/);
    expect(() => allocateSchools(strata, 0, { kind: 'specified', schoolsByStratum: { a: 2, b: 2, c: 2, d: 2 } })).toThrow(/"d" is not on the frame/);
  });
});

describe('serpentineSort', () => {
  it('alternates the direction of each deeper key from group to group', () => {
    const units = [
      { id: '1', r: 1, s: 10 },
      { id: '2', r: 1, s: 20 },
      { id: '3', r: 2, s: 10 },
      { id: '4', r: 2, s: 20 },
      { id: '5', r: 3, s: 10 },
      { id: '6', r: 3, s: 20 },
    ];
    const sorted = serpentineSort(units, [(u) => u.r, (u) => u.s], (u) => u.id);
    expect(sorted.map((u) => u.id)).toEqual(['1', '2', '4', '3', '5', '6']);
  });

  it('counts the alternation along the whole list at each depth', () => {
    const units: { id: string; a: string; b: number; c: number }[] = [];
    for (const a of ['x', 'y']) for (const b of [1, 2, 3]) for (const c of [1, 2]) units.push({ id: `${a}${b}${c}`, a, b, c });
    const sorted = serpentineSort(units, [(u) => u.a, (u) => u.b, (u) => u.c], (u) => u.id).map((u) => u.id);
    // b: x ascending, y descending; c alternates over the six (a, b) groups in list order.
    expect(sorted).toEqual(['x11', 'x12', 'x22', 'x21', 'x31', 'x32', 'y32', 'y31', 'y21', 'y22', 'y12', 'y11']);
  });
});

describe('allocateSchools when minimums and caps meet', () => {
  it('fills strata with room once the free strata are exhausted', () => {
    const strata = [
      { stratum: 'big', schools: 2, measureOfSize: 10000 },
      { stratum: 'small', schools: 10, measureOfSize: 10 },
    ];
    expect(allocateSchools(strata, 8, { kind: 'proportional' })).toEqual({ big: 2, small: 6 });
  });
});
