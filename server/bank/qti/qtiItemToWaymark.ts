/**
 * One QTI 3.0 assessment item (already read into a tree) → a Waymark item document. Only the
 * conversion: the caller validates the result with the item schema (importQti.ts).
 *
 * Waymark's own rules ride on the interaction as data-waymark-* attributes (QTI 3.0 allows
 * data-* on body elements): the marking kind, text normalisation, number forms, expression
 * forms. They never hold a key, because players send the item body to the browser; keys stay in
 * the response declaration and response processing.
 */
import type {
  AnswerSpec, AnticipatedAnswer, ExpressionForm, Interaction, ItemDocument, ItemParameters, ItemStatus, NumberForm, SingleAnswer, SingleInteraction, TextNormalisation,
} from '../../scoring/itemDocument';
import { blocksMarkdown, inlineMarkdown, ItemBodyError } from './itemBodyToMarkdown';
import { readPartRules, readResponseRules, wholeMarks, type ResponseRules, type RuleProblem } from './responseProcessing';
import { childElements, descendants, firstChild, textContent, type XmlElement, type XmlNode } from './xmlTree';

export const SUPPORTED_INTERACTIONS = ['qti-choice-interaction', 'qti-order-interaction', 'qti-text-entry-interaction', 'qti-extended-text-interaction'] as const;

/** The note recorded when an answer earns the part marks a QTI mapping or condition gives it. */
export const QTI_PARTIAL_NOTE = 'QTI_PARTIAL_CREDIT';

/** What QTI does not carry: the caller's choices for an imported item (the teacher completes them before review). */
export interface QtiImportDefaults {
  subject?: string;
  criteria?: string[];
  author?: string;
  status?: ItemStatus;
  parameters?: ItemParameters;
}

export const DEFAULT_IMPORT_PARAMETERS: ItemParameters = {
  model: '2PL',
  a: 1,
  b: 0,
  source: { kind: 'provisional', note: 'Imported from QTI with no judgement of difficulty yet: set b before the item goes live.' },
};

export type QtiItemConversion = { ok: true; item: ItemDocument } | { ok: false; problems: RuleProblem[] };

interface Mapping {
  entries: { key: string; value: number; caseSensitive: boolean }[];
  upperBound?: number;
}

interface Declaration {
  cardinality: string;
  baseType: string;
  correct: string[];
  mapping?: Mapping;
}

const ROOT = 'qti-assessment-item';

function readDeclaration(declaration: XmlElement, path: string, problems: RuleProblem[]): Declaration {
  const correctResponse = firstChild(declaration, 'qti-correct-response');
  const correct = correctResponse ? childElements(correctResponse, 'qti-value').map((v) => textContent(v).trim()) : [];
  const mappingElement = firstChild(declaration, 'qti-mapping');
  let mapping: Mapping | undefined;
  if (mappingElement) {
    const entries = childElements(mappingElement, 'qti-map-entry').map((entry) => ({
      key: entry.attributes['map-key'] ?? '',
      value: Number(entry.attributes['mapped-value']),
      caseSensitive: entry.attributes['case-sensitive'] !== 'false',
    }));
    entries.forEach((entry, i) => {
      if (!Number.isFinite(entry.value)) problems.push({ path: `${path}/qti-mapping/qti-map-entry[${i + 1}]/@mapped-value`, message: 'The mapped value must be a number.' });
    });
    const upper = mappingElement.attributes['upper-bound'];
    mapping = { entries, upperBound: upper === undefined ? undefined : Number(upper) };
  }
  return { cardinality: declaration.attributes.cardinality ?? 'single', baseType: declaration.attributes['base-type'] ?? '', correct, mapping };
}

function words(value: string | undefined): string[] {
  return (value ?? '').trim().split(/[\s,]+/).filter(Boolean);
}

function numberValue(text: string, path: string, problems: RuleProblem[]): number | undefined {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    problems.push({ path, message: `"${text}" is not a number.` });
    return undefined;
  }
  return value;
}

/** Removes `target` (one node, or every node in a set) from the tree below `node` (returns a copy). */
function without(node: XmlElement, target: XmlNode | ReadonlySet<XmlNode>): XmlElement {
  const removed = (child: XmlNode): boolean => (target instanceof Set ? target.has(child) : child === target);
  return { ...node, children: node.children.filter((child) => !removed(child)).map((child) => (typeof child === 'string' ? child : without(child, target))) };
}

