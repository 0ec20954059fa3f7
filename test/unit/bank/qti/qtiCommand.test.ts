import fs from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { importQtiPackage } from '../../../../server/bank/qti/importQti';
import { main } from '../../../../server/cli/waymark';
import type { ItemDocument } from '../../../../server/scoring/itemDocument';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const qtiDirectory = path.resolve(repoRoot, '..', 'shared', 'data', 'qti');
const workDir = mkdtempSync(path.join(tmpdir(), 'waymark-qti-'));

async function run(argv: string[], stdinText = ''): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  let err = '';
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  stdin.end(stdinText);
  const code = await main(argv, { stdin, stdout, stderr });
  return { code, stdout: Buffer.concat(out), stderr: err };
}

test('qti import prints the Waymark items of a QTI file', async () => {
  const { code, stdout } = await run(['qti', 'import', path.join(qtiDirectory, 'item-choice-fraction.xml'), '--criteria', 'N1,N2']);
  expect(code).toBe(0);
  const items = JSON.parse(stdout.toString()) as ItemDocument[];
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ id: 'frac-half-choice', criteria: ['N1', 'N2'], answer: { type: 'choice', correct: 'C' } });
});

test('qti import of a broken file prints every problem and exits 2', async () => {
  const file = path.join(workDir, 'broken.xml');
  writeFileSync(file, fs.readFileSync(path.join(qtiDirectory, 'item-choice-fraction.xml'), 'utf8').replace('<qti-value>C</qti-value>', '<qti-value>Q</qti-value>'));
  const { code, stdout, stderr } = await run(['qti', 'import', file]);
  expect(code).toBe(2);
  expect(stdout.length).toBe(0);
  expect(stderr).toContain('no items were imported');
  expect(stderr).toContain('"Q" is not one of the choices');
});

test('qti export writes a package that imports back, and lists what it skipped', async () => {
  const shared = ['item-choice-fraction.xml', 'item-numeric-tolerance.xml'].map(async (name) => JSON.parse((await run(['qti', 'import', path.join(qtiDirectory, name)])).stdout.toString())[0] as ItemDocument);
  const items = await Promise.all(shared);
  const roots: ItemDocument = {
    ...items[1], id: 'roots', stem: 'Solve $x^2 = 4$.', interaction: { type: 'numeric' }, answer: { type: 'numeric', value: [2, -2] },
  };
  const file = path.join(workDir, 'items.json');
  writeFileSync(file, JSON.stringify([...items, roots]));
  const { code, stdout, stderr } = await run(['qti', 'export', file]);
  expect(code).toBe(0);
  expect(stderr).toContain('skipped roots v1: Item roots cannot be exported to QTI: a list of numbers');
  expect(stderr).toContain('2 item(s) exported, 1 skipped');
  const back = importQtiPackage('out.zip', new Uint8Array(stdout));
  expect(back).toEqual({ ok: true, items });
});

test('qti with no action prints its usage and exits 2', async () => {
  const { code, stdout } = await run(['qti']);
  expect(code).toBe(2);
  expect(stdout.toString()).toContain('waymark qti import FILE.xml|FILE.zip');
});
