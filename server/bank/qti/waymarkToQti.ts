/**
 * A Waymark item → a QTI 3.0 assessment item, for every type QTI can mark: single choice,
 * multiple response, ordering, text, numbers (tolerance and rounding with qti-equal and
 * qti-equal-rounded) and algebraic expressions. An expression is marked by equivalence in
 * Waymark (data-waymark-* attributes say so); for a player that knows nothing of Waymark,
 * map_response lists the accepted ways of writing the key, so the common forms still score.
 * Anything else gets a reason it cannot be exported.
 *
 * Keys go only in the response declaration and response processing; data-* attributes on the
 * interaction carry rules (how to compare), never answers, because players send the body to the
 * browser.
 */
import { formatRational } from '../../scoring/rational';
import { DEFAULT_NUMBER_FORMS, keyValue } from '../../scoring/markNumeric';
import { modelNumber } from '../../scoring/modelAnswer';
import { readAnswer } from '../../scoring/readAnswer';
import type { AnticipatedAnswer, ItemDocument, NumberForm, NumericAnswer, SingleAnswer, SingleInteraction, Tolerance } from '../../scoring/itemDocument';
import { markdownBlocks, markdownInline } from './markdownToItemBody';
import { element, xmlDocument, type XmlElement, type XmlNode } from './xmlTree';

export const QTI_NAMESPACE = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
const SCHEMA_LOCATION = `${QTI_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0p1_v1p0.xsd`;
const TEMPLATES = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates';
const RESPONSE = 'RESPONSE';

export type QtiExport = { ok: true; xml: string } | { ok: false; reason: string };

class NotExportable extends Error {}

/** The exact decimal QTI needs ("1/3" has none). */
function decimalText(value: number | string): string {
  const text = formatRational(keyValue(value), 15);
  if (text.includes('/')) throw new NotExportable(`the value ${value} has no exact decimal form, and QTI compares decimals`);
  return text;
}

function value(text: string, baseType?: string): XmlElement {
  return element('qti-value', baseType ? { 'base-type': baseType } : {}, [text]);
}

function setScore(score: number): XmlElement {
  return element('qti-set-outcome-value', { identifier: 'SCORE' }, [element('qti-base-value', { 'base-type': 'float' }, [String(score)])]);
}

function template(name: string): XmlElement {
  return element('qti-response-processing', { template: `${TEMPLATES}/${name}.xml` });
}

/** Custom processing: the first condition that holds sets SCORE (QTI 3.0 §response processing). */
function conditions(branches: { condition: XmlElement; score: number }[]): XmlElement {
  return element('qti-response-processing', {}, [
    element('qti-response-condition', {}, branches.map((branch, i) => element(i === 0 ? 'qti-response-if' : 'qti-response-else-if', {}, [branch.condition, setScore(branch.score)]))),
  ]);
}

const variable = (): XmlElement => element('qti-variable', { identifier: RESPONSE });
const correct = (): XmlElement => element('qti-correct', { identifier: RESPONSE });

function equal(tolerance: Tolerance | undefined, other: XmlElement): XmlElement {
  if (tolerance?.absolute !== undefined && tolerance.relative !== undefined) {
    throw new NotExportable('a tolerance that is both absolute and relative cannot be written as one QTI comparison');
  }
  const attributes = tolerance?.absolute !== undefined
    ? { 'tolerance-mode': 'absolute', tolerance: `${tolerance.absolute} ${tolerance.absolute}` }
    : tolerance?.relative !== undefined
      // QTI's relative tolerance is a percentage.
      ? { 'tolerance-mode': 'relative', tolerance: `${tolerance.relative * 100} ${tolerance.relative * 100}` }
      : { 'tolerance-mode': 'exact' };
  return element('qti-equal', attributes, [variable(), other]);
}

function marksOf(answer: SingleAnswer): number {
  return answer.marks ?? 1;
}

function partialEntries(anticipated: readonly AnticipatedAnswer[] | undefined): AnticipatedAnswer[] {
  return (anticipated ?? []).filter((a) => (a.score ?? 0) > 0);
}