function parentOf(root: XmlElement, target: XmlElement): XmlElement | undefined {
  for (const child of childElements(root)) {
    if (child === target) return root;
    const found = parentOf(child, target);
    if (found) return found;
  }
  return undefined;
}

interface StemParts {
  stem: string;
  prefix?: string;
  suffix?: string;
  image?: { src: string; alt: string };
}

const MAX_AFFIX = 50;

/** The stem Markdown, with a text entry's surrounding words as the box's prefix and suffix. */
function readStem(body: XmlElement, interaction: XmlElement | undefined, path: string, problems: RuleProblem[]): StemParts {
  let remaining = body;
  const images = descendants(body).filter((e) => e.name === 'img');
  let image: StemParts['image'];
  if (images.length > 1) problems.push({ path: `${path}/img`, message: 'A Waymark question can have one image; this one has several.' });
  if (images.length >= 1) {
    const { src, alt } = images[0].attributes;
    if (!src || !alt) problems.push({ path: `${path}/img`, message: 'The image needs a src and an alt text (a description for pupils who cannot see it).' });
    else image = { src, alt };
    for (const img of images) remaining = without(remaining, img);
  }
  const interactionInRemaining = interaction && descendants(remaining).find((e) => e.name === interaction.name);
  try {
    if (!interaction) return { stem: blocksMarkdown(remaining.children), image };
    if (!interactionInRemaining) return { stem: '', image };
    const parent = parentOf(remaining, interactionInRemaining) ?? remaining;
    // A text entry inside a paragraph takes the words around it as prefix/suffix; anything else sits between blocks.
    if (interaction.name !== 'qti-text-entry-interaction' || parent === remaining) {
      const prompt = firstChild(interactionInRemaining, 'qti-prompt');
      const stem = [blocksMarkdown(without(remaining, interactionInRemaining).children), prompt ? blocksMarkdown(prompt.children) : '']
        .filter((part) => part !== '').join('\n\n');
      return { stem, image };
    }
    const index = parent.children.indexOf(interactionInRemaining);
    const before = inlineMarkdown(parent.children.slice(0, index));
    const after = inlineMarkdown(parent.children.slice(index + 1));
    const rest = blocksMarkdown(without(remaining, parent).children);
    const parts: StemParts = { stem: rest, image };
    if (rest === '') parts.stem = before;
    else if (before !== '' && before.length <= MAX_AFFIX && !before.includes('\n')) parts.prefix = before;
    else if (before !== '') parts.stem = `${rest}\n\n${before}`;
    if (after !== '' && after.length <= MAX_AFFIX && !after.includes('\n')) parts.suffix = after.replace(/\\([\\*_`$])/g, '$1');
    else if (after !== '') parts.stem = `${parts.stem}\n\n${after}`;
    if (parts.prefix) parts.prefix = parts.prefix.replace(/\\([\\*_`$])/g, '$1');
    return parts;
  } catch (error) {
    if (error instanceof ItemBodyError) {
      problems.push({ path, message: `The question text cannot be imported: ${error.message}.` });
      return { stem: '', image };
    }
    throw error;
  }
}

function readOptions(interaction: XmlElement, path: string, problems: RuleProblem[]): { id: string; content: string }[] {
  return childElements(interaction, 'qti-simple-choice').map((choice, i) => {
    let content = '';
    try {
      content = blocksMarkdown(choice.children).replace(/\n\n/g, ' ');
    } catch (error) {
      if (!(error instanceof ItemBodyError)) throw error;
      problems.push({ path: `${path}/qti-simple-choice[${i + 1}]`, message: `The choice cannot be imported: ${error.message}.` });
    }
    return { id: choice.attributes.identifier ?? '', content };
  });
}

