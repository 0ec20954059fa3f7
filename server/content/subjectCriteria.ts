/**
 * The published criteria of a subject, and the checks that tie content to them: a subject's
 * criteria are consistent with its strands and grade scale, every criterion an item or module
 * names is published, and a module's criteria carry the subject's grade and statement.
 */
import type { ValidationDetail } from '../schemas/validationDetail';
import type { CanDoCriterion, ModuleDefinition, ModuleSource } from './moduleDefinition';
import type { PublishedCriterion, SubjectDefinition } from './subjectDefinition';

/** What the schema cannot say: unique codes, known strands and grades, and codes that spell out strand and grade. */
export function checkSubject(subject: SubjectDefinition): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const strandCode = new Map(subject.strands.map((s) => [s.id, s.code]));
  const grades = new Set(subject.gradeScale.grades);
  const seen = new Set<string>();
  subject.strands.forEach((strand, i) => {
    if (subject.strands.findIndex((s) => s.id === strand.id || s.code === strand.code) !== i) {
      problems.push({ path: `/strands/${i}`, message: `strand "${strand.id}" (${strand.code}) repeats an earlier strand's id or code` });
    }
  });
  if (grades.has(subject.gradeScale.belowLowest)) {
    problems.push({ path: '/gradeScale/belowLowest', message: `"${subject.gradeScale.belowLowest}" is also one of the grades` });
  }
  subject.criteria.forEach((criterion, i) => {
    const at = `/criteria/${i}`;
    if (seen.has(criterion.id)) problems.push({ path: `${at}/id`, message: `criterion ${criterion.id} is published twice` });
    seen.add(criterion.id);
    const code = strandCode.get(criterion.strand);
    if (code === undefined) {
      problems.push({ path: `${at}/strand`, message: `"${criterion.strand}" is not one of the subject's strands` });
      return;
    }
    if (!grades.has(criterion.grade)) {
      problems.push({ path: `${at}/grade`, message: `"${criterion.grade}" is not a grade of the ${subject.gradeScale.name} scale` });
      return;
    }
    const [, strandPart, gradePart] = criterion.id.split('.');
    if (strandPart !== code || gradePart !== criterion.grade) {
      problems.push({ path: `${at}/id`, message: `criterion ${criterion.id} should name strand ${code} and grade ${criterion.grade} (e.g. ${criterion.id.split('.')[0]}.${code}.${criterion.grade}.1)` });
    }
  });
  return problems;
}

/** The published criteria by subject, over every version read. */
export interface CriterionIndex {
  has(subject: string, code: string): boolean;
}

export function subjectCriterionIndex(subjects: readonly SubjectDefinition[]): CriterionIndex {
  const codes = new Set(subjects.flatMap((s) => s.criteria.map((c) => `${s.id}\u0000${c.id}`)));
  return { has: (subject, code) => codes.has(`${subject}\u0000${code}`) };
}

/** The version a module names, else the subject's latest. */
export function subjectVersionFor(subjects: readonly SubjectDefinition[], id: string, version?: number): SubjectDefinition | undefined {
  const matching = subjects.filter((s) => s.id === id && (version === undefined || s.version === version));
  return matching.sort((x, y) => y.version - x.version)[0];
}

/**
 * A module's criteria checked against its subject and filled in: each must be published, with
 * the subject's grade; its statement is the subject's (a statement written in the module must
 * match it word for word, so a pupil never reads two wordings of one criterion).
 */
export function resolveModuleCriteria(
  source: ModuleSource, subjects: readonly SubjectDefinition[],
): { module?: ModuleDefinition; problems: ValidationDetail[] } {
  const subject = subjectVersionFor(subjects, source.subject, source.subjectVersion);
  if (!subject) {
    const which = source.subjectVersion === undefined ? '' : ` version ${source.subjectVersion}`;
    return { problems: [{ path: source.subjectVersion === undefined ? '/subject' : '/subjectVersion', message: `there is no published subject "${source.subject}"${which}` }] };
  }
  const published = new Map<string, PublishedCriterion>(subject.criteria.map((c) => [c.id, c]));
  const problems: ValidationDetail[] = [];
  const criteria: CanDoCriterion[] = [];
  source.criteria.forEach((reference, i) => {
    const criterion = published.get(reference.id);
    if (!criterion) {
      problems.push({ path: `/criteria/${i}/id`, message: `${reference.id} is not a published criterion of ${subject.title} (version ${subject.version})` });
      return;
    }
    if (reference.grade !== criterion.grade) {
      problems.push({ path: `/criteria/${i}/grade`, message: `${reference.id} is a grade ${criterion.grade} criterion, not grade ${reference.grade}` });
    }
    if (reference.statement !== undefined && reference.statement !== criterion.statement) {
      problems.push({ path: `/criteria/${i}/statement`, message: `differs from the published statement "${criterion.statement}"` });
    }
    criteria.push({ id: criterion.id, grade: criterion.grade, statement: criterion.statement });
  });
  const grades = new Set([subject.gradeScale.belowLowest, ...subject.gradeScale.grades]);
  if (source.passGrade !== undefined && !subject.gradeScale.grades.includes(source.passGrade)) {
    problems.push({ path: '/passGrade', message: `"${source.passGrade}" is not a grade of the ${subject.gradeScale.name} scale` });
  }
  if (!grades.has(source.cutScores.belowLowest)) {
    problems.push({ path: '/cutScores/belowLowest', message: `"${source.cutScores.belowLowest}" is not a grade of the ${subject.gradeScale.name} scale` });
  }
  source.cutScores.boundaries.forEach((b, i) => {
    if (!subject.gradeScale.grades.includes(b.grade)) {
      problems.push({ path: `/cutScores/boundaries/${i}/grade`, message: `"${b.grade}" is not a grade of the ${subject.gradeScale.name} scale` });
    }
  });
  if (problems.length > 0) return { problems };
  return { module: { ...source, subjectVersion: subject.version, criteria }, problems };
}