function mapping(entries: { key: string; value: number; caseSensitive?: boolean }[], marks: number): XmlElement {
  return element('qti-mapping', { 'default-value': 0, 'lower-bound': 0, 'upper-bound': marks }, entries.map((entry) => element('qti-map-entry', {
    'map-key': entry.key, 'mapped-value': entry.value, ...(entry.caseSensitive === undefined ? {} : { 'case-sensitive': entry.caseSensitive }),
  })));
}

/** Ways of writing an expression key that a plain string match should accept. */
export function acceptedExpressionForms(key: string): string[] {
  const forms = [key.trim(), key.replace(/\s+/g, ''), readAnswer(key).text, readAnswer(key).text.replace(/\*/g, '')];
  return [...new Set(forms.filter((form) => form !== ''))];
}

interface Parts {
  declaration: XmlElement;
  interaction: XmlNode[];
  processing: XmlElement;
}

const FRACTION_FORMS: readonly NumberForm[] = ['fraction', 'mixed-number'];

/**
 * A key with no exact decimal (1/3, 17/12): QTI floats cannot hold it, so it goes as a string
 * with its written forms in map_response for other players; Waymark marks it as a number.
 */
function fractionParts(answer: NumericAnswer, key: number | string, typedAttributes: Record<string, string | number | undefined>, affixed: (node: XmlElement) => XmlNode[]): Parts {
  if (answer.tolerance || answer.decimalPlaces !== undefined || answer.significantFigures !== undefined) {
    throw new NotExportable(`the value ${key} has no exact decimal form, so QTI cannot compare it with a tolerance or rounding`);
  }
  const marks = marksOf(answer);
  const accepted = answer.accept ?? DEFAULT_NUMBER_FORMS;
  const forms = [String(key).trim(), ...FRACTION_FORMS.filter((form) => accepted.includes(form)).map((form) => modelNumber({ value: key, accept: [form] }))];
  const partial = partialEntries(answer.anticipated);
  if (partial.some((a) => a.tolerance || a.value === undefined)) throw new NotExportable('an anticipated band around a fraction has no QTI equivalent');
  const entries = [
    ...[...new Set(forms)].map((form) => ({ key: form, value: marks, caseSensitive: true })),
    ...partial.map((a) => ({ key: String(a.value), value: a.score ?? 0, caseSensitive: true })),
  ];
  return {
    declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'single', 'base-type': 'string' }, [
      element('qti-correct-response', {}, [value(String(key).trim())]), mapping(entries, marks),
    ]),
    interaction: affixed(element('qti-text-entry-interaction', {
      'response-identifier': RESPONSE, 'data-waymark-marking': 'numeric', ...typedAttributes,
      'data-waymark-accept': answer.accept?.join(' '), 'data-waymark-lowest-terms': answer.lowestTerms ? 'true' : undefined,
    })),
    processing: template('map_response'),
  };
}

function numericParts(answer: NumericAnswer, typedAttributes: Record<string, string | number | undefined>, affixed: (node: XmlElement) => XmlNode[]): Parts {
  if (Array.isArray(answer.value)) throw new NotExportable('a list of numbers (all the solutions of an equation) has no QTI equivalent');
  if (formatRational(keyValue(answer.value), 15).includes('/')) return fractionParts(answer, answer.value, typedAttributes, affixed);
  const keyText = decimalText(answer.value);
  const integer = answer.accept?.length === 1 && answer.accept[0] === 'integer' && !keyText.includes('.');
  const baseType = integer ? 'integer' : 'float';
  const marks = marksOf(answer);
  const rounding = answer.decimalPlaces !== undefined || answer.significantFigures !== undefined;
  if (rounding && answer.tolerance) throw new NotExportable('a tolerance together with rounding cannot be written as one QTI comparison');
  const keyCondition = answer.decimalPlaces !== undefined
    ? element('qti-equal-rounded', { 'rounding-mode': 'decimalPlaces', figures: answer.decimalPlaces }, [variable(), correct()])
    : answer.significantFigures !== undefined
      ? element('qti-equal-rounded', { 'rounding-mode': 'significantFigures', figures: answer.significantFigures }, [variable(), correct()])
      : equal(answer.tolerance, correct());
  const branches = [{ condition: keyCondition, score: marks }];
  for (const entry of partialEntries(answer.anticipated)) {
    const other = entry.value === undefined ? correct() : element('qti-base-value', { 'base-type': baseType }, [decimalText(entry.value)]);
    branches.push({ condition: equal(entry.tolerance, other), score: entry.score ?? 0 });
  }
  const interaction = element('qti-text-entry-interaction', {
    'response-identifier': RESPONSE, 'data-waymark-marking': 'numeric', ...typedAttributes,
    'data-waymark-accept': answer.accept?.join(' '), 'data-waymark-lowest-terms': answer.lowestTerms ? 'true' : undefined,
  });
  return {
    declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'single', 'base-type': baseType }, [
      element('qti-correct-response', {}, [value(keyText)]),
    ]),
    interaction: affixed(interaction),
    processing: conditions(branches),
  };
}