/** Full-mark values and part-mark values from a mapping, as whole marks. */
function mappedAnswers(mapping: Mapping | undefined, path: string, problems: RuleProblem[]): { full: string[]; partial: { key: string; score: number }[]; marks: number; caseSensitive: boolean } | undefined {
  const positive = (mapping?.entries ?? []).filter((e) => Number.isFinite(e.value) && e.value > 0);
  if (!mapping || positive.length === 0) {
    problems.push({ path: `${path}/qti-mapping`, message: 'map_response needs a <qti-mapping> with at least one entry worth more than 0.' });
    return undefined;
  }
  const best = Math.max(...positive.map((e) => e.value));
  const fullScore = mapping.upperBound !== undefined && Number.isFinite(mapping.upperBound) && mapping.upperBound > 0 ? Math.min(best, mapping.upperBound) : best;
  const whole = wholeMarks(positive.map((e) => Math.min(e.value, fullScore)), fullScore);
  if (!whole) {
    problems.push({ path: `${path}/qti-mapping`, message: 'The mapped values cannot be turned into whole marks (at most 20).' });
    return undefined;
  }
  return {
    full: positive.filter((e) => e.value >= fullScore).map((e) => e.key),
    partial: positive.filter((e) => e.value < fullScore).map((e) => ({ key: e.key, score: Math.round(e.value * whole.scale) })),
    marks: whole.marks,
    caseSensitive: positive.some((e) => e.caseSensitive),
  };
}

interface KeyRule {
  marks: number;
  tolerance?: AnticipatedAnswer['tolerance'];
  decimalPlaces?: number;
  significantFigures?: number;
  anticipated: AnticipatedAnswer[];
}

/** Conditions → the rule of the best branch against the correct response, and the others as anticipated answers. */
function conditionRule(rules: Extract<ResponseRules, { kind: 'conditions' }>, path: string, problems: RuleProblem[], numeric: boolean): KeyRule | undefined {
  const keyBranches = rules.branches.filter((b) => b.comparison.against === 'correct');
  if (keyBranches.length === 0) {
    problems.push({ path, message: 'No condition compares the response with the correct response (qti-correct).' });
    return undefined;
  }
  const fullScore = Math.max(...keyBranches.map((b) => b.score));
  const key = keyBranches.find((b) => b.score === fullScore)!;
  const whole = wholeMarks(rules.branches.map((b) => b.score), fullScore);
  if (!whole) {
    problems.push({ path, message: 'The scores cannot be turned into whole marks (at most 20).' });
    return undefined;
  }
  const anticipated: AnticipatedAnswer[] = [];
  for (const branch of rules.branches) {
    if (branch === key) continue;
    const score = Math.min(whole.marks, Math.round(branch.score * whole.scale));
    const { comparison } = branch;
    if (comparison.decimalPlaces !== undefined || comparison.significantFigures !== undefined) {
      problems.push({ path, message: 'Only the full-mark condition can use qti-equal-rounded.' });
      continue;
    }
    if (!numeric && comparison.tolerance) {
      problems.push({ path, message: 'A tolerance can only be used with a number answer.' });
      continue;
    }
    if (comparison.against === 'correct' && !comparison.tolerance) continue; // a second exact match adds nothing
    const entry: AnticipatedAnswer = { note: QTI_PARTIAL_NOTE, score };
    if (comparison.against === 'value') entry.value = numeric && comparison.value !== undefined && comparison.value !== '' && Number.isFinite(Number(comparison.value)) ? Number(comparison.value) : comparison.value;
    if (comparison.tolerance) entry.tolerance = comparison.tolerance;
    anticipated.push(entry);
  }
  const rule: KeyRule = { marks: whole.marks, anticipated };
  if (key.comparison.tolerance) rule.tolerance = key.comparison.tolerance;
  if (key.comparison.decimalPlaces !== undefined) rule.decimalPlaces = key.comparison.decimalPlaces;
  if (key.comparison.significantFigures !== undefined) rule.significantFigures = key.comparison.significantFigures;
  return rule;
}

function withMarks(answer: SingleAnswer, marks: number): SingleAnswer {
  return marks !== 1 ? { ...answer, marks } : answer;
}

function readNormalise(value: string | undefined, path: string, problems: RuleProblem[]): TextNormalisation | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as TextNormalisation;
  } catch {
    problems.push({ path: `${path}/@data-waymark-normalise`, message: 'data-waymark-normalise must be JSON such as {"ignoreCase":true}.' });
    return undefined;
  }
}

