/**
 * Everything that makes an item document acceptable: the JSON Schema (item-bank/schemas/
 * item.schema.json) and the rules a schema cannot express (the answer fits the interaction,
 * option ids exist, the key itself can be marked as correct).
 */
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import type { ValidationDetail } from '../schemas/validationDetail';
import { describeAnswerNote } from './answerNotes';
import type { ItemDocument, Mark, SingleAnswer, SingleInteraction } from './itemDocument';
import { markResponse } from './markResponse';
import { modelAnswer } from './modelAnswer';
import { keyValue } from './markNumeric';
import { readUnit } from './markQuantity';
import { parseSafeExpression } from './safeExpression';

function checkSingle(interaction: SingleInteraction, answer: SingleAnswer, interactionPath: string, answerPath: string): ValidationDetail[] {
  if (interaction.type !== answer.type) {
    return [{ path: `${answerPath}/type`, message: `The answer is for a ${answer.type} question but the question is ${interaction.type}.` }];
  }
  const details: ValidationDetail[] = [];
  if ('maxLength' in interaction && interaction.maxLength !== undefined) {
    let typed: unknown;
    try {
      typed = modelAnswer({ answer });
    } catch {
      typed = undefined; // an unreadable key is reported below
    }
    if (typeof typed === 'string' && typed.length > interaction.maxLength) {
      details.push({ path: `${interactionPath}/maxLength`, message: `The answer box must allow at least ${typed.length} characters for the answer "${typed}".` });
    }
  }
  const optionIds = 'options' in interaction ? new Set(interaction.options.map((o) => o.id)) : new Set<string>();
  if ('options' in interaction) {
    const seen = new Set<string>();
    interaction.options.forEach((o, i) => {
      if (seen.has(o.id)) details.push({ path: `${interactionPath}/options/${i}/id`, message: `Two options have the id "${o.id}".` });
      seen.add(o.id);
    });
  }
  const unknownOption = (id: string, path: string): void => {
    if (!optionIds.has(id)) details.push({ path, message: `"${id}" is not one of the options.` });
  };
  switch (answer.type) {
    case 'choice':
      unknownOption(answer.correct, `${answerPath}/correct`);
      Object.keys(answer.optionNotes ?? {}).forEach((id) => unknownOption(id, `${answerPath}/optionNotes/${id}`));
      break;
    case 'multiple-response':
      answer.correct.forEach((id, i) => unknownOption(id, `${answerPath}/correct/${i}`));
      if (interaction.type === 'multiple-response') {
        const { minChoices, maxChoices } = interaction;
        if (minChoices !== undefined && maxChoices !== undefined && minChoices > maxChoices) {
          details.push({ path: `${interactionPath}/minChoices`, message: 'The fewest choices cannot be more than the most choices.' });
        }
        if (maxChoices !== undefined && answer.correct.length > maxChoices) {
          details.push({ path: `${interactionPath}/maxChoices`, message: `A pupil must be able to choose all ${answer.correct.length} correct options.` });
        }
        if (minChoices !== undefined && answer.correct.length < minChoices) {
          details.push({ path: `${interactionPath}/minChoices`, message: `The correct answer has only ${answer.correct.length} options, fewer than the fewest choices allowed.` });
        }
      }
      break;
    case 'ordering':
      answer.correctOrder.forEach((id, i) => unknownOption(id, `${answerPath}/correctOrder/${i}`));
      if (answer.correctOrder.length !== optionIds.size) {
        details.push({ path: `${answerPath}/correctOrder`, message: 'The correct order must list every option exactly once.' });
      }
      break;
    case 'numeric':
    case 'quantity':
      (Array.isArray(answer.value) ? answer.value : [answer.value]).forEach((value, i, all) => {
        try {
          keyValue(value);
        } catch {
          details.push({
            path: all.length > 1 || Array.isArray(answer.value) ? `${answerPath}/value/${i}` : `${answerPath}/value`,
            message: 'The value must be a number, a fraction such as 1/3 or a mixed number such as 2 1/2.',
          });
        }
      });
      if (answer.decimalPlaces !== undefined && answer.significantFigures !== undefined) {
        details.push({ path: `${answerPath}/significantFigures`, message: 'Ask for decimal places or significant figures, not both.' });
      }
      break;
    case 'expression': {
      const key = parseSafeExpression(answer.value, { maxLength: 500 }, { allowEquation: true });
      if (!key.ok) details.push({ path: `${answerPath}/value`, message: `The expression cannot be read: ${key.message}` });
      if (key.ok && (answer.forms ?? []).includes('subject') && !key.equation) {
        details.push({ path: `${answerPath}/forms`, message: 'Only an equation such as "x = (y − 3)/2" can ask for a subject.' });
      }
      (answer.anticipated ?? []).forEach((a, i) => {
        const parsed = a.value === undefined ? undefined : parseSafeExpression(String(a.value), { maxLength: 500 }, { allowEquation: true });
        if (!parsed?.ok) details.push({ path: `${answerPath}/anticipated/${i}/value`, message: 'This anticipated answer cannot be read as an expression.' });
      });
      break;
    }
    default:
      break;
  }
  if (answer.type === 'quantity' && !readUnit(answer.unit)) {
    details.push({ path: `${answerPath}/unit`, message: `"${answer.unit}" is not a unit we know; write it like cm, m/s, km/h or cm^2.` });
  }
  if ((answer.type === 'numeric' || answer.type === 'quantity') && answer.anticipated) {
    answer.anticipated.forEach((a, i) => {
      if (a.value === undefined) return;
      try {
        keyValue(a.value);
      } catch {
        details.push({ path: `${answerPath}/anticipated/${i}/value`, message: 'This anticipated answer must be a number.' });
      }
    });
  }
  const marks = 'marks' in answer && answer.marks !== undefined ? answer.marks : 1;
  (('anticipated' in answer ? answer.anticipated : undefined) ?? []).forEach((a, i) => {
    if ((a.score ?? 0) > marks) details.push({ path: `${answerPath}/anticipated/${i}/score`, message: `The score cannot be more than the ${marks} mark(s) of the question.` });
  });
  return details;
}

