/**
 * Reads a QTI 3.0 <qti-response-processing> into the marking rules Waymark can keep: the
 * standard templates match_correct and map_response, or conditions whose branches compare the
 * response with the correct response or a fixed value (qti-match; qti-equal with a tolerance;
 * qti-equal-rounded to decimal places or significant figures) and set SCORE to a number.
 * Anything else is refused by name: an item must never import with a different marking rule.
 */
import type { Tolerance } from '../../scoring/itemDocument';
import { childElements, descendants, textContent, type XmlElement } from './xmlTree';

export interface QtiComparison {
  /** 'correct': against qti-correct; 'value': against a qti-base-value. */
  against: 'correct' | 'value';
  value?: string;
  tolerance?: Tolerance;
  decimalPlaces?: number;
  significantFigures?: number;
}

export interface ScoredBranch {
  comparison: QtiComparison;
  score: number;
}

export type ResponseRules =
  | { kind: 'match_correct' }
  | { kind: 'map_response' }
  | { kind: 'conditions'; branches: ScoredBranch[] };

export interface RuleProblem {
  path: string;
  message: string;
}

const SUPPORTED = 'Waymark imports the templates match_correct and map_response, or conditions using qti-match, qti-equal and qti-equal-rounded';

function templateName(uri: string): string | undefined {
  const match = /(match_correct|map_response|map_response_point|cc2_match|cc2_map_response)(\.xml)?$/.exec(uri.trim());
  return match?.[1];
}