/** One interaction and its response → the question's text, interaction and key (the whole body, or one part's container). */
function convertInteraction(root: XmlElement, body: XmlElement, bodyPath: string, interaction: XmlElement, inPart: boolean, problems: RuleProblem[]): { stemParts: StemParts; built: { interaction: SingleInteraction; answer: SingleAnswer } } | undefined {
  const interactionPath = `${bodyPath}/${interaction.name}`;
  const responseId = interaction.attributes['response-identifier'];
  const declarationElement = childElements(root, 'qti-response-declaration').find((d) => d.attributes.identifier === responseId);
  if (!responseId || !declarationElement) {
    problems.push({ path: `${interactionPath}/@response-identifier`, message: `The interaction's response "${responseId ?? ''}" has no <qti-response-declaration> with that identifier, so there is no answer to mark against.` });
    return undefined;
  }
  const declarationPath = `${ROOT}/qti-response-declaration[${responseId}]`;
  const declaration = readDeclaration(declarationElement, declarationPath, problems);
  const processing = firstChild(root, 'qti-response-processing');
  const rules = inPart
    ? readPartRules(processing, responseId, `${ROOT}/qti-response-processing`, problems)
    : readResponseRules(processing, responseId, `${ROOT}/qti-response-processing`, problems);
  const stemParts = readStem(body, interaction, bodyPath, problems);
  const data = interaction.attributes;
  const marking = data['data-waymark-marking'];

  let built: { interaction: SingleInteraction; answer: SingleAnswer } | undefined;
  const needCorrect = (): string[] => {
    if (declaration.correct.length === 0) problems.push({ path: `${declarationPath}/qti-correct-response`, message: 'The response declaration has no correct response.' });
    return declaration.correct;
  };

  if (rules && interaction.name === 'qti-choice-interaction') {
    const options = readOptions(interaction, interactionPath, problems);
    const optionIds = options.map((o) => o.id);
    const checkIds = (ids: string[]): void => ids.forEach((choice) => {
      if (!optionIds.includes(choice)) problems.push({ path: `${declarationPath}/qti-correct-response`, message: `The correct response "${choice}" is not one of the choices (${optionIds.join(', ')}).` });
    });
    const shuffle = data.shuffle === undefined ? undefined : data.shuffle === 'true';
    if (declaration.cardinality === 'single') {
      let correct = declaration.correct[0];
      let marks = 1;
      if (rules.kind === 'map_response') {
        const mapped = mappedAnswers(declaration.mapping, declarationPath, problems);
        if (mapped && mapped.full.length !== 1) problems.push({ path: `${declarationPath}/qti-mapping`, message: 'Exactly one choice must get full marks.' });
        if (mapped && mapped.partial.length > 0) problems.push({ path: `${declarationPath}/qti-mapping`, message: 'Part marks for a single choice cannot be imported.' });
        if (mapped) { correct = mapped.full[0]; marks = mapped.marks; }
      } else if (rules.kind === 'conditions') {
        const rule = conditionRule(rules, `${ROOT}/qti-response-processing`, problems, false);
        if (rule) marks = rule.marks;
      }
      if (correct === undefined) needCorrect();
      else checkIds([correct]);
      built = {
        interaction: { type: 'choice', options, ...(shuffle === undefined ? {} : { shuffle }) },
        answer: withMarks({ type: 'choice', correct: correct ?? '' }, marks),
      };
    } else {
      let correct = declaration.correct;
      let marks = 1;
      let partialCredit = data['data-waymark-partial-credit'] === 'all-or-nothing' ? 'all-or-nothing' as const : undefined as 'per-option' | 'all-or-nothing' | undefined;
      if (rules.kind === 'map_response') {
        const mapped = mappedAnswers(declaration.mapping, declarationPath, problems);
        if (mapped) {
          if (correct.length === 0) correct = [...mapped.full, ...mapped.partial.map((p) => p.key)];
          marks = declaration.mapping?.upperBound !== undefined && Number.isInteger(declaration.mapping.upperBound) && declaration.mapping.upperBound >= 1 ? declaration.mapping.upperBound : 1;
          partialCredit = 'per-option';
        }
      } else if (rules.kind === 'conditions') {
        const rule = conditionRule(rules, `${ROOT}/qti-response-processing`, problems, false);
        if (rule) marks = rule.marks;
        needCorrect();
      } else needCorrect();
      checkIds(correct);
      const maxChoices = Number(data['max-choices'] ?? 0);
      const minChoices = data['min-choices'] === undefined ? undefined : Number(data['min-choices']);
      built = {
        interaction: {
          type: 'multiple-response', options, ...(shuffle === undefined ? {} : { shuffle }),
          ...(minChoices !== undefined ? { minChoices } : {}), ...(maxChoices > 0 ? { maxChoices } : {}),
        },
        answer: withMarks({ type: 'multiple-response', correct, ...(partialCredit ? { partialCredit } : {}) }, marks),
      };
    }
  } else if (rules && interaction.name === 'qti-order-interaction') {
    const options = readOptions(interaction, interactionPath, problems);
    const correct = needCorrect();
    correct.forEach((choice) => {
      if (!options.some((o) => o.id === choice)) problems.push({ path: `${declarationPath}/qti-correct-response`, message: `The correct response "${choice}" is not one of the choices.` });
    });
    let marks = 1;
    if (rules.kind === 'conditions') marks = conditionRule(rules, `${ROOT}/qti-response-processing`, problems, false)?.marks ?? 1;
    if (rules.kind === 'map_response') problems.push({ path: `${ROOT}/qti-response-processing/@template`, message: 'map_response cannot mark an order interaction; use match_correct.' });
    const partialCredit = data['data-waymark-partial-credit'];
    const partial = partialCredit === 'adjacent-pairs' || partialCredit === 'all-or-nothing' ? partialCredit : undefined;
    // With text before the interaction the prompt is the order label ("smallest first"); alone it is the question.
    const prompt = firstChild(interaction, 'qti-prompt');
    let orderLabel: string | undefined;
    if (prompt && stemParts.stem.includes('\n\n')) {
      const label = stemParts.stem.slice(stemParts.stem.lastIndexOf('\n\n') + 2);
      if (label.length <= 200) { orderLabel = label; stemParts.stem = stemParts.stem.slice(0, stemParts.stem.lastIndexOf('\n\n')); }
    }
    built = {
      interaction: { type: 'ordering', options, ...(orderLabel ? { orderLabel } : {}) },
      answer: withMarks({ type: 'ordering', correctOrder: correct, ...(partial ? { partialCredit: partial } : {}) }, marks),
    };
  } else if (rules) {
    // text entry or extended text: a number, an expression or text
    const numeric = marking === 'numeric' || marking === 'quantity' || (marking === undefined && (declaration.baseType === 'integer' || declaration.baseType === 'float'));
    const expression = marking === 'algebraic-equivalence';
    const maxLength = data['data-waymark-max-length'] === undefined ? undefined : Number(data['data-waymark-max-length']);
    const typed = {
      ...(stemParts.prefix ? { prefix: stemParts.prefix } : {}), ...(stemParts.suffix ? { suffix: stemParts.suffix } : {}),
      ...(maxLength !== undefined ? { maxLength } : {}),
    };
    if (declaration.cardinality !== 'single') problems.push({ path: `${declarationPath}/@cardinality`, message: 'A typed answer must have cardinality "single".' });
    let mapped: ReturnType<typeof mappedAnswers>;
    let rule: KeyRule | undefined;
    if (rules.kind === 'map_response') mapped = mappedAnswers(declaration.mapping, declarationPath, problems);
    if (rules.kind === 'conditions') rule = conditionRule(rules, `${ROOT}/qti-response-processing`, problems, numeric);
    const anticipatedFromMapping = (asNumber: boolean): AnticipatedAnswer[] => (mapped?.partial ?? []).map((p) => ({
      value: asNumber && Number.isFinite(Number(p.key)) ? Number(p.key) : p.key, score: p.score, note: QTI_PARTIAL_NOTE,
    }));
    if (marking === 'quantity') {
      // The key is "value units" (units without spaces: km/h, cm^2); other full-mark entries are ways of writing it.
      const [keyText] = needCorrect();
      const split = /^(.*\S)\s+(\S+)$/.exec((keyText ?? '').trim());
      if (keyText !== undefined && !split) problems.push({ path: `${declarationPath}/qti-correct-response`, message: `"${keyText}" is not a number followed by its units, such as "35 km/h".` });
      const numberOnly = data['data-waymark-number-only-score'] === undefined ? undefined : Number(data['data-waymark-number-only-score']);
      const units = data['data-waymark-units'];
      const anticipated = [...anticipatedFromMapping(true), ...(rule?.anticipated ?? [])]
        .filter((a) => numberOnly === undefined || a.value === undefined || String(a.value) !== split?.[1]);
      const value = split && Number.isFinite(Number(split[1])) && String(Number(split[1])) === split[1] ? Number(split[1]) : split?.[1] ?? '';
      built = {
        interaction: { type: 'quantity', ...typed },
        answer: withMarks({
          type: 'quantity', value, unit: split?.[2] ?? '',
          ...(units === 'convert' || units === 'strict' ? { units } : {}),
          ...(numberOnly !== undefined ? { numberOnlyScore: numberOnly } : {}),
          ...(anticipated.length ? { anticipated } : {}),
        }, mapped?.marks ?? rule?.marks ?? 1),
      };
    } else if (expression) {
      const [value] = needCorrect();
      const forms = data['data-waymark-forms'] === undefined ? undefined : words(data['data-waymark-forms']) as ExpressionForm[];
      const variables = data['data-waymark-variables'] === undefined ? undefined : words(data['data-waymark-variables']);
      const equivalentScore = data['data-waymark-equivalent-score'] === undefined ? undefined : Number(data['data-waymark-equivalent-score']);
      const anticipated = [...anticipatedFromMapping(false), ...(rule?.anticipated ?? [])];
      built = {
        interaction: { type: 'expression', ...typed },
        answer: withMarks({
          type: 'expression', value: value ?? '', ...(variables ? { variables } : {}), ...(forms ? { forms } : {}),
          ...(equivalentScore !== undefined ? { equivalentScore } : {}), ...(anticipated.length ? { anticipated } : {}),
        }, mapped?.marks ?? rule?.marks ?? 1),
      };
    } else if (numeric) {
      // A string response marked as a number holds an exact fraction ("17/12"); its mapping lists ways of writing it.
      const exactText = declaration.baseType === 'string';
      let valueText = declaration.correct[0];
      if (mapped && !exactText) {
        if (mapped.full.length !== 1) problems.push({ path: `${declarationPath}/qti-mapping`, message: 'Exactly one number must get full marks.' });
        valueText = mapped.full[0];
      } else needCorrect();
      const value = valueText === undefined ? undefined : exactText ? valueText : numberValue(valueText, `${declarationPath}/qti-correct-response`, problems);
      const accept = data['data-waymark-accept'] !== undefined ? (words(data['data-waymark-accept']) as NumberForm[])
        : marking === undefined && declaration.baseType === 'integer' ? ['integer' as NumberForm] : undefined;
      const anticipated = [...anticipatedFromMapping(true), ...(rule?.anticipated ?? [])];
      built = {
        interaction: { type: 'numeric', ...typed },
        answer: withMarks({
          type: 'numeric', value: value ?? 0,
          ...(rule?.tolerance ? { tolerance: rule.tolerance } : {}),
          ...(rule?.decimalPlaces !== undefined ? { decimalPlaces: rule.decimalPlaces } : {}),
          ...(rule?.significantFigures !== undefined ? { significantFigures: rule.significantFigures } : {}),
          ...(accept ? { accept } : {}),
          ...(data['data-waymark-lowest-terms'] === 'true' ? { lowestTerms: true } : {}),
          ...(anticipated.length ? { anticipated } : {}),
        }, mapped?.marks ?? rule?.marks ?? 1),
      };
    } else {
      const accepted = mapped ? mapped.full : needCorrect();
      if (rule && (rule.tolerance || rule.decimalPlaces !== undefined || rule.significantFigures !== undefined)) {
        problems.push({ path: `${ROOT}/qti-response-processing`, message: 'Tolerance and rounding need a number answer (base-type float or integer).' });
      }
      const normalise: TextNormalisation | undefined = marking === 'text'
        ? readNormalise(data['data-waymark-normalise'], interactionPath, problems)
        : { ignoreCase: mapped ? !mapped.caseSensitive : false, spacing: 'exact' };
      const anticipated = [...anticipatedFromMapping(false), ...(rule?.anticipated ?? [])];
      built = {
        interaction: { type: 'text', ...typed },
        answer: withMarks({ type: 'text', accepted, ...(normalise ? { normalise } : {}), ...(anticipated.length ? { anticipated } : {}) }, mapped?.marks ?? rule?.marks ?? 1),
      };
    }
  }
  return built ? { stemParts, built } : undefined;
}

