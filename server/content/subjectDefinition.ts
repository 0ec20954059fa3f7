/**
 * A subject as published in item-bank/subjects/*.json and validated by
 * item-bank/schemas/subject.schema.json: its grade scale, strands and one version of its
 * published criteria. A published version never changes; a change is a new version.
 */
export interface GradeScale {
  name: string;
  /** Lowest first. */
  grades: string[];
  /** The grade below the lowest boundary, e.g. "U". */
  belowLowest: string;
}

export interface Strand {
  id: string;
  /** The letter(s) used in criterion codes, e.g. "N" in MA.N.5.2. */
  code: string;
  title: string;
}

export interface PublishedCriterion {
  /** Subject, strand, grade and number, e.g. "MA.N.5.2". */
  id: string;
  /** A strand id. */
  strand: string;
  /** One of the grade scale's grades. */
  grade: string;
  /** "You can …". */
  statement: string;
}

export interface SubjectDefinition {
  id: string;
  /** The version of the published criteria. */
  version: number;
  title: string;
  description?: string;
  published?: string;
  gradeScale: GradeScale;
  strands: Strand[];
  criteria: PublishedCriterion[];
}
