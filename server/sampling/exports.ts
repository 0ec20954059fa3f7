/**
 * CSV exports for national analysts: the national tables (published cells only) and a
 * pupil-level analysis file with no direct identifiers (no pupil, school or sitting ids) but
 * with plausible values, the final weight, the replicate weights and the variance zone, so
 * anyone can reproduce the published estimates (as NAEP and TIMSS data files allow).
 * Rows are shuffled within zone by the seeded generator so file order does not reveal schools.
 */
import type { RandomSource } from '../irt/types';
import type { AnalysisPupil, DomainEstimate } from './estimates';
import { domainKey } from './estimates';
import { rejectInput } from './samplingInputError';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =,+,-,@ is defused for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const row = (fields: (string | number | null)[]): string => fields.map(csvField).join(',');

/** One line per domain and statistic; suppressed cells appear with their reason and no figures. */
export function nationalTablesCsv(estimates: readonly DomainEstimate[]): string {
  const lines = [row(['domain', 'statistic', 'estimate', 'se', 'lower95', 'upper95', 'pupils', 'zones', 'suppressed'])];
  for (const e of estimates) {
    const domain = domainKey(e.domain);
    if (e.suppressed || !e.mean || !e.atOrAbove) {
      lines.push(row([domain, 'all', null, null, null, null, e.pupils, e.zones, e.suppressionReason]));
      continue;
    }
    lines.push(row([domain, 'mean', e.mean.estimate, e.mean.se, e.mean.lower, e.mean.upper, e.pupils, e.zones, '']));
    for (const cut of e.atOrAbove) {
      lines.push(row([domain, `at_or_above:${cut.label}`, cut.share.estimate, cut.share.se, cut.share.lower, cut.share.upper, e.pupils, e.zones, '']));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** Pupil-level analysis file: stratum, zone, reporting groups, PV1…PVm, weight, REPWT1…REPWTR. */
export function analysisFileCsv(pupils: readonly AnalysisPupil[], replicateWeights: readonly ArrayLike<number>[], random: RandomSource): string {
  if (pupils.length === 0) rejectInput('pupils', 'no pupils to export');
  const m = pupils[0].plausibleValues.length;
  const variables = [...new Set(pupils.flatMap((p) => Object.keys(p.reportingGroups)))].sort();
  const header = [
    'stratum',
    'zone',
    ...variables,
    ...Array.from({ length: m }, (_, k) => `pv${k + 1}`),
    'weight',
    ...replicateWeights.map((_, r) => `repwt${r + 1}`),
  ];
  const order = pupils.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  order.sort((a, b) => pupils[a].zone - pupils[b].zone);
  const lines = [row(header)];
  for (const i of order) {
    const p = pupils[i];
    lines.push(
      row([p.stratum, p.zone, ...variables.map((v) => p.reportingGroups[v] ?? null), ...p.plausibleValues, p.weight, ...replicateWeights.map((w) => w[i])]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
