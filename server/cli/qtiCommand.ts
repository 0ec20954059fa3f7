/**
 * `waymark qti import FILE.xml|FILE.zip` prints the Waymark items of a QTI 3.0 item or package as
 * JSON (or every problem, exit 2); `waymark qti export ITEMS.json > out.zip` writes a QTI 3.0
 * package of the items QTI can express and lists the others, with the reason, on stderr.
 * ITEMS.json is an item, a list of items, or a bank export ({"format":"waymark-bank",...}).
 */
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { readBankExport } from '../bank/bankExport';
import { importQti } from '../bank/qti/importQti';
import { writeQtiPackage } from '../bank/qti/qtiPackage';
import { InputError, readJsonInput } from './commandInput';
import type { CommandIo } from './waymark';

export const QTI_USAGE = `usage: waymark qti import FILE.xml|FILE.zip [--subject SUBJECT] [--criteria CODE,CODE]
       waymark qti export ITEMS.json|- > out.zip

import  prints the Waymark items of a QTI 3.0 item file or content package as JSON
        (imported items are drafts; --criteria tags them, default UNTAGGED)
export  writes a QTI 3.0 content package of the items (an item, a list, or a bank export)
        to standard output; items QTI cannot express are listed on standard error
See docs/qti.md.
`;

function options(args: string[]): { rest: string[]; subject?: string; criteria?: string[] } {
  const rest: string[] = [];
  let subject: string | undefined;
  let criteria: string[] | undefined;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--subject' && i + 1 < args.length) subject = args[(i += 1)];
    else if (args[i] === '--criteria' && i + 1 < args.length) criteria = args[(i += 1)].split(',').map((c) => c.trim()).filter(Boolean);
    else rest.push(args[i]);
  }
  return { rest, subject, criteria };
}

function write(stream: Writable, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (error) => (error ? reject(error) : resolve())));
}

async function runImport(args: string[], io: CommandIo): Promise<number> {
  const { rest, subject, criteria } = options(args);
  if (rest.length !== 1) {
    io.stderr.write(`waymark qti import: give one .xml or .zip file\n\n${QTI_USAGE}`);
    return 2;
  }
  const [file] = rest;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.stderr.write(`waymark qti import: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const result = importQti(file, bytes, { subject, criteria });
  if (!result.ok) {
    const lines = result.errors.map((e) => `  ${e.file}${e.path ? ` ${e.path}` : ''}: ${e.message}`);
    io.stderr.write(`waymark qti import: ${result.errors.length} problem(s); no items were imported\n${lines.join('\n')}\n`);
    return 2;
  }
  await write(io.stdout, `${JSON.stringify(result.items, null, 2)}\n`);
  return 0;
}

async function runExport(args: string[], io: CommandIo): Promise<number> {
  if (args.length !== 1) {
    io.stderr.write(`waymark qti export: give one JSON file of items (or - for standard input)\n\n${QTI_USAGE}`);
    return 2;
  }
  if ((io.stdout as Writable & { isTTY?: boolean }).isTTY) {
    io.stderr.write('waymark qti export: the package is a zip file; redirect it, e.g. waymark qti export items.json > items.zip\n');
    return 2;
  }
  let input: unknown;
  try {
    input = await readJsonInput(args[0], io.stdin);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`waymark qti export: ${error.message}\n`);
    return 2;
  }
  const isExport = typeof input === 'object' && input !== null && !Array.isArray(input) && 'format' in input;
  const envelope = isExport ? input : { format: 'waymark-bank', version: 1, items: Array.isArray(input) ? input : [input] };
  const read = readBankExport(envelope);
  if (!read.ok) {
    const lines = read.errors.map((e) => `  ${e.path || '/'}: ${e.message}`);
    io.stderr.write(`waymark qti export: ${read.errors.length} problem(s) in the items; nothing was written\n${lines.join('\n')}\n`);
    return 2;
  }
  const written = writeQtiPackage(read.items);
  for (const skipped of written.skipped) io.stderr.write(`waymark qti export: skipped ${skipped.id} v${skipped.version}: ${skipped.reason}\n`);
  io.stderr.write(`waymark qti export: ${written.exported.length} item(s) exported, ${written.skipped.length} skipped\n`);
  await write(io.stdout, written.zip);
  return 0;
}

export async function runQtiCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'import') return runImport(rest, io);
  if (action === 'export') return runExport(rest, io);
  (action === undefined || action === '--help' ? io.stdout : io.stderr).write(QTI_USAGE);
  return action === '--help' ? 0 : 2;
}
