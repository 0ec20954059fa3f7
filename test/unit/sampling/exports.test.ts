import { seededRandom } from '../../../server/irt/random';
import { analysisFileCsv, csvField, nationalTablesCsv } from '../../../server/sampling/exports';
import type { AnalysisPupil, DomainEstimate } from '../../../server/sampling/estimates';
import { readCsvRecords } from '../../../server/sampling/csvRecords';

const interval = (estimate: number) => ({ estimate, se: 0.1, lower: estimate - 0.196, upper: estimate + 0.196, samplingVariance: 0.01, imputationVariance: 0, degreesOfFreedom: Infinity });

describe('nationalTablesCsv', () => {
  it('writes published cells with figures and suppressed cells without', () => {
    const estimates: DomainEstimate[] = [
      { domain: { kind: 'nation' }, pupils: 900, zones: 30, population: 1e5, suppressed: false, suppressionReason: null, mean: interval(0.1), atOrAbove: [{ label: 'expected', cut: 0.5, share: interval(0.4) }] },
      { domain: { kind: 'group', variable: 'disadvantaged', value: 'yes' }, pupils: 40, zones: 3, population: 900, suppressed: true, suppressionReason: 'fewer than 62 pupils; fewer than 5 variance zones', mean: null, atOrAbove: null },
    ];
    const read = readCsvRecords(nationalTablesCsv(estimates));
    if (!read.ok) throw new Error(read.message);
    expect(read.records.map((r) => r.fields.slice(0, 3))).toEqual([
      ['domain', 'statistic', 'estimate'],
      ['nation', 'mean', '0.1'],
      ['nation', 'at_or_above:expected', '0.4'],
      ['disadvantaged:yes', 'all', ''],
    ]);
    expect(read.records[3].fields[8]).toBe('fewer than 62 pupils; fewer than 5 variance zones');
  });

  it('quotes and defuses fields', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(NaN)).toBe('');
  });
});

describe('analysisFileCsv', () => {
  it('carries plausible values, weights and replicate weights, and no identifiers', () => {
    const pupils: AnalysisPupil[] = [0, 1, 2, 3].map((i) => ({ stratum: 's', reportingGroups: { g: i % 2 ? 'a' : 'b' }, plausibleValues: [i, i + 0.5], weight: 10 + i, zone: 2 - (i % 2) }));
    const replicate = [Float64Array.from([20, 0, 11, 13])];
    const read = readCsvRecords(analysisFileCsv(pupils, replicate, seededRandom(1)));
    if (!read.ok) throw new Error(read.message);
    expect(read.records[0].fields).toEqual(['stratum', 'zone', 'g', 'pv1', 'pv2', 'weight', 'repwt1']);
    const rows = read.records.slice(1).map((r) => r.fields);
    expect(rows.map((r) => r[1])).toEqual(['1', '1', '2', '2']);
    // Each row keeps its own pupil's values together.
    for (const r of rows) {
      const i = Number(r[3]);
      expect(r).toEqual(['s', String(pupils[i].zone), pupils[i].reportingGroups.g, String(i), String(i + 0.5), String(10 + i), String(replicate[0][i])]);
    }
  });
});
