/**
 * Sampling frame import: CSV → validated frame, with line-numbered errors, school and
 * within-school exclusions, and the exclusion rate (warning above 5%, the ceiling NAEP and the
 * IEA studies hold national samples to; TIMSS 2019 Technical Report ch. 3).
 *
 * Columns (header names, any order; extra columns are ignored):
 *   school_id        unique, non-empty
 *   stratum          explicit stratum, non-empty
 *   pupils           pupils in the target grade, integer ≥ 0
 *   excluded_pupils  optional, integer 0..pupils: pupils excluded within the school
 *   exclusion_reason optional: non-empty excludes the whole school
 *   <implicit sort variables named by the caller>, non-empty
 */
import { readCsvRecords } from './csvRecords';
import type { FieldError, FrameSchool, SamplingFrame, SchoolExclusion, SortValue } from './types';

export const EXCLUSION_WARNING_RATE = 0.05;

export interface FrameOptions {
  implicitSortVariables?: string[];
  /** Warn when the exclusion rate exceeds this share. Default 0.05. */
  exclusionWarningRate?: number;
}

export type FrameResult = { ok: true; frame: SamplingFrame } | { ok: false; errors: FieldError[] };

const REQUIRED = ['school_id', 'stratum', 'pupils'] as const;
const NON_NEGATIVE_INTEGER = /^\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function parseSamplingFrame(csv: string, options: FrameOptions = {}): FrameResult {
  const implicitVariables = options.implicitSortVariables ?? [];
  const warningRate = options.exclusionWarningRate ?? EXCLUSION_WARNING_RATE;
  const read = readCsvRecords(csv);
  if (!read.ok) return { ok: false, errors: [{ line: read.line, field: 'csv', message: read.message }] };
  if (read.records.length === 0) return { ok: false, errors: [{ line: null, field: 'csv', message: 'the frame is empty' }] };

  const [header, ...rows] = read.records;
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const errors: FieldError[] = [];
  const columnIndex = new Map<string, number>();
  columns.forEach((name, index) => {
    if (columnIndex.has(name)) errors.push({ line: header.line, field: name, message: `column "${name}" appears twice` });
    columnIndex.set(name, index);
  });
  for (const name of [...REQUIRED, ...implicitVariables.map((v) => v.toLowerCase())]) {
    if (!columnIndex.has(name)) errors.push({ line: header.line, field: name, message: `missing column "${name}"` });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: null, field: 'csv', message: 'the frame has a header but no schools' }] };

  const value = (fields: string[], name: string): string => (fields[columnIndex.get(name) ?? -1] ?? '').trim();
  const schools: FrameSchool[] = [];
  const exclusions: SchoolExclusion[] = [];
  const firstLineOf = new Map<string, number>();

  for (const row of rows) {
    const { line, fields } = row;
    if (fields.length !== columns.length) {
      errors.push({ line, field: 'csv', message: `expected ${columns.length} fields, found ${fields.length}` });
      continue;
    }
    const rowErrors: FieldError[] = [];
    const schoolId = value(fields, 'school_id');
    if (schoolId === '') rowErrors.push({ line, field: 'school_id', message: 'school_id is empty' });
    else if (firstLineOf.has(schoolId)) {
      rowErrors.push({ line, field: 'school_id', message: `duplicate school "${schoolId}" (first on line ${firstLineOf.get(schoolId)})` });
    } else firstLineOf.set(schoolId, line);
    const stratum = value(fields, 'stratum');
    if (stratum === '') rowErrors.push({ line, field: 'stratum', message: 'stratum is empty' });
    const pupilsText = value(fields, 'pupils');
    const pupils = NON_NEGATIVE_INTEGER.test(pupilsText) ? Number(pupilsText) : NaN;
    if (Number.isNaN(pupils)) rowErrors.push({ line, field: 'pupils', message: `pupils must be a whole number ≥ 0, got "${pupilsText}"` });
    const excludedText = columnIndex.has('excluded_pupils') ? value(fields, 'excluded_pupils') : '';
    let excludedPupils = 0;
    if (excludedText !== '') {
      excludedPupils = NON_NEGATIVE_INTEGER.test(excludedText) ? Number(excludedText) : NaN;
      if (Number.isNaN(excludedPupils)) {
        rowErrors.push({ line, field: 'excluded_pupils', message: `excluded_pupils must be a whole number ≥ 0, got "${excludedText}"` });
      } else if (!Number.isNaN(pupils) && excludedPupils > pupils) {
        rowErrors.push({ line, field: 'excluded_pupils', message: `excluded_pupils (${excludedPupils}) exceeds pupils (${pupils})` });
      }
    }
    const implicit: Record<string, SortValue> = {};
    for (const variable of implicitVariables) {
      const text = value(fields, variable.toLowerCase());
      if (text === '') rowErrors.push({ line, field: variable, message: `implicit sort variable "${variable}" is empty` });
      implicit[variable] = NUMBER.test(text) ? Number(text) : text;
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const reason = columnIndex.has('exclusion_reason') ? value(fields, 'exclusion_reason') : '';
    if (reason !== '') {
      exclusions.push({ schoolId, line, stratum, pupils, reason });
    } else if (pupils - excludedPupils === 0) {
      // No eligible pupil: outside the population, not an exclusion of anyone sampleable.
      exclusions.push({ schoolId, line, stratum, pupils, reason: 'no eligible pupils' });
    } else {
      schools.push({ schoolId, line, stratum, pupils, excludedPupils, eligiblePupils: pupils - excludedPupils, implicit });
    }
  }

  // A stratum with one school cannot be sampled with a variance estimate (no pair to form a zone).
  // Checked only on an otherwise clean frame: a broken row would make the count misleading.
  if (errors.length > 0) return { ok: false, errors };
  const byStratum = new Map<string, FrameSchool[]>();
  for (const school of schools) byStratum.set(school.stratum, [...(byStratum.get(school.stratum) ?? []), school]);
  for (const [stratum, members] of byStratum) {
    if (members.length === 1) {
      errors.push({
        line: members[0].line,
        field: 'stratum',
        message: `stratum "${stratum}" has only one school; merge it with a neighbouring stratum`,
      });
    }
  }
  if (errors.length === 0 && schools.length === 0) errors.push({ line: null, field: 'csv', message: 'every school is excluded' });
  if (errors.length > 0) return { ok: false, errors: errors.sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) };

  const targetPupils = schools.reduce((sum, s) => sum + s.pupils, 0) + exclusions.reduce((sum, e) => sum + e.pupils, 0);
  const excludedPupils = schools.reduce((sum, s) => sum + s.excludedPupils, 0) + exclusions.reduce((sum, e) => sum + e.pupils, 0);
  const exclusionRate = targetPupils === 0 ? 0 : excludedPupils / targetPupils;
  const warnings: string[] = [];
  if (exclusionRate > warningRate) {
    warnings.push(
      `exclusion rate ${(100 * exclusionRate).toFixed(1)}% is above ${(100 * warningRate).toFixed(0)}% ` +
        `(${excludedPupils} of ${targetPupils} pupils excluded)`,
    );
  }
  return {
    ok: true,
    frame: { schools, exclusions, targetPupils, excludedPupils, exclusionRate, implicitSortVariables: implicitVariables, warnings },
  };
}
