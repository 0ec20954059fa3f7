/**
 * The item document: one shape for content files, API bodies and stored documents
 * (item-bank/schemas/item.schema.json is its JSON Schema; keep the two in step).
 *
 * The split that matters for security: `interaction` is what a pupil may see; `answer`,
 * `marking`, `parameters` and `feedback` are the key and never leave the server
 * (see pupilItem.ts).
 */
import type { ModelName } from '../irt/types';

export type ItemStatus = 'draft' | 'in-review' | 'approved' | 'live' | 'retired';

export type InteractionType =
  | 'choice'
  | 'multiple-response'
  | 'ordering'
  | 'text'
  | 'numeric'
  | 'expression'
  | 'quantity'
  | 'multi-part';

/** An option of a choice, multiple-response or ordering interaction. Content is Markdown + LaTeX. */
export interface InteractionOption {
  id: string;
  content: string;
}

export interface ChoiceInteraction {
  type: 'choice';
  options: InteractionOption[];
  /** The player may shuffle the options for each pupil. */
  shuffle?: boolean;
}

export interface MultipleResponseInteraction {
  type: 'multiple-response';
  options: InteractionOption[];
  shuffle?: boolean;
  minChoices?: number;
  maxChoices?: number;
}

export interface OrderingInteraction {
  type: 'ordering';
  /** The things to put in order. The projection presents them in a scrambled order. */
  options: InteractionOption[];
  /** e.g. "smallest first". */
  orderLabel?: string;
}

/** Typed answers: text, a number, an algebraic expression or a quantity with units. */
export interface TypedInteraction {
  type: 'text' | 'numeric' | 'expression' | 'quantity';
  /** Text shown before the answer box, e.g. "x =". */
  prefix?: string;
  /** Text shown after the answer box, e.g. "cm²" or "%". A pupil who types it as well is not penalised. */
  suffix?: string;
  /** Longest answer accepted, in characters (default 200 for maths, 500 for text). */
  maxLength?: number;
}

export type SingleInteraction = ChoiceInteraction | MultipleResponseInteraction | OrderingInteraction | TypedInteraction;

export interface InteractionPart {
  id: string;
  /** The part's own question, e.g. "(a) Expand 3(x + 2)". Markdown + LaTeX. */
  stem: string;
  interaction: SingleInteraction;
}

export interface MultiPartInteraction {
  type: 'multi-part';
  parts: InteractionPart[];
}

export type Interaction = SingleInteraction | MultiPartInteraction;

/** A wrong (or partly right) answer the author anticipates: it earns `score` marks and records `note`. */
export interface AnticipatedAnswer {
  /** The anticipated answer in the same notation a pupil would type; omit it for a tolerance-only band (numeric). */
  value?: string | number;
  /** A band around the key instead of an exact value (numeric, quantity). */
  tolerance?: Tolerance;
  score?: number;
  /** e.g. 'NUM_ADDED_DENOMINATORS'. Upper snake case. */
  note: string;
}

export interface ChoiceAnswer {
  type: 'choice';
  correct: string;
  marks?: number;
  /** Notes for particular distractors, e.g. { B: 'FRAC_ADDED_DENOMINATORS' }, for item analysis. */
  optionNotes?: Record<string, string>;
}

export interface MultipleResponseAnswer {
  type: 'multiple-response';
  correct: string[];
  marks?: number;
  /**
   * 'all-or-nothing' (default), or 'per-option': the proportion
   * max(0, right choices − wrong choices) / number of right options earns that share of the marks, rounded down.
   */
  partialCredit?: 'all-or-nothing' | 'per-option';
}

export interface OrderingAnswer {
  type: 'ordering';
  correctOrder: string[];
  marks?: number;
  /** 'all-or-nothing' (default) or 'adjacent-pairs': share of neighbouring pairs in the right order. */
  partialCredit?: 'all-or-nothing' | 'adjacent-pairs';
}

export interface TextNormalisation {
  /** Ignore upper/lower case (default true). */
  ignoreCase?: boolean;
  /** 'collapse' runs of spaces to one (default), 'ignore' all spaces, or keep them 'exact'. */
  spacing?: 'exact' | 'collapse' | 'ignore';
  /** Ignore punctuation marks (default false). */
  ignorePunctuation?: boolean;
  /** Treat letters with accents as plain letters (default false). */
  ignoreAccents?: boolean;
}

export interface TextAnswer {
  type: 'text';
  accepted: string[];
  normalise?: TextNormalisation;
  marks?: number;
  anticipated?: AnticipatedAnswer[];
}

export interface Tolerance {
  absolute?: number;
  relative?: number;
}

/** How a pupil may write a number. */
export type NumberForm = 'integer' | 'decimal' | 'fraction' | 'mixed-number' | 'percentage' | 'standard-form';