export function qtiItemToWaymark(root: XmlElement, defaults: QtiImportDefaults = {}): QtiItemConversion {
  const problems: RuleProblem[] = [];
  if (root.name !== ROOT) {
    const hint = root.name === 'assessmentItem' ? ' It looks like QTI 2.x; Waymark imports QTI 3.0.' : '';
    return { ok: false, problems: [{ path: root.name, message: `This is not a QTI 3.0 item: the first element is <${root.name}>, not <${ROOT}>.${hint}` }] };
  }
  const id = root.attributes.identifier;
  if (!id) problems.push({ path: `${ROOT}/@identifier`, message: 'The item has no identifier.' });
  const body = firstChild(root, 'qti-item-body');
  if (!body) return { ok: false, problems: [...problems, { path: `${ROOT}/qti-item-body`, message: 'The item has no <qti-item-body> (the question).' }] };
  const bodyPath = `${ROOT}/qti-item-body`;

  const interactions = descendants(body).filter((e) => e.name.endsWith('-interaction'));
  for (const unknown of interactions.filter((e) => !(SUPPORTED_INTERACTIONS as readonly string[]).includes(e.name))) {
    problems.push({ path: `${bodyPath}/${unknown.name}`, message: `The interaction <${unknown.name}> is not supported: Waymark imports choice, order, text-entry and extended-text interactions.` });
  }
  if (interactions.length === 0) problems.push({ path: bodyPath, message: 'The question has no interaction (nowhere for the pupil to answer).' });
  const parts = descendants(body).filter((e) => e.attributes['data-waymark-part'] !== undefined);
  if (interactions.length > 1 && (parts.length !== interactions.length || parts.some((part) => descendants(part).filter((e) => interactions.includes(e)).length !== 1))) {
    problems.push({ path: bodyPath, message: `The question has ${interactions.length} interactions; Waymark imports several only as parts, each interaction in its own element with a data-waymark-part attribute.` });
  }
  if (problems.length > 0) return { ok: false, problems };

  if (interactions.length > 1) {
    const remaining = without(body, new Set<XmlNode>(parts));
    const whole = readStem(remaining, undefined, bodyPath, problems);
    const converted = parts.map((part) => {
      const partPath = `${bodyPath}/${part.name}[@data-waymark-part="${part.attributes['data-waymark-part']}"]`;
      const interaction = interactions.find((e) => descendants(part).includes(e))!;
      const result = convertInteraction(root, part, partPath, interaction, true, problems);
      if (result?.stemParts.image) problems.push({ path: `${partPath}/img`, message: 'An image belongs to the whole question, not to one part.' });
      if (result && result.stemParts.stem === '') problems.push({ path: partPath, message: 'The part has no text.' });
      return result ? { id: part.attributes['data-waymark-part'], ...result } : undefined;
    });
    if (whole.stem === '') problems.push({ path: bodyPath, message: 'The question has no text before its parts.' });
    if (problems.length > 0 || converted.some((c) => !c)) return { ok: false, problems };
    const done = converted as NonNullable<(typeof converted)[number]>[];
    return {
      ok: true,
      item: itemDocument(id, whole, {
        interaction: { type: 'multi-part', parts: done.map((c) => ({ id: c.id, stem: c.stemParts.stem, interaction: c.built.interaction })) },
        answer: { type: 'multi-part', parts: Object.fromEntries(done.map((c) => [c.id, c.built.answer])) },
      }, defaults),
    };
  }

  const converted = convertInteraction(root, body, bodyPath, interactions[0], false, problems);
  if (!converted) return { ok: false, problems };
  const { stemParts, built } = converted;

  if (stemParts.stem === '' && problems.length === 0) problems.push({ path: bodyPath, message: 'The question has no text.' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, item: itemDocument(id, stemParts, built, defaults) };
}

function itemDocument(id: string | undefined, stemParts: StemParts, built: { interaction: Interaction; answer: AnswerSpec }, defaults: QtiImportDefaults): ItemDocument {
  return {
    id: id ?? '',
    version: 1,
    status: defaults.status ?? 'draft',
    subject: defaults.subject ?? 'mathematics',
    stem: stemParts.stem,
    ...(stemParts.image ? { image: stemParts.image } : {}),
    interaction: built.interaction,
    answer: built.answer,
    criteria: defaults.criteria ?? ['UNTAGGED'],
    parameters: defaults.parameters ?? DEFAULT_IMPORT_PARAMETERS,
    ...(defaults.author ? { author: defaults.author } : {}),
  };
}