function singleParts(interaction: SingleInteraction, answer: SingleAnswer): Parts {
  if (interaction.type !== answer.type) throw new NotExportable(`the answer (${answer.type}) does not fit the question (${interaction.type})`);
  const marks = marksOf(answer);
  const matchOrTemplate = (): XmlElement => (marks === 1 ? template('match_correct') : conditions([{ condition: element('qti-match', {}, [variable(), correct()]), score: marks }]));
  const choices = (): XmlElement[] => ('options' in interaction ? interaction.options : []).map((option) => element('qti-simple-choice', { identifier: option.id }, markdownInline(option.content)));
  const typedAttributes = 'prefix' in interaction || interaction.type === 'text' || interaction.type === 'numeric' || interaction.type === 'expression' || interaction.type === 'quantity'
    ? { 'data-waymark-max-length': (interaction as { maxLength?: number }).maxLength }
    : {};
  const affixed = (node: XmlElement): XmlNode[] => {
    const { prefix, suffix } = interaction as { prefix?: string; suffix?: string };
    return [element('p', {}, [...(prefix ? [`${prefix} `] : []), node, ...(suffix ? [` ${suffix}`] : [])])];
  };

  switch (answer.type) {
    case 'choice':
      return {
        declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'single', 'base-type': 'identifier' }, [element('qti-correct-response', {}, [value(answer.correct)])]),
        interaction: [element('qti-choice-interaction', {
          'response-identifier': RESPONSE, shuffle: interaction.type === 'choice' ? interaction.shuffle : undefined, 'max-choices': 1,
        }, choices())],
        processing: matchOrTemplate(),
      };
    case 'multiple-response': {
      const mr = interaction.type === 'multiple-response' ? interaction : undefined;
      const perOption = answer.partialCredit === 'per-option';
      const options = mr?.options ?? [];
      // Each right option earns marks/n and each wrong one loses it, bounded to 0..marks: Waymark's per-option rule without its rounding down.
      const share = marks / answer.correct.length;
      return {
        declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'multiple', 'base-type': 'identifier' }, [
          element('qti-correct-response', {}, answer.correct.map((id) => value(id))),
          ...(perOption ? [mapping(options.map((o) => ({ key: o.id, value: answer.correct.includes(o.id) ? share : -share })), marks)] : []),
        ]),
        interaction: [element('qti-choice-interaction', {
          'response-identifier': RESPONSE, shuffle: mr?.shuffle, 'max-choices': mr?.maxChoices ?? 0, 'min-choices': mr?.minChoices,
          'data-waymark-partial-credit': answer.partialCredit,
        }, choices())],
        processing: perOption ? template('map_response') : matchOrTemplate(),
      };
    }
    case 'ordering':
      return {
        declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'ordered', 'base-type': 'identifier' }, [
          element('qti-correct-response', {}, answer.correctOrder.map((id) => value(id))),
        ]),
        interaction: [element('qti-order-interaction', { 'response-identifier': RESPONSE, 'data-waymark-partial-credit': answer.partialCredit }, [
          ...(interaction.type === 'ordering' && interaction.orderLabel ? [element('qti-prompt', {}, markdownInline(interaction.orderLabel))] : []),
          ...choices(),
        ])],
        processing: matchOrTemplate(),
      };
    case 'text': {
      const caseSensitive = !(answer.normalise?.ignoreCase ?? true);
      const entries = [
        ...answer.accepted.map((key) => ({ key, value: marks, caseSensitive })),
        ...partialEntries(answer.anticipated).map((a) => ({ key: String(a.value ?? ''), value: a.score ?? 0, caseSensitive })).filter((e) => e.key !== ''),
      ];
      return {
        declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'single', 'base-type': 'string' }, [
          element('qti-correct-response', {}, [value(answer.accepted[0])]), mapping(entries, marks),
        ]),
        interaction: affixed(element('qti-text-entry-interaction', {
          'response-identifier': RESPONSE, 'data-waymark-marking': 'text', ...typedAttributes,
          'data-waymark-normalise': answer.normalise ? JSON.stringify(answer.normalise) : undefined,
        })),
        processing: template('map_response'),
      };
    }
    case 'expression': {
      const partial = partialEntries(answer.anticipated);
      if (partial.some((a) => a.tolerance)) throw new NotExportable('an anticipated expression with a tolerance has no QTI equivalent');
      const entries = [
        ...acceptedExpressionForms(answer.value).map((key) => ({ key, value: marks, caseSensitive: true })),
        ...partial.map((a) => ({ key: String(a.value ?? ''), value: a.score ?? 0, caseSensitive: true })).filter((e) => e.key !== ''),
      ];
      return {
        declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'single', 'base-type': 'string' }, [
          element('qti-correct-response', {}, [value(answer.value)]), mapping(entries, marks),
        ]),
        interaction: affixed(element('qti-text-entry-interaction', {
          'response-identifier': RESPONSE, 'data-waymark-marking': 'algebraic-equivalence', ...typedAttributes,
          'data-waymark-variables': answer.variables?.join(' '), 'data-waymark-forms': answer.forms?.join(' '),
          'data-waymark-equivalent-score': answer.equivalentScore,
        })),
        processing: template('map_response'),
      };
    }
    case 'numeric':
      return numericParts(answer, typedAttributes, affixed);
    case 'quantity': {
      // QTI cannot compare units: the key "35 km/h" is a string, map_response lists it as written
      // for other players (so 35km/h or 9.72 m/s only score in Waymark, which converts units).
      if (/\s/.test(answer.unit.trim())) throw new NotExportable(`the units "${answer.unit}" contain a space`);
      if (answer.tolerance || answer.decimalPlaces !== undefined || answer.significantFigures !== undefined) {
        throw new NotExportable('a quantity with a tolerance or rounding has no QTI equivalent (QTI cannot compare units)');
      }
      const number = String(answer.value).trim();
      const key = `${number} ${answer.unit.trim()}`;
      const partial = partialEntries(answer.anticipated);
      if (partial.some((a) => a.tolerance || a.value === undefined)) throw new NotExportable('an anticipated band around a quantity has no QTI equivalent');
      const entries = [
        ...[...new Set([key, `${number}${answer.unit.trim()}`])].map((form) => ({ key: form, value: marks, caseSensitive: true })),
        ...(answer.numberOnlyScore ? [{ key: number, value: answer.numberOnlyScore, caseSensitive: true }] : []),
        ...partial.map((a) => ({ key: String(a.value), value: a.score ?? 0, caseSensitive: true })),
      ];
      return {
        declaration: element('qti-response-declaration', { identifier: RESPONSE, cardinality: 'single', 'base-type': 'string' }, [
          element('qti-correct-response', {}, [value(key)]), mapping(entries, marks),
        ]),
        interaction: affixed(element('qti-text-entry-interaction', {
          'response-identifier': RESPONSE, 'data-waymark-marking': 'quantity', ...typedAttributes,
          'data-waymark-units': answer.units, 'data-waymark-number-only-score': answer.numberOnlyScore,
        })),
        processing: template('map_response'),
      };
    }
  }
}

