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
 * A module's `pretest` block: how many unscored pretest items a sitting receives at most, and
 * the window of delivery positions (1-based, inclusive) they are placed in.
 */
export interface PretestWindow {
  maxItems: number;
  firstPosition: number;
  lastPosition: number;
}

/**
 * Used when a module has no `pretest` block: one pretest item, early in the sitting (from the
 * 2nd to the 5th item), so a newly published item starts collecting responses at once while
 * adding at most one unscored question to any pupil's sitting.
 */
export const DEFAULT_PRETEST_WINDOW: PretestWindow = { maxItems: 1, firstPosition: 2, lastPosition: 5 };

/**
 * Fixed delivery positions for `available` pretest items within the window: spread evenly from
 * its first to its last position. Never position 1 (the engine chooses the first item by its
 * start rule), never more items than the window holds.
 */
export function pretestPositions(window: PretestWindow, available: number): number[] {
  const first = Math.max(2, window.firstPosition);
  const last = Math.max(first, window.lastPosition);
  const count = Math.min(window.maxItems, available, last - first + 1);
  if (count <= 0) return [];
  if (count === 1) return [first];
  const positions = new Set<number>();
  for (let k = 0; k < count; k++) positions.add(first + Math.round((k * (last - first)) / (count - 1)));
  return [...positions].sort((x, y) => x - y);
}

/**
 * The engine configuration for a module: its `adaptive` section, with the classification cuts
 * defaulting to the module's published cut scores so the stopping rule and the reported grade
 * probability use the same bands. `pretestItemIds` (live items tagged to the module that still
 * have provisional parameters) become the engine's unscored items, delivered at the positions
 * of the module's `pretest` window and never counted in θ (server/irt/blueprint.ts).
 */
export function moduleEngineConfig(definition: ModuleDefinition, pretestItemIds: readonly string[] = []):
  { ok: true; config: AdaptiveTestConfig } | { ok: false; errors: { path: string; message: string }[] } {
  const adaptive = structuredClone(definition.adaptive) as {
    stop?: { cuts?: number[] };
    blueprint?: { unscoredItems?: string[]; pretest?: { count: number; positions?: number[] } };
  };
  const cuts = definition.cutScores.boundaries.map((boundary) => boundary.theta);
  if (adaptive.stop && adaptive.stop.cuts === undefined) adaptive.stop.cuts = cuts;
  if (pretestItemIds.length > 0) {
    const window = definition.pretest ?? DEFAULT_PRETEST_WINDOW;
    const positions = pretestPositions(window, pretestItemIds.length);
    if (positions.length > 0) {
      const blueprint = adaptive.blueprint ?? {};
      const listed = blueprint.unscoredItems ?? [];
      blueprint.unscoredItems = [...listed, ...pretestItemIds.filter((id) => !listed.includes(id))];
      blueprint.pretest = { count: positions.length, positions };
      adaptive.blueprint = blueprint;
    }
  }
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
