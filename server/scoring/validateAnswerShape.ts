/**
 * Checks that what a pupil sent has the shape the item expects (an option id, a list of option
 * ids, text, or an object by part id) before it is stored or marked. Whether it is right is
 * markResponse's business; this only rejects malformed requests.
 */
import type { ItemDocument, SingleInteraction } from './itemDocument';
import type { ValidationDetail } from '../schemas/validationDetail';

const DEFAULT_MAX_LENGTH = { text: 500, maths: 200 } as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkSingle(interaction: SingleInteraction, answer: unknown, path: string): ValidationDetail[] {
  switch (interaction.type) {
    case 'choice': {
      if (typeof answer !== 'string') return [{ path, message: 'Choose one of the options.' }];
      if (!interaction.options.some((o) => o.id === answer)) return [{ path, message: `"${answer.slice(0, 40)}" is not one of the options.` }];
      return [];
    }
    case 'multiple-response':
    case 'ordering': {
      if (!Array.isArray(answer) || !answer.every((a) => typeof a === 'string')) {
        return [{ path, message: interaction.type === 'ordering' ? 'Send the options as a list in your order.' : 'Send the options you chose as a list.' }];
      }
      const ids = new Set(interaction.options.map((o) => o.id));
      const details: ValidationDetail[] = [];
      const seen = new Set<string>();
      answer.forEach((id: string, i) => {
        if (!ids.has(id)) details.push({ path: `${path}/${i}`, message: `"${id.slice(0, 40)}" is not one of the options.` });
        else if (seen.has(id)) details.push({ path: `${path}/${i}`, message: `"${id}" appears twice.` });
        seen.add(id);
      });
      if (interaction.type === 'ordering' && details.length === 0 && seen.size !== ids.size) {
        details.push({ path, message: 'Put every option in order.' });
      }
      if (interaction.type === 'multiple-response' && interaction.maxChoices !== undefined && answer.length > interaction.maxChoices) {
        details.push({ path, message: `Choose at most ${interaction.maxChoices} options.` });
      }
      return details;
    }
    default: {
      if (typeof answer !== 'string') return [{ path, message: 'The answer must be text.' }];
      const limit = interaction.maxLength ?? (interaction.type === 'text' ? DEFAULT_MAX_LENGTH.text : DEFAULT_MAX_LENGTH.maths);
      if (answer.length > limit) return [{ path, message: `The answer is too long: at most ${limit} characters.` }];
      return [];
    }
  }
}

/** [] when the answer has the right shape; `path` is where the answer sits in the request body. */
export function validateAnswerShape(item: Pick<ItemDocument, 'interaction'>, answer: unknown, path = '/answer'): ValidationDetail[] {
  const { interaction } = item;
  if (interaction.type !== 'multi-part') return checkSingle(interaction, answer, path);
  if (!isPlainObject(answer)) return [{ path, message: 'Send the answers to the parts as an object keyed by part.' }];
  const details: ValidationDetail[] = [];
  const partIds = new Set(interaction.parts.map((p) => p.id));
  for (const key of Object.keys(answer)) {
    if (!partIds.has(key)) details.push({ path: `${path}/${key}`, message: `"${key.slice(0, 40)}" is not a part of this question.` });
  }
  for (const part of interaction.parts) {
    // An unanswered part is allowed (it scores 0); a malformed one is not.
    if (answer[part.id] === undefined) continue;
    details.push(...checkSingle(part.interaction, answer[part.id], `${path}/${part.id}`));
  }
  return details;
}
