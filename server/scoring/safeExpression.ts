/**
 * The locked-down reader for typed algebra. mathjs only parses (it never evaluates pupil input);
 * the parse tree is checked against a whitelist and copied into our own small tree, which the
 * evaluator in evaluateExpression.ts walks. Before parsing: a length limit, a character
 * whitelist and a bracket-nesting limit, so hostile input (deep nesting, `import(...)`, property
 * access, strings, matrices, assignments, function definitions, unit creation) is refused with
 * a note and never reaches mathjs's evaluator, and mathjs's recursive parser never sees deep
 * nesting.
 */
import { parse, type MathNode } from 'mathjs';
import { KNOWN_FUNCTIONS, normaliseMathCharacters, readAnswer, type AnswerReading } from './readAnswer';

export type FunctionName = 'sqrt' | 'sin' | 'cos' | 'tan' | 'ln' | 'log' | 'exp' | 'abs';
export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export type ExpressionNode =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: string }
  | { kind: 'pi' }
  | { kind: 'negate'; argument: ExpressionNode }
  | { kind: 'binary'; op: BinaryOperator; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'call'; fn: FunctionName; argument: ExpressionNode };

export type ExpressionProblemNote =
  | 'EXPR_EMPTY'
  | 'EXPR_TOO_LONG'
  | 'EXPR_TOO_DEEP'
  | 'EXPR_FORBIDDEN'
  | 'EXPR_UNREADABLE'
  | 'EXPR_NUMBER_TOO_LARGE'
  | 'EXPR_UNKNOWN_WORD'
  | 'EXPR_EQUATION';

/** An equation as written: its two sides. */
export interface Equation {
  left: ExpressionNode;
  right: ExpressionNode;
}

export type SafeParse =
  | { ok: true; tree: ExpressionNode; reading: AnswerReading; equation?: Equation }
  | { ok: false; note: ExpressionProblemNote; message: string; reading?: AnswerReading };

export interface ExpressionLimits {
  /** Characters (default 200). */
  maxLength: number;
  /** Bracket nesting (default 12: school algebra rarely needs 4). */
  maxNesting: number;
  /** Nodes in the parse tree (default 150). */
  maxNodes: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { maxLength: 200, maxNesting: 12, maxNodes: 150 };

/** Characters a maths answer may contain once look-alikes are normalised (readAnswer handles the Unicode ones). */
const ALLOWED_CHARACTERS = /^[A-Za-z0-9\s+\-*/^().,=|½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒⁰¹²³⁴⁵⁶⁷⁸⁹⁻√]*$/;

const OPERATORS: Record<string, BinaryOperator> = { add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^' };

class ForbiddenExpression extends Error {
  constructor(readonly note: ExpressionProblemNote, message: string) {
    super(message);
  }
}

function convert(node: MathNode, counter: { nodes: number; limit: number }): ExpressionNode {
  counter.nodes += 1;
  if (counter.nodes > counter.limit) throw new ForbiddenExpression('EXPR_TOO_LONG', 'The expression is too long to check.');
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') throw new ForbiddenExpression('EXPR_FORBIDDEN', 'Only numbers and letters can be used.');
      if (!Number.isFinite(value)) throw new ForbiddenExpression('EXPR_NUMBER_TOO_LARGE', 'A number in the answer is too large.');
      return { kind: 'number', value };
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      if (name === 'pi') return { kind: 'pi' };
      if (/^[A-Za-z]$/.test(name)) return { kind: 'variable', name };
      throw new ForbiddenExpression('EXPR_UNKNOWN_WORD', `"${name}" is not a letter or a function we know.`);
    }
    case 'ParenthesisNode':
      return convert((node as unknown as { content: MathNode }).content, counter);
    case 'OperatorNode': {
      const { fn, args } = node as unknown as { fn: string; args: MathNode[] };
      if (fn === 'unaryMinus' && args.length === 1) return { kind: 'negate', argument: convert(args[0]!, counter) };
      if (fn === 'unaryPlus' && args.length === 1) return convert(args[0]!, counter);
      const op = OPERATORS[fn];
      if (op && args.length === 2) return { kind: 'binary', op, left: convert(args[0]!, counter), right: convert(args[1]!, counter) };
      throw new ForbiddenExpression('EXPR_FORBIDDEN', 'Use only + − × ÷ and powers.');
    }
    case 'FunctionNode': {
      const { fn, args } = node as unknown as { fn: MathNode; args: MathNode[] };
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if ((KNOWN_FUNCTIONS as readonly string[]).includes(name) && args.length === 1) {
        return { kind: 'call', fn: name as FunctionName, argument: convert(args[0]!, counter) };
      }
      throw new ForbiddenExpression('EXPR_FORBIDDEN', `Only these functions can be used: ${KNOWN_FUNCTIONS.join(', ')}.`);
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new ForbiddenExpression('EXPR_FORBIDDEN', 'An answer cannot define or assign anything.');
    default:
      // AccessorNode, IndexNode, ObjectNode, ArrayNode, RangeNode, BlockNode, ConditionalNode, RelationalNode…
      throw new ForbiddenExpression('EXPR_FORBIDDEN', 'Only numbers, letters, + − × ÷, powers and brackets can be used.');
  }
}

function maxNesting(text: string): number | undefined {
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === '(') deepest = Math.max(deepest, ++depth);
    if (ch === ')' && --depth < 0) return undefined;
  }
  return depth === 0 ? deepest : undefined;
}

