import fs from 'fs'; import os from 'os'; import path from 'path';
import mongoose from 'mongoose';
import { startFerretDb } from '../../server/db/ferretdb';
import { Response } from '../../server/db/models';
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
  const f = await startFerretDb({ dataDir: dir });
  await mongoose.connect(f.uri, { dbName: 'probe', maxPoolSize: 1 });
  await Response.ensureIndexes();
  const sid = new mongoose.Types.ObjectId();
  let seq = 0;
  const doc = () => { seq++; return { _id: `${sid}:${seq}`, sessionId: sid, pupilId: sid, sequence: seq, itemId: 'i'+seq, itemVersion: 1, answer: 'x', idempotencyKey: 'key-'+seq+'-abcdefgh', score: 1, maxScore: 1, category: 1, note: 'ok', readAs: null, answeredAt: new Date() }; };
  for (const batch of [1, 5, 20, 50, 1, 20]) {
    const n = 600; const t = performance.now();
    for (let i = 0; i < n; i += batch) {
      if (batch === 1) await Response.create(doc()); else await Response.insertMany(Array.from({ length: batch }, doc), { ordered: false });
    }
    const ms = performance.now() - t;
    console.log(`batch ${batch}: ${(ms / n).toFixed(2)} ms/doc`);
  }
  // raw driver
  for (const batch of [1, 20]) {
    const n = 600; const t = performance.now();
    const coll = mongoose.connection.db!.collection('responses');
    for (let i = 0; i < n; i += batch) await coll.insertMany(Array.from({ length: batch }, doc) as any, { ordered: false });
    console.log(`raw batch ${batch}: ${((performance.now() - t) / n).toFixed(2)} ms/doc`);
  }
  // duplicate in batch
  const d = doc(); await Response.create(d);
  try { await Response.insertMany([doc(), d, doc()], { ordered: false }); } catch (e: any) { console.log('dup err', e.code, e.name, Object.keys(e), e.writeErrors?.map((w: any) => [w.index, w.code]), e.insertedDocs?.length, e.results?.length, JSON.stringify(e.mongoose?.results?.map((r:any)=>r?.constructor?.name))); }
  console.log('count', await Response.countDocuments());
  await mongoose.disconnect(); await f.stop(); fs.rmSync(dir, { recursive: true, force: true });
}
main();