export function checkItemConsistency(item: ItemDocument): ValidationDetail[] {
  const { interaction, answer } = item;
  if (interaction.type === 'multi-part') {
    if (answer.type !== 'multi-part') return [{ path: '/answer/type', message: 'A question in parts needs an answer for each part (answer type "multi-part").' }];
    const details: ValidationDetail[] = [];
    const ids = new Set<string>();
    interaction.parts.forEach((part, i) => {
      if (ids.has(part.id)) details.push({ path: `/interaction/parts/${i}/id`, message: `Two parts have the id "${part.id}".` });
      ids.add(part.id);
      const partAnswer = answer.parts[part.id];
      if (!partAnswer) details.push({ path: `/answer/parts/${part.id}`, message: `Part "${part.id}" has no answer.` });
      else details.push(...checkSingle(part.interaction, partAnswer, `/interaction/parts/${i}/interaction`, `/answer/parts/${part.id}`));
    });
    Object.keys(answer.parts).forEach((id) => {
      if (!ids.has(id)) details.push({ path: `/answer/parts/${id}`, message: `There is no part "${id}" in the question.` });
    });
    return details;
  }
  if (answer.type === 'multi-part') return [{ path: '/answer/type', message: 'Only a question in parts can have a multi-part answer.' }];
  return checkSingle(interaction, answer, '/interaction', '/answer');
}

/** The key must get full marks from its own rules (e.g. a "factorised" key must be factorised, a 2 d.p. key must be a decimal). */
function checkKeyMarksCorrect(item: ItemDocument): ValidationDetail[] {
  let mark: Mark;
  try {
    mark = markResponse(item, modelAnswer(item));
  } catch {
    return [{ path: '/answer', message: 'The answer cannot be marked: check its value and rules.' }];
  }
  if (mark.score === mark.maxScore) return [];
  const describe = (note: string): string => describeAnswerNote(note) ?? note;
  if (mark.parts) {
    return Object.entries(mark.parts)
      .filter(([, part]) => part.score < part.maxScore)
      .map(([id, part]) => ({ path: `/answer/parts/${id}`, message: `The answer itself does not get full marks under its own rules: ${describe(part.note)}` }));
  }
  return [{ path: '/answer', message: `The answer itself does not get full marks under its own rules: ${describe(mark.note)}` }];
}

/** [] when `value` is a valid item document. */
export function validateItemDocument(value: unknown): ValidationDetail[] {
  const schemaDetails = validateAgainstSchema('item', value);
  if (schemaDetails.length > 0) return schemaDetails;
  const consistency = checkItemConsistency(value as ItemDocument);
  if (consistency.length > 0) return consistency;
  return checkKeyMarksCorrect(value as ItemDocument);
}
