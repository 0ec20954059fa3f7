/**
 * Marking of algebraic expressions: read the pupil's input like a person would (readAnswer),
 * check it in the locked-down reader (safeExpression), decide equivalence with the key by
 * random evaluation (expressionEquivalence), then check the form the question asks for
 * (expressionForm). Every outcome is a mark with a note; nothing the pupil types can throw.
 */
import type { RandomSource } from '../irt/types';
import { EvaluationBudgetExceeded, type EvaluationBudget } from './evaluateExpression';
import { equationsEquivalent, expressionsEquivalent, type Equivalence } from './expressionEquivalence';
import { formProblems } from './expressionForm';
import type { ExpressionAnswer, ExpressionForm } from './itemDocument';
import { stripAnswerLetter } from './markNumeric';
import { DEFAULT_MARKS, partMark, type PartMark } from './partMark';
import { parseSafeExpression, variablesOf, type Equation, type ExpressionNode } from './safeExpression';

export interface ExpressionMarkOptions {
  random: RandomSource;
  /** Evaluation steps allowed for the whole check. */
  budget: number;
  maxLength?: number;
}

function negated(tree: ExpressionNode): ExpressionNode {
  return { kind: 'negate', argument: tree };
}

/** The letter an equation is solved for ("x = …" or "… = x", the letter absent from the other side) and that other side. */
function subjectOf(equation: Equation): { subject: string; other: ExpressionNode } | undefined {
  for (const [side, other] of [[equation.left, equation.right], [equation.right, equation.left]] as const) {
    if (side.kind === 'variable' && !variablesOf(other).has(side.name)) return { subject: side.name, other };
  }
  return undefined;
}

/** Form problems of an equivalent equation: 'subject' needs the key's letter alone on one side; other forms apply to the other side. */
function equationFormProblems(pupil: Equation, key: Equation, forms: readonly ExpressionForm[]): string[] {
  const keySubject = subjectOf(key);
  const pupilSubject = subjectOf(pupil);
  const problems: string[] = [];
  if (forms.includes('subject') && (!keySubject || pupilSubject?.subject !== keySubject.subject)) problems.push('ALG_EQUIV_NOT_REARRANGED');
  if (keySubject && pupilSubject && pupilSubject.subject === keySubject.subject) {
    problems.push(...formProblems(pupilSubject.other, keySubject.other, forms.filter((f) => f !== 'subject')));
  }
  return problems;
}

export function markExpression(answer: ExpressionAnswer, input: string, options: ExpressionMarkOptions): PartMark {
  const marks = answer.marks ?? DEFAULT_MARKS;
  const key = parseSafeExpression(answer.value, { maxLength: 500 }, { allowEquation: true });
  const keyEquation = key.ok ? key.equation : undefined;
  const limits = options.maxLength !== undefined ? { maxLength: options.maxLength } : {};
  const pupil = parseSafeExpression(key.ok && !keyEquation ? stripAnswerLetter(input) : input, limits, { allowEquation: !!keyEquation });
  if (!pupil.ok) return partMark(0, marks, pupil.note, pupil.reading?.display);
  const readAs = pupil.reading.display;
  if (!key.ok) return partMark(0, marks, 'KEY_UNREADABLE', readAs);
  const budget: EvaluationBudget = { remaining: options.budget };
  const equivalent = (a: ExpressionNode, b: ExpressionNode): Equivalence =>
    keyEquation ? equationsEquivalent(a, b, options.random, budget) : expressionsEquivalent(a, b, options.random, budget);
  try {
    if (keyEquation && !pupil.equation) {
      const subject = subjectOf(keyEquation);
      const sameAsOtherSide = subject && expressionsEquivalent(pupil.tree, subject.other, options.random, budget) === 'equivalent';
      return partMark(sameAsOtherSide ? Math.min(answer.equivalentScore ?? 0, marks) : 0, marks, sameAsOtherSide ? 'ALG_EQUATION_EXPECTED' : 'ALG_NOT_EQUIV', readAs);
    }
    const equivalence = equivalent(pupil.tree, key.tree);
    if (equivalence === 'equivalent') {
      const problems =
        keyEquation && pupil.equation
          ? equationFormProblems(pupil.equation, keyEquation, answer.forms ?? [])
          : formProblems(pupil.tree, key.tree, answer.forms ?? []);
      if (problems.length === 0) return partMark(marks, marks, 'ALG_CORRECT', readAs);
      return partMark(Math.min(answer.equivalentScore ?? 0, marks), marks, problems[0] as string, readAs);
    }
    for (const anticipated of answer.anticipated ?? []) {
      if (anticipated.value === undefined) continue;
      const expected = parseSafeExpression(String(anticipated.value), { maxLength: 500 }, { allowEquation: !!keyEquation });
      if (expected.ok && !!expected.equation === !!keyEquation && equivalent(pupil.tree, expected.tree) === 'equivalent') {
        return partMark(anticipated.score ?? 0, marks, anticipated.note, readAs);
      }
    }
    if (equivalence === 'undecided') return partMark(0, marks, 'ALG_UNDECIDED', readAs);
    const allowed = new Set(answer.variables ?? variablesOf(key.tree));
    if ([...variablesOf(pupil.tree)].some((v) => !allowed.has(v))) return partMark(0, marks, 'ALG_UNEXPECTED_VARIABLE', readAs);
    if (!keyEquation && expressionsEquivalent(pupil.tree, negated(key.tree), options.random, budget) === 'equivalent') {
      return partMark(0, marks, 'ALG_SIGN_ERROR', readAs);
    }
    return partMark(0, marks, 'ALG_NOT_EQUIV', readAs);
  } catch (error) {
    if (error instanceof EvaluationBudgetExceeded) return partMark(0, marks, 'EXPR_TOO_COMPLEX', readAs);
    throw error;
  }
}
