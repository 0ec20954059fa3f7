/**
 * Marking of algebraic expressions: read the pupil's input like a person would (readAnswer),
 * check it in the locked-down reader (safeExpression), decide equivalence with the key by
 * random evaluation (expressionEquivalence), then check the form the question asks for
 * (expressionForm). Every outcome is a mark with a note; nothing the pupil types can throw.
 */
import type { RandomSource } from '../irt/types';
import { EvaluationBudgetExceeded, type EvaluationBudget } from './evaluateExpression';
import { expressionsEquivalent } from './expressionEquivalence';
import { formProblems } from './expressionForm';
import type { ExpressionAnswer } from './itemDocument';
import { stripAnswerLetter } from './markNumeric';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';
import { parseSafeExpression, variablesOf, type ExpressionNode } from './safeExpression';

export interface ExpressionMarkOptions {
  random: RandomSource;
  /** Evaluation steps allowed for the whole check. */
  budget: number;
  maxLength?: number;
}

function negated(tree: ExpressionNode): ExpressionNode {
  return { kind: 'negate', argument: tree };
}

export function markExpression(answer: ExpressionAnswer, input: string, options: ExpressionMarkOptions): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const key = parseSafeExpression(answer.value, { maxLength: 500 });
  const pupil = parseSafeExpression(key.ok ? stripAnswerLetter(input) : input, options.maxLength !== undefined ? { maxLength: options.maxLength } : {});
  if (!pupil.ok) return partMark(0, marks, pupil.note, pupil.reading?.display);
  const readAs = pupil.reading.display;
  if (!key.ok) return partMark(0, marks, 'KEY_UNREADABLE', readAs);
  const budget: EvaluationBudget = { remaining: options.budget };
  try {
    const equivalence = expressionsEquivalent(pupil.tree, key.tree, options.random, budget);
    if (equivalence === 'equivalent') {
      const problems = formProblems(pupil.tree, key.tree, answer.forms ?? []);
      if (problems.length === 0) return partMark(marks, marks, 'ALG_CORRECT', readAs);
      return partMark(Math.min(answer.equivalentScore ?? 0, marks), marks, problems[0] as string, readAs);
    }
    for (const anticipated of answer.anticipated ?? []) {
      if (anticipated.value === undefined) continue;
      const expected = parseSafeExpression(String(anticipated.value), { maxLength: 500 });
      if (expected.ok && expressionsEquivalent(pupil.tree, expected.tree, options.random, budget) === 'equivalent') {
        return partMark(anticipated.score ?? 0, marks, anticipated.note, readAs);
      }
    }
    if (equivalence === 'undecided') return partMark(0, marks, 'ALG_UNDECIDED', readAs);
    const allowed = new Set(answer.variables ?? variablesOf(key.tree));
    if ([...variablesOf(pupil.tree)].some((v) => !allowed.has(v))) return partMark(0, marks, 'ALG_UNEXPECTED_VARIABLE', readAs);
    if (expressionsEquivalent(pupil.tree, negated(key.tree), options.random, budget) === 'equivalent') {
      return partMark(0, marks, 'ALG_SIGN_ERROR', readAs);
    }
    return partMark(0, marks, 'ALG_NOT_EQUIV', readAs);
  } catch (error) {
    if (error instanceof EvaluationBudgetExceeded) return partMark(0, marks, 'EXPR_TOO_COMPLEX', readAs);
    throw error;
  }
}