function readTolerance(condition: XmlElement, path: string, problems: RuleProblem[]): Tolerance | undefined {
  const mode = condition.attributes['tolerance-mode'] ?? 'exact';
  if (mode === 'exact') return undefined;
  const values = (condition.attributes.tolerance ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  if (values.length === 0 || values.length > 2 || values.some((v) => !Number.isFinite(v) || v < 0)) {
    problems.push({ path: `${path}/@tolerance`, message: 'The tolerance must be one or two numbers that are not negative.' });
    return undefined;
  }
  if (values.length === 2 && values[0] !== values[1]) {
    problems.push({ path: `${path}/@tolerance`, message: 'Different tolerances below and above the answer cannot be imported: Waymark tolerances are the same on both sides.' });
    return undefined;
  }
  if (mode === 'absolute') return { absolute: values[0] };
  if (mode === 'relative') return { relative: values[0] / 100 };
  problems.push({ path: `${path}/@tolerance-mode`, message: `The tolerance mode "${mode}" is not one of exact, absolute or relative.` });
  return undefined;
}

function readComparison(condition: XmlElement, path: string, responseId: string, problems: RuleProblem[]): QtiComparison | undefined {
  if (!['qti-match', 'qti-equal', 'qti-equal-rounded'].includes(condition.name)) {
    problems.push({ path, message: `The condition <${condition.name}> cannot be imported. ${SUPPORTED}.` });
    return undefined;
  }
  const operands = childElements(condition);
  const variable = operands.find((o) => o.name === 'qti-variable');
  const other = operands.find((o) => o !== variable);
  if (operands.length !== 2 || !variable || !other) {
    problems.push({ path, message: `<${condition.name}> must compare the response (qti-variable) with qti-correct or a qti-base-value.` });
    return undefined;
  }
  if (variable.attributes.identifier !== responseId || (other.name === 'qti-correct' && other.attributes.identifier !== responseId)) {
    problems.push({ path, message: `<${condition.name}> must compare the response "${responseId}".` });
    return undefined;
  }
  const comparison: QtiComparison = { against: 'correct' };
  if (other.name === 'qti-base-value') {
    comparison.against = 'value';
    comparison.value = textContent(other).trim();
  } else if (other.name !== 'qti-correct') {
    problems.push({ path: `${path}/${other.name}`, message: `<${other.name}> cannot be imported here. ${SUPPORTED}.` });
    return undefined;
  }
  if (condition.name === 'qti-equal') {
    const tolerance = readTolerance(condition, path, problems);
    if (tolerance) comparison.tolerance = tolerance;
  }
  if (condition.name === 'qti-equal-rounded') {
    const figures = Number(condition.attributes.figures);
    const mode = condition.attributes['rounding-mode'] ?? 'significantFigures';
    if (!Number.isInteger(figures) || figures < 0 || figures > 15) {
      problems.push({ path: `${path}/@figures`, message: 'The number of figures must be a whole number from 0 to 15.' });
      return undefined;
    }
    if (mode === 'decimalPlaces') comparison.decimalPlaces = figures;
    else if (mode === 'significantFigures' && figures >= 1) comparison.significantFigures = figures;
    else {
      problems.push({ path: `${path}/@rounding-mode`, message: `The rounding mode "${mode}" with ${figures} figures is not decimalPlaces or significantFigures (at least 1).` });
      return undefined;
    }
  }
  return comparison;
}

/** k in SCORE = SCORE + k (qti-sum of the SCORE variable and a number): how items in parts add up each part's marks. */
function addedScore(sum: XmlElement): number {
  const terms = childElements(sum);
  if (sum.name !== 'qti-sum' || terms.length !== 2) return Number.NaN;
  const score = terms.find((t) => t.name === 'qti-variable' && t.attributes.identifier === 'SCORE');
  const added = terms.find((t) => t !== score);
  return score && added?.name === 'qti-base-value' ? Number(textContent(added).trim()) : Number.NaN;
}

/** SCORE = SCORE + the mapped value of `responseId` (map_response for one part of an item in parts). */
function isAddedMapResponse(statement: XmlElement, responseId: string): boolean {
  if (statement.name !== 'qti-set-outcome-value' || statement.attributes.identifier !== 'SCORE') return false;
  const [sum, ...more] = childElements(statement);
  const terms = sum && more.length === 0 && sum.name === 'qti-sum' ? childElements(sum) : [];
  return terms.length === 2 && terms.some((t) => t.name === 'qti-variable' && t.attributes.identifier === 'SCORE')
    && terms.some((t) => t.name === 'qti-map-response' && t.attributes.identifier === responseId);
}

/** The SCORE a branch sets, or undefined when it sets none. */
function branchScore(actions: XmlElement[], path: string, problems: RuleProblem[]): number | undefined {
  let score: number | undefined;
  for (const action of actions) {
    if (action.name !== 'qti-set-outcome-value') {
      problems.push({ path: `${path}/${action.name}`, message: `<${action.name}> cannot be imported inside a condition. ${SUPPORTED}.` });
      continue;
    }
    if (action.attributes.identifier !== 'SCORE') continue; // feedback and other outcomes do not change the mark
    const [value, ...more] = childElements(action);
    const number = value?.name === 'qti-base-value' && more.length === 0 ? Number(textContent(value).trim())
      : more.length === 0 && value ? addedScore(value) : Number.NaN;
    if (!Number.isFinite(number)) {
      problems.push({ path: `${path}/qti-set-outcome-value`, message: 'SCORE must be set to a plain number (qti-base-value).' });
      continue;
    }
    score = number;
  }
  return score;
}

export function readResponseRules(processing: XmlElement | undefined, responseId: string, path: string, problems: RuleProblem[]): ResponseRules | undefined {
  if (!processing) {
    problems.push({ path, message: 'The item has no <qti-response-processing>, so there is no way to tell how it is marked.' });
    return undefined;
  }
  const template = processing.attributes.template;
  if (template !== undefined) {
    const name = templateName(template);
    if (name === 'match_correct' || name === 'cc2_match') return { kind: 'match_correct' };
    if (name === 'map_response' || name === 'cc2_map_response') return { kind: 'map_response' };
    problems.push({ path: `${path}/@template`, message: `The response processing template "${template}" cannot be imported. ${SUPPORTED}.` });
    return undefined;
  }
  const statements = childElements(processing);
  if (statements.length === 1 && isAddedMapResponse(statements[0], responseId)) return { kind: 'map_response' };
  const branches: ScoredBranch[] = [];
  for (const statement of statements) {
    const statementPath = `${path}/${statement.name}`;
    if (statement.name === 'qti-set-outcome-value' && statement.attributes.identifier !== 'SCORE') continue;
    if (statement.name !== 'qti-response-condition') {
      problems.push({ path: statementPath, message: `<${statement.name}> cannot be imported. ${SUPPORTED}.` });
      continue;
    }
    for (const branch of childElements(statement)) {
      const branchPath = `${statementPath}/${branch.name}`;
      const parts = childElements(branch);
      if (branch.name === 'qti-response-else') {
        const score = branchScore(parts, branchPath, problems);
        if (score !== undefined && score > 0) problems.push({ path: branchPath, message: 'Marks for "any other answer" cannot be imported.' });
        continue;
      }
      if (branch.name !== 'qti-response-if' && branch.name !== 'qti-response-else-if') {
        problems.push({ path: branchPath, message: `<${branch.name}> cannot be imported. ${SUPPORTED}.` });
        continue;
      }
      const [condition, ...actions] = parts;
      if (!condition) {
        problems.push({ path: branchPath, message: 'The condition is missing.' });
        continue;
      }
      const score = branchScore(actions, branchPath, problems);
      if (condition.name === 'qti-is-null' && !score) continue; // "no answer scores 0" is Waymark's rule anyway
      const comparison = readComparison(condition, `${branchPath}/${condition.name}`, responseId, problems);
      if (comparison && score !== undefined && score > 0) branches.push({ comparison, score });
    }
  }
  if (branches.length === 0 && problems.length === 0) {
    problems.push({ path, message: 'The response processing never gives a score above 0.' });
  }
  return { kind: 'conditions', branches };
}

/**
 * The rules for one response of an item with several (Waymark's items in parts): the statements
 * that mention that response, each adding its marks to SCORE.
 */
export function readPartRules(processing: XmlElement | undefined, responseId: string, path: string, problems: RuleProblem[]): ResponseRules | undefined {
  if (!processing || processing.attributes.template !== undefined) {
    problems.push({ path, message: 'An item with several interactions needs response processing that marks each response (a template marks only RESPONSE).' });
    return undefined;
  }
  const mentions = (statement: XmlElement): boolean => descendants(statement)
    .some((e) => ['qti-variable', 'qti-correct', 'qti-map-response'].includes(e.name) && e.attributes.identifier === responseId);
  return readResponseRules({ ...processing, children: childElements(processing).filter(mentions) }, responseId, path, problems);
}

/**
 * Scores as whole Waymark marks: the full score is the largest; other scores keep their share
 * of it, so 1 and 0.5 become 2 and 1 marks. undefined when no whole number up to 20 works.
 */
export function wholeMarks(scores: readonly number[], fullScore: number): { marks: number; scale: number } | undefined {
  if (Number.isInteger(fullScore) && fullScore >= 1 && fullScore <= 20 && scores.every((s) => Number.isInteger(s))) return { marks: fullScore, scale: 1 };
  for (let marks = 1; marks <= 20; marks += 1) {
    const scale = marks / fullScore;
    if (scores.every((s) => Math.abs(s * scale - Math.round(s * scale)) < 1e-9)) return { marks, scale };
  }
  return undefined;
}
