/** An answer of the right shape for a pupil-facing item (right or wrong does not matter for load). */
export interface SimulatedInteraction {
  type: string;
  options?: { id: string }[];
  parts?: { id: string; interaction: SimulatedInteraction }[];
}

export function simulatedAnswer(interaction: SimulatedInteraction, random: () => number): unknown {
  const options = interaction.options ?? [];
  switch (interaction.type) {
    case 'choice':
      return options[Math.floor(random() * options.length)]?.id ?? '';
    case 'multiple-response':
      return options.slice(0, 1).map((option) => option.id);
    case 'ordering':
      return options.map((option) => option.id);
    case 'multi-part':
      return Object.fromEntries((interaction.parts ?? []).map((part) => [part.id, simulatedAnswer(part.interaction, random)]));
    default:
      return String(Math.round(random() * 100) / 10);
  }
}