export interface NumericAnswer {
  type: 'numeric';
  /**
   * The exact value: a number, or a string such as "1/3", "2 1/2" or "0.125" to keep it exact.
   * A list means every one of those numbers, in any order (the solutions of an equation: "2, −3").
   */
  value: number | string | Array<number | string>;
  tolerance?: Tolerance;
  /** The pupil must round to exactly this many decimal places (trailing zeros count: "2.50"). */
  decimalPlaces?: number;
  /** The pupil must round to exactly this many significant figures, counted from what they typed. */
  significantFigures?: number;
  /** Forms a pupil may use (default integer, decimal, fraction, mixed-number, standard-form). */
  accept?: NumberForm[];
  /** A fraction must be in its lowest terms. */
  lowestTerms?: boolean;
  marks?: number;
  anticipated?: AnticipatedAnswer[];
}

/** 'subject' (equations only): the key's letter alone on one side, e.g. "make x the subject". */
export type ExpressionForm = 'expanded' | 'factorised' | 'simplified' | 'lowest-terms' | 'subject';

export interface ExpressionAnswer {
  type: 'expression';
  /** The key in the notation a pupil would type, e.g. "2x(x+1)", or an equation such as "y = 2x + 3". */
  value: string;
  /** Letters that stand for variables (default: the letters in the key). */
  variables?: string[];
  /** Form the answer must be in, on top of being equivalent. */
  forms?: ExpressionForm[];
  /** Marks for an equivalent answer that is not in the required form (default 0). */
  equivalentScore?: number;
  marks?: number;
  anticipated?: AnticipatedAnswer[];
}

export interface QuantityAnswer {
  type: 'quantity';
  value: number | string;
  /** The key's units in mathjs notation, e.g. "cm", "m/s", "cm^2", "km/h". */
  unit: string;
  /** 'convert' (default): every compatible unit, compared after conversion to SI; 'strict': only the item's units. */
  units?: 'convert' | 'strict';
  tolerance?: Tolerance;
  decimalPlaces?: number;
  significantFigures?: number;
  /** Marks for the right number with missing or wrong units (default 0). */
  numberOnlyScore?: number;
  marks?: number;
  anticipated?: AnticipatedAnswer[];
}

export interface MultiPartAnswer {
  type: 'multi-part';
  /** The key of each part, by part id. */
  parts: Record<string, SingleAnswer>;
}

export type SingleAnswer =
  | ChoiceAnswer
  | MultipleResponseAnswer
  | OrderingAnswer
  | TextAnswer
  | NumericAnswer
  | ExpressionAnswer
  | QuantityAnswer;

export type AnswerSpec = SingleAnswer | MultiPartAnswer;

export interface ParameterSource {
  kind: 'provisional' | 'calibrated';
  /** ISO date of the judgement or calibration. */
  date?: string;
  sampleSize?: number;
  note?: string;
}

/**
 * IRT parameters, shaped like server/irt/types.ts Item so that `{ id, ...parameters, tags }`
 * is the engine's item.
 */
export interface ItemParameters {
  model: ModelName;
  a?: number;
  b?: number;
  c?: number;
  d?: number;
  D?: number;
  thresholds?: number[];
  steps?: number[];
  source: ParameterSource;
}

export interface ItemFeedback {
  correct?: string;
  incorrect?: string;
  /** Feedback per answer note. */
  byNote?: Record<string, string>;
}

export interface ItemDocument {
  id: string;
  version: number;
  status: ItemStatus;
  subject: string;
  /** Markdown with LaTeX maths ($…$), rendered by KaTeX. */
  stem: string;
  image?: { src: string; alt: string };
  interaction: Interaction;
  answer: AnswerSpec;
  marking?: {
    /**
     * How the total maps to an IRT category when the model has fewer categories than marks:
     * 'proportional' (default): floor(score / maxScore × (K − 1)).
     */
    categories?: 'proportional';
  };
  /** Published criteria this item evidences, e.g. ["N3", "A7"]. */
  criteria: string[];
  tags?: { [tag: string]: string | string[] };
  parameters: ItemParameters;
  author?: string;
  reviewers?: string[];
  feedback?: ItemFeedback;
}

/** What a pupil sends: a string for typed answers, an option id (choice) or ids (multiple-response, ordering), an object by part id (multi-part). */
export type SinglePupilAnswer = string | string[];
export type PupilAnswer = SinglePupilAnswer | { [partId: string]: SinglePupilAnswer };

/** The pupil-facing projection of an item: no answer, variants, marking rule, parameters or feedback. */
export interface PupilItem {
  id: string;
  version: number;
  subject: string;
  stem: string;
  image?: { src: string; alt: string };
  interaction: Interaction;
}

export interface Mark {
  score: number;
  maxScore: number;
  /** IRT category 0..K−1 for the item's model. */
  category: number;
  /** Why: e.g. 'NUM_CORRECT', 'ALG_EQUIV_NOT_FACTORISED'. Multi-part: the parts' notes joined with ';'. */
  note: string;
  /** How the answer was read, e.g. "2·x·(x + 1)". */
  readAs?: string;
  /** Multi-part: the mark of each part by part id. */
  parts?: Record<string, Mark>;
}
