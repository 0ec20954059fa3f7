/**
 * The one place the assessment service calls the adaptive engine (server/irt/adaptiveTest).
 * Everything the session needs from IRT — compile the module's bank, start, take an answer,
 * replay stored answers — goes through here, so the engine's API touches one file.
 */
import {
  answerItem, replayAdaptiveTest, startAdaptiveTest, validateAdaptiveTestConfig,
  type AdaptiveTestConfig, type AdaptiveTestState, type StepReport,
} from '../irt/adaptiveTest';
import { compileBank, type CompiledBank } from '../irt/bank';
import type { Item } from '../irt/types';
import type { ModuleDefinition } from '../content/moduleDefinition';

export type { AdaptiveTestConfig, AdaptiveTestState, StepReport, CompiledBank };

/** The IRT part of an item document (item-bank/schemas/item.schema.json `parameters`). */
export interface ItemParameters {
  model: Item['model'];
  a?: number;
  b?: number;
  c?: number;
  d?: number;
  D?: number;
  thresholds?: number[];
  steps?: number[];
}

export interface BankEntry {
  id: string;
  parameters: ItemParameters;
  criteria: readonly string[];
}

export function compileModuleBank(entries: readonly BankEntry[]): CompiledBank {
  return compileBank(entries.map((entry) => {
    const { model, a, b, c, d, D, thresholds, steps } = entry.parameters;
    return {
      id: entry.id, model, a, b, c, d, D, thresholds, steps,
      tags: { criterion: [...entry.criteria] },
    } as Item;
  }));
}

/**
 * The engine configuration for a module: its `adaptive` section, with the classification cuts
 * defaulting to the module's published cut scores so the stopping rule and the reported grade
 * probability use the same bands.
 */
export function moduleEngineConfig(definition: ModuleDefinition):
  { ok: true; config: AdaptiveTestConfig } | { ok: false; errors: { path: string; message: string }[] } {
  const adaptive = structuredClone(definition.adaptive) as { stop?: { cuts?: number[] } };
  const cuts = definition.cutScores.boundaries.map((boundary) => boundary.theta);
  if (adaptive.stop && adaptive.stop.cuts === undefined) adaptive.stop.cuts = cuts;
  return validateAdaptiveTestConfig(adaptive);
}

export interface EngineRun {
  state: AdaptiveTestState;
  report: StepReport;
}

export function beginAdaptiveTest(bank: CompiledBank, config: AdaptiveTestConfig, seed: number): EngineRun {
  return startAdaptiveTest(bank, config, seed);
}

/** Takes one scored answer; mutates `run.state` and replaces `run.report`. */
export function takeAnswer(bank: CompiledBank, config: AdaptiveTestConfig, run: EngineRun, item: number, category: number): void {
  run.report = answerItem(bank, config, run.state, item, category);
}

export function replayAnswers(
  bank: CompiledBank, config: AdaptiveTestConfig, seed: number, answers: readonly { item: number; category: number }[],
): EngineRun {
  return replayAdaptiveTest(bank, config, seed, answers);
}
