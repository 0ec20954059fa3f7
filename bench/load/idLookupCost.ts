/**
 * FerretDB's cost of a lookup by `_id` (find, update) as a collection grows:
 * `npx tsx bench/load/idLookupCost.ts`.
 *
 * With an index that is used, the cost stays flat as the collection grows (a B-tree search);
 * unpatched FerretDB 1.24.2 on SQLite scanned the whole collection for every lookup, because its
 * queries and its _id index spell the JSON path differently (scripts/build-ferretdb.sh). The
 * ratio printed (largest collection against the smallest) is the figure to watch: near 1 means
 * the index is used; the unpatched build gave ~30× at 20,000 documents.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { startFerretDb } from '../../server/db/ferretdb';

const sizes = [100, 2_000, 20_000];
const lookups = 200;

async function perLookupMs(run: (index: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await run(i);
  const started = performance.now();
  for (let i = 0; i < lookups; i++) await run(i);
  return (performance.now() - started) / lookups;
}

async function fill(collection: Collection<Document>, count: number, id: (i: number) => unknown): Promise<void> {
  for (let from = 0; from < count; from += 1000) {
    const documents = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({
      _id: id(from + k),
      pupilId: new ObjectId(),
      // About the size of a stored response or login.
      note: 'x'.repeat(300),
    }));
    await collection.insertMany(documents as Document[]);
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-id-lookup-'));
  const ferretDb = await startFerretDb({ dataDir });
  const client = await MongoClient.connect(ferretDb.uri, { maxPoolSize: 1 });
  try {
    const rows: Array<{ size: number; objectIdFind: number; stringFind: number; stringUpdate: number }> = [];
    for (const size of sizes) {
      const database = client.db(`lookup_${size}`);
      const objectIds = Array.from({ length: size }, () => new ObjectId());
      const byObjectId = database.collection('byObjectId');
      const byString = database.collection<Document>('byString');
      await fill(byObjectId, size, (i) => objectIds[i]);
      await fill(byString, size, (i) => `key:${i}`);
      const pick = (i: number) => (i * 7919) % size;
      rows.push({
        size,
        objectIdFind: await perLookupMs((i) => byObjectId.findOne({ _id: objectIds[pick(i)] })),
        stringFind: await perLookupMs((i) => byString.findOne({ _id: `key:${pick(i)}` } as Document)),
        stringUpdate: await perLookupMs((i) => byString.updateOne({ _id: `key:${pick(i)}` } as Document, { $set: { seen: i } })),
      });
    }
    console.log('documents | find by ObjectId _id | find by string _id | updateOne by string _id (ms per command)');
    for (const row of rows) {
      console.log(`${row.size} | ${row.objectIdFind.toFixed(2)} | ${row.stringFind.toFixed(2)} | ${row.stringUpdate.toFixed(2)}`);
    }
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    console.log(
      `ratio ${last.size} against ${first.size} documents: find ${(last.stringFind / first.stringFind).toFixed(2)}×, ` +
        `update ${(last.stringUpdate / first.stringUpdate).toFixed(2)}× (near 1: the _id index is used)`,
    );
  } finally {
    await client.close();
    await ferretDb.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
