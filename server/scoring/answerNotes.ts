/**
 * What each built-in answer note means, in a teacher's words: shown by "try an answer" in
 * authoring and in item analysis. Notes an author defines (anticipated answers, distractor
 * notes) are explained by the item's own feedback instead.
 */
const NUMBER_NOTES: Record<string, string> = {
  CORRECT: 'Correct.',
  WITHIN_TOLERANCE: 'Correct: within the tolerance the question allows.',
  EQUIV_WRONG_FORM: 'The right value, but not written in the form the question asks for (e.g. a fraction when a decimal is asked for).',
  NOT_LOWEST_TERMS: 'The right value, but the fraction is not in its lowest terms.',
  WRONG_DP: 'The right value rounded to a different number of decimal places from the one asked for.',
  WRONG_SF: 'The right value rounded to a different number of significant figures from the one asked for.',
  NOT_ROUNDED: 'The exact value, not rounded as the question asks.',
  TRUNCATED: 'Cut off (truncated) instead of rounded.',
  ROUNDED_NOT_EXACT: 'A rounded value where the exact value was needed (e.g. 0.33 for 1/3).',
  SIGN_ERROR: 'The right size but the wrong sign.',
  PLACE_VALUE_ERROR: 'Out by a factor of 10 or 1000: a place-value slip.',
  OUT_BY_100: 'Out by a factor of 100: often a percentage written as a decimal or the other way round.',
  INCORRECT: 'Incorrect.',
  EMPTY: 'No number was given.',
  UNREADABLE: 'Not readable as a number.',
  OUT_OF_RANGE: 'A number far too large or too small to be an answer.',
  ZERO_DENOMINATOR: 'A fraction with 0 as its denominator.',
};

const NOTES: Record<string, string> = {
  NO_ANSWER: 'No answer was given.',
  ANSWER_MALFORMED: 'The answer was not in the shape this question takes (e.g. a list for a single choice).',
  KEY_UNREADABLE: "The question's own answer could not be read: the item needs fixing.",
  KEY_INCONSISTENT: "The question's answer does not fit its interaction: the item needs fixing.",
  CHOICE_CORRECT: 'The correct option.',
  CHOICE_INCORRECT: 'A wrong option.',
  MR_CORRECT: 'Exactly the right options.',
  MR_PARTIAL: 'Some of the right options and no wrong ones: part marks.',
  MR_PARTIAL_WITH_WRONG: 'More right options than wrong ones: part marks.',
  MR_MISSING_CHOICES: 'Only right options, but not all of them.',
  MR_EXTRA_CHOICES: 'All the right options, plus wrong ones.',
  MR_INCORRECT: 'Incorrect options.',
  ORDER_CORRECT: 'The right order.',
  ORDER_REVERSED: 'The right order, backwards (e.g. largest first when smallest first was asked).',
  ORDER_PARTIAL: 'Partly in order: part marks for neighbouring pairs in the right order.',
  ORDER_INCORRECT: 'Not in the right order.',
  TEXT_CORRECT: 'An accepted answer.',
  TEXT_EMPTY: 'No answer was given.',
  TEXT_FORMAT_DIFFERS: 'An accepted answer apart from capitals, spaces, punctuation or accents that this question counts.',
  TEXT_INCORRECT: 'Not an accepted answer.',
  NUM_SET_SIGN_ERROR: 'The right numbers with their signs changed (often solutions read straight off the brackets).',
  NUM_SET_EXTRA_VALUES: 'All the right numbers, plus wrong ones.',
  NUM_SET_INCOMPLETE: 'Some of the right numbers and no wrong ones.',
  NUM_SET_PARTLY_WRONG: 'Some right numbers and some wrong ones.',
  NUM_SET_TOO_MANY: 'Too many numbers to check.',
  NUM_NOT_EVALUATED: 'A calculation with the right value, but not worked out.',
  NUM_CALCULATION_INCORRECT: 'A calculation instead of a number, and its value is wrong.',
  ALG_CORRECT: 'Equivalent to the answer, in the form asked for.',
  ALG_EQUIV_NOT_EXPANDED: 'Equivalent, but not expanded (brackets remain).',
  ALG_EQUIV_NOT_FACTORISED: 'Equivalent, but not factorised.',
  ALG_EQUIV_NOT_FULLY_FACTORISED: 'Equivalent and factorised, but not fully: a common factor is left in a bracket.',
  ALG_EQUIV_NOT_SIMPLIFIED: 'Equivalent, but not simplified (like terms not collected, or longer than needed).',
  ALG_EQUIV_NOT_LOWEST_TERMS: 'Equivalent, but a fraction is not in its lowest terms.',
  ALG_NOT_EQUIV: 'Not equivalent to the answer.',
  ALG_EQUIV_NOT_REARRANGED: 'An equivalent equation, but not rearranged to make the letter asked for the subject.',
  ALG_EQUATION_EXPECTED: 'The right expression, but not written as an equation (e.g. 2x + 3 for y = 2x + 3).',
  ALG_SIGN_ERROR: 'The negative of the answer: a sign error.',
  ALG_UNEXPECTED_VARIABLE: 'Uses a letter the answer does not have.',
  ALG_UNDECIDED: 'Could not be evaluated (e.g. undefined or infinite almost everywhere).',
  EXPR_EMPTY: 'No expression was given.',
  EXPR_TOO_LONG: 'Too long to be checked.',
  EXPR_TOO_DEEP: 'Too many brackets inside brackets to be checked.',
  EXPR_TOO_COMPLEX: 'Too much work to check within the time allowed.',
  EXPR_FORBIDDEN: 'Uses something that is not school algebra (e.g. quotes, assignments, other functions).',
  EXPR_UNREADABLE: 'Not readable as an expression (e.g. brackets that do not match).',
  EXPR_NUMBER_TOO_LARGE: 'Contains a number too large to work with.',
  EXPR_UNKNOWN_WORD: 'Contains a word rather than algebra.',
  EXPR_EQUATION: 'An equation where an expression was asked for.',
  QTY_CORRECT_CONVERTED: 'Correct, in different but equivalent units.',
  QTY_CORRECT_OTHER_UNITS_NOT_ALLOWED: 'The right quantity, but not in the units the question asks for.',
  QTY_MISSING_UNITS: 'The right number, without units.',
  QTY_MISSING_UNITS_INCORRECT: 'A wrong number, without units.',
  QTY_RIGHT_NUMBER_WRONG_UNITS: 'The right number with the wrong units (e.g. 5 m for 5 cm).',
  QTY_INCOMPATIBLE_UNITS: 'Units of a different kind of quantity (e.g. kg for a length).',
  QTY_UNKNOWN_UNITS: 'Units we do not recognise.',
};

for (const [suffix, text] of Object.entries(NUMBER_NOTES)) {
  NOTES[`NUM_${suffix}`] = text;
  NOTES[`QTY_${suffix}`] ??= text;
}

/** The teacher's description of a built-in note; undefined for a note the author defined. */
export function describeAnswerNote(note: string): string | undefined {
  if (note.includes(';')) {
    // Multi-part: "a:ALG_CORRECT;b:NUM_WRONG_DP".
    const parts = note.split(';').map((part) => {
      const [id, partNote] = part.includes(':') ? (part.split(':') as [string, string]) : ['', part];
      const text = describeAnswerNote(partNote) ?? partNote;
      return id ? `Part ${id}: ${text}` : text;
    });
    return parts.join(' ');
  }
  return NOTES[note];
}

/** Every built-in note. */
export const BUILT_IN_ANSWER_NOTES: readonly string[] = Object.keys(NOTES);