/** The part's copy of a single-interaction tree: RESPONSE renamed to the part's own response. */
function renameResponse(node: XmlNode, responseId: string): XmlNode {
  if (typeof node === 'string') return node;
  const attributes = { ...node.attributes };
  for (const name of ['identifier', 'response-identifier']) if (attributes[name] === RESPONSE) attributes[name] = responseId;
  return { ...node, attributes, children: node.children.map((child) => renameResponse(child, responseId)) };
}

/** SCORE = SCORE + (…): each part adds its marks, since one SCORE holds the whole item's. */
function addToScore(term: XmlElement): XmlElement {
  return element('qti-set-outcome-value', { identifier: 'SCORE' }, [element('qti-sum', {}, [element('qti-variable', { identifier: 'SCORE' }), term])]);
}

function additiveStatements(processing: XmlElement, responseId: string): XmlElement[] {
  const template = processing.attributes.template ?? '';
  if (template.endsWith('/match_correct.xml')) {
    return [element('qti-response-condition', {}, [element('qti-response-if', {}, [
      element('qti-match', {}, [element('qti-variable', { identifier: responseId }), element('qti-correct', { identifier: responseId })]),
      addToScore(element('qti-base-value', { 'base-type': 'float' }, ['1'])),
    ])])];
  }
  if (template.endsWith('/map_response.xml')) return [addToScore(element('qti-map-response', { identifier: responseId }))];
  const additive = (node: XmlNode): XmlNode => {
    if (typeof node === 'string') return node;
    if (node.name === 'qti-set-outcome-value' && node.attributes.identifier === 'SCORE') return addToScore(node.children.find((c): c is XmlElement => typeof c !== 'string')!);
    return { ...node, children: node.children.map(additive) };
  };
  return (renameResponse(processing, responseId) as XmlElement).children.map(additive).filter((c): c is XmlElement => typeof c !== 'string');
}

