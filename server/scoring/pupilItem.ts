/**
 * The pupil-facing projection of an item (DESIGN.md rule 3: keys stay on the server).
 * Built field by field from a whitelist, never by copying and deleting, so a field added to the
 * item document later cannot leak by default. Ordering options are presented in a scrambled,
 * deterministic order that is never the correct order.
 */
import type {
  AnswerSpec,
  Interaction,
  InteractionOption,
  ItemDocument,
  PupilItem,
  SingleAnswer,
  SingleInteraction,
} from './itemDocument';

function projectOptions(options: readonly InteractionOption[]): InteractionOption[] {
  return options.map((o) => ({ id: o.id, content: o.content }));
}

/** FNV-1a: a stable, well-spread hash of a string; enough to scramble a handful of options. */
function stringHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The options in an order fixed by the item id, rotated by one if that happens to be the answer. */
export function scrambledOrder(itemId: string, options: readonly InteractionOption[], correctOrder: readonly string[]): InteractionOption[] {
  const scrambled = [...options].sort(
    (x, y) => stringHash(`${itemId}\u0000${x.id}`) - stringHash(`${itemId}\u0000${y.id}`) || (x.id < y.id ? -1 : 1),
  );
  const isCorrect = scrambled.length === correctOrder.length && scrambled.every((o, i) => o.id === correctOrder[i]);
  return isCorrect && scrambled.length > 1 ? [...scrambled.slice(1), scrambled[0] as InteractionOption] : scrambled;
}

function projectInteraction(itemId: string, interaction: SingleInteraction, answer: SingleAnswer | undefined): SingleInteraction {
  switch (interaction.type) {
    case 'choice': {
      const out: SingleInteraction = { type: 'choice', options: projectOptions(interaction.options) };
      if (interaction.shuffle !== undefined) out.shuffle = interaction.shuffle;
      return out;
    }
    case 'multiple-response': {
      const out: SingleInteraction = { type: 'multiple-response', options: projectOptions(interaction.options) };
      if (interaction.shuffle !== undefined) out.shuffle = interaction.shuffle;
      if (interaction.minChoices !== undefined) out.minChoices = interaction.minChoices;
      if (interaction.maxChoices !== undefined) out.maxChoices = interaction.maxChoices;
      return out;
    }
    case 'ordering': {
      const correctOrder = answer?.type === 'ordering' ? answer.correctOrder : [];
      const out: SingleInteraction = { type: 'ordering', options: projectOptions(scrambledOrder(itemId, interaction.options, correctOrder)) };
      if (interaction.orderLabel !== undefined) out.orderLabel = interaction.orderLabel;
      return out;
    }
    default: {
      const out: SingleInteraction = { type: interaction.type };
      if (interaction.prefix !== undefined) out.prefix = interaction.prefix;
      if (interaction.suffix !== undefined) out.suffix = interaction.suffix;
      if (interaction.maxLength !== undefined) out.maxLength = interaction.maxLength;
      return out;
    }
  }
}

function partAnswer(answer: AnswerSpec, partId: string): SingleAnswer | undefined {
  return answer.type === 'multi-part' ? answer.parts[partId] : undefined;
}

export function projectItemInteraction(item: Pick<ItemDocument, 'id' | 'interaction' | 'answer'>): Interaction {
  const { interaction, answer } = item;
  if (interaction.type === 'multi-part') {
    return {
      type: 'multi-part',
      parts: interaction.parts.map((part) => ({
        id: part.id,
        stem: part.stem,
        interaction: projectInteraction(`${item.id}/${part.id}`, part.interaction, partAnswer(answer, part.id)),
      })),
    };
  }
  return projectInteraction(item.id, interaction, answer.type === 'multi-part' ? undefined : answer);
}

export function pupilItem(item: ItemDocument): PupilItem {
  const projection: PupilItem = {
    id: item.id,
    version: item.version,
    subject: item.subject,
    stem: item.stem,
    interaction: projectItemInteraction(item),
  };
  if (item.image) projection.image = { src: item.image.src, alt: item.image.alt };
  return projection;
}