function parseSide(text: string, maxNodes: number): { ok: true; tree: ExpressionNode } | { ok: false; note: ExpressionProblemNote; message: string } {
  let node: MathNode;
  try {
    node = parse(text);
  } catch {
    return { ok: false, note: 'EXPR_UNREADABLE', message: 'We could not read this as maths.' };
  }
  try {
    return { ok: true, tree: convert(node, { nodes: 0, limit: maxNodes }) };
  } catch (error) {
    if (error instanceof ForbiddenExpression) return { ok: false, note: error.note, message: error.message };
    return { ok: false, note: 'EXPR_UNREADABLE', message: 'We could not read this as maths.' };
  }
}

export interface ParseOptions {
  /** Accept one "=": the result's `tree` is left − right and `equation` holds the sides. */
  allowEquation?: boolean;
}

/** Reads, checks and parses pupil (or author) algebra. Never throws. */
export function parseSafeExpression(input: string, limits: Partial<ExpressionLimits> = {}, options: ParseOptions = {}): SafeParse {
  const { maxLength, maxNesting: nestingLimit, maxNodes } = { ...DEFAULT_EXPRESSION_LIMITS, ...limits };
  if (input.length > maxLength) return { ok: false, note: 'EXPR_TOO_LONG', message: `The answer is too long: at most ${maxLength} characters.` };
  const normalised = normaliseMathCharacters(input);
  if (normalised.trim() === '') return { ok: false, note: 'EXPR_EMPTY', message: 'There is no answer.' };
  if (!ALLOWED_CHARACTERS.test(normalised)) {
    const bad = [...normalised].find((c) => !ALLOWED_CHARACTERS.test(c)) ?? '';
    return { ok: false, note: 'EXPR_FORBIDDEN', message: `The character "${bad}" is not used in maths answers.` };
  }
  const reading = readAnswer(input);
  if (reading.problem) return { ok: false, note: 'EXPR_UNKNOWN_WORD', message: reading.problem, reading };
  const sides = reading.text.split('=');
  if (sides.length > 2 || (sides.length === 2 && !options.allowEquation)) {
    return { ok: false, note: 'EXPR_EQUATION', message: options.allowEquation ? 'Write one equation with one = sign.' : 'Give an expression, not an equation.', reading };
  }
  const nesting = maxNesting(reading.text);
  if (nesting === undefined) return { ok: false, note: 'EXPR_UNREADABLE', message: 'The brackets do not match.', reading };
  if (nesting > nestingLimit) return { ok: false, note: 'EXPR_TOO_DEEP', message: `Too many brackets inside brackets (at most ${nestingLimit}).`, reading };
  if (/[,]/.test(reading.text)) return { ok: false, note: 'EXPR_UNREADABLE', message: 'We could not read the comma.', reading };
  const parsed = sides.map((side) => parseSide(side, maxNodes));
  for (const side of parsed) if (!side.ok) return { ...side, reading };
  const trees = parsed.map((side) => (side as { tree: ExpressionNode }).tree);
  if (trees.length === 1) return { ok: true, tree: trees[0] as ExpressionNode, reading };
  const [left, right] = trees as [ExpressionNode, ExpressionNode];
  return { ok: true, tree: { kind: 'binary', op: '-', left, right }, equation: { left, right }, reading };
}

/** The variables (letters) used in a tree. */
export function variablesOf(tree: ExpressionNode, into: Set<string> = new Set()): Set<string> {
  switch (tree.kind) {
    case 'variable':
      into.add(tree.name);
      break;
    case 'negate':
    case 'call':
      variablesOf(tree.argument, into);
      break;
    case 'binary':
      variablesOf(tree.left, into);
      variablesOf(tree.right, into);
      break;
    default:
      break;
  }
  return into;
}

/** The same tree with every variable renamed (used to test whether an expression is constant). */
export function renameVariables(tree: ExpressionNode, rename: (name: string) => string): ExpressionNode {
  switch (tree.kind) {
    case 'variable':
      return { kind: 'variable', name: rename(tree.name) };
    case 'negate':
      return { kind: 'negate', argument: renameVariables(tree.argument, rename) };
    case 'call':
      return { kind: 'call', fn: tree.fn, argument: renameVariables(tree.argument, rename) };
    case 'binary':
      return { kind: 'binary', op: tree.op, left: renameVariables(tree.left, rename), right: renameVariables(tree.right, rename) };
    default:
      return tree;
  }
}