/** Items in parts: one interaction per part, each in a div marked with the part's id, one response each. */
function multiPartParts(item: ItemDocument): { declarations: XmlElement[]; body: XmlElement[]; processing: XmlElement; marks: number } {
  if (item.interaction.type !== 'multi-part' || item.answer.type !== 'multi-part') throw new NotExportable('the answer does not fit the question in parts');
  const answers = item.answer.parts;
  const converted = item.interaction.parts.map((part) => {
    const answer = answers[part.id];
    if (!answer) throw new NotExportable(`part ${part.id} has no answer`);
    const responseId = `RESPONSE_${part.id}`;
    const single = singleParts(part.interaction, answer);
    return {
      marks: marksOf(answer),
      declaration: renameResponse(single.declaration, responseId) as XmlElement,
      body: element('div', { 'data-waymark-part': part.id }, [...markdownBlocks(part.stem), ...single.interaction.map((node) => renameResponse(node, responseId))]),
      statements: additiveStatements(single.processing, responseId),
    };
  });
  return {
    declarations: converted.map((c) => c.declaration),
    body: converted.map((c) => c.body),
    processing: element('qti-response-processing', {}, converted.flatMap((c) => c.statements)),
    marks: converted.reduce((sum, c) => sum + c.marks, 0),
  };
}

/** The item as a QTI 3.0 assessment item document, or the reason it cannot be one. */
export function waymarkToQti(item: ItemDocument): QtiExport {
  try {
    const parts = item.interaction.type === 'multi-part'
      ? (() => {
        const multi = multiPartParts(item);
        return { declaration: multi.declarations, interaction: multi.body, processing: multi.processing, marks: multi.marks };
      })()
      : (() => {
        if (item.answer.type === 'multi-part') throw new NotExportable('the answer is in parts but the question is not');
        const single = singleParts(item.interaction, item.answer);
        return { declaration: [single.declaration], interaction: single.interaction, processing: single.processing, marks: marksOf(item.answer) };
      })();
    const { marks } = parts;
    const root = element('qti-assessment-item', {
      xmlns: QTI_NAMESPACE, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': SCHEMA_LOCATION,
      identifier: item.id, title: item.id, 'xml:lang': 'en-GB', adaptive: 'false', 'time-dependent': 'false',
    }, [
      ...parts.declaration,
      element('qti-outcome-declaration', { identifier: 'SCORE', cardinality: 'single', 'base-type': 'float' }, [element('qti-default-value', {}, [value('0')])]),
      element('qti-outcome-declaration', { identifier: 'MAXSCORE', cardinality: 'single', 'base-type': 'float' }, [element('qti-default-value', {}, [value(String(marks))])]),
      element('qti-item-body', {}, [
        ...markdownBlocks(item.stem),
        ...(item.image ? [element('p', {}, [element('img', { src: item.image.src, alt: item.image.alt })])] : []),
        ...parts.interaction,
      ]),
      parts.processing,
    ]);
    return { ok: true, xml: xmlDocument(root) };
  } catch (error) {
    if (error instanceof NotExportable) return { ok: false, reason: `Item ${item.id} cannot be exported to QTI: ${error.message}.` };
    throw error;
  }
}
