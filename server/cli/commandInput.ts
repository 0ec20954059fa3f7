/**
 * Input handling shared by the `waymark` subcommands: read JSON from a file or stdin, and a
 * typed error carrying JSON-pointer details so every bad input gets one clear message.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { compileBank, ItemParameterError, type CompiledBank } from '../irt/bank';
import type { Item } from '../irt/types';

export interface InputIssue {
  path: string;
  message: string;
}

export class InputError extends Error {
  readonly details: InputIssue[];
  constructor(message: string, details: InputIssue[] = []) {
    super(message);
    this.name = 'InputError';
    this.details = details;
  }
}

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse the JSON document named by `source` (a path, or `-` for stdin). */
export async function readJsonInput(source: string | undefined, stdin: Readable): Promise<unknown> {
  if (source === undefined) throw new InputError('missing input: give a JSON file path, or - to read standard input');
  let text: string;
  try {
    text = source === '-' ? await readStream(stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${source === '-' ? 'standard input' : source}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${source === '-' ? 'standard input' : source} is not valid JSON: ${(error as Error).message}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reject properties the command does not know (a typo should not be silently ignored). */
export function unknownProperties(input: Record<string, unknown>, allowed: readonly string[], issues: InputIssue[]): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) issues.push({ path: `/${key}`, message: `unknown property (allowed: ${allowed.join(', ')})` });
  }
}

/** Compile an item list, turning parameter errors into `/<path>/<index>/<field>` details. */
export function compileItems(value: unknown, path: string): CompiledBank {
  if (!Array.isArray(value) || value.length === 0) throw new InputError('invalid input', [{ path, message: 'must be a non-empty array of items' }]);
  const notObjects = value.flatMap((item, k) => (isRecord(item) ? [] : [{ path: `${path}/${k}`, message: 'must be an item object' }]));
  if (notObjects.length > 0) throw new InputError('invalid input', notObjects);
  try {
    return compileBank(value as Item[]);
  } catch (error) {
    if (!(error instanceof ItemParameterError)) throw error;
    let index = value.findIndex((item: Record<string, unknown>) => item.id === error.itemId);
    if (error.field === 'id' && error.message.includes('duplicate')) index = value.map((item: Record<string, unknown>) => item.id).lastIndexOf(error.itemId);
    const where = index >= 0 ? `${path}/${index}` : path;
    const prefix = `item ${error.itemId}: ${error.field}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    throw new InputError('invalid input', [{ path: `${where}/${error.field}`, message: `${message} (item ${JSON.stringify(error.itemId)})` }]);
  }
}
