/**
 * What the application relies on, proved against the database the tests run on (FerretDB 1.24.2
 * over SQLite unless MONGODB_URI is set). docs/database.md summarises the supported subset;
 * each "not supported" test below pins a limitation documented there, so it fails (and the
 * document should be updated) if the database starts supporting it.
 */
import mongoose, { Schema } from 'mongoose';
import { useTestDatabase } from '../../support/database';
import { databaseReady } from '../../../server/db/connection';

const database = useTestDatabase();
beforeEach(() => database.clear());

const onFerretDb = process.env.MONGODB_URI === undefined || process.env.MONGODB_URI === '';
/**
 * Tests that pin FerretDB 1.24 behaviour are registered only when the run's database is
 * FerretDB (no MONGODB_URI), since MongoDB behaves correctly there.
 */
const ferretDbOnly = (register: () => void): void => {
  if (onFerretDb) register();
};

interface ResponseDoc {
  sessionId: string;
  sequence: number;
  idempotencyKey: string;
  correct: boolean;
  score: number;
  classId: string;
}

const responseSchema = new Schema<ResponseDoc>({
  sessionId: { type: String, required: true },
  sequence: { type: Number, required: true },
  idempotencyKey: { type: String, required: true },
  correct: { type: Boolean, required: true },
  score: { type: Number, required: true },
  classId: { type: String, required: true },
});
responseSchema.index({ sessionId: 1, sequence: 1 }, { unique: true });
responseSchema.index({ idempotencyKey: 1 }, { unique: true });
const ResponseModel = mongoose.model<ResponseDoc>('ProbeResponse', responseSchema);

const counterSchema = new Schema({ key: { type: String, required: true, unique: true }, count: { type: Number, default: 0 } });
const CounterModel = mongoose.model('ProbeCounter', counterSchema);

function response(sessionId: string, sequence: number, overrides: Partial<ResponseDoc> = {}): ResponseDoc {
  return {
    sessionId,
    sequence,
    idempotencyKey: `${sessionId}-${sequence}`,
    correct: sequence % 2 === 1,
    score: sequence % 2,
    classId: 'class-a',
    ...overrides,
  };
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
}

test('the database answers a ping (what /readyz checks)', async () => {
  await expect(databaseReady()).resolves.toBe(true);
});

describe('unique indexes', () => {
  test('a unique compound (session, sequence) index rejects a duplicate with code 11000 and keeps one document', async () => {
    await ResponseModel.create(response('s1', 1));
    const duplicate = ResponseModel.create(response('s1', 1, { idempotencyKey: 'another-key' }));
    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
    await expect(ResponseModel.countDocuments({ sessionId: 's1', sequence: 1 })).resolves.toBe(1);
  });

  test('the same sequence in another session and the next sequence in the same session are accepted', async () => {
    await ResponseModel.create([response('s1', 1), response('s2', 1), response('s1', 2)]);
    await expect(ResponseModel.countDocuments()).resolves.toBe(3);
  });

  test('a unique single-field index (idempotency key) rejects a reused key with code 11000', async () => {
    await ResponseModel.create(response('s1', 1, { idempotencyKey: 'k-1' }));
    let caught: unknown;
    try {
      await ResponseModel.create(response('s1', 2, { idempotencyKey: 'k-1' }));
    } catch (error) {
      caught = error;
    }
    expect(errorCode(caught)).toBe(11000);
    await expect(ResponseModel.countDocuments()).resolves.toBe(1);
  });

  test('an unordered insertMany with one duplicate writes the others and reports the duplicate', async () => {
    await ResponseModel.create(response('s1', 1));
    const attempt = ResponseModel.insertMany([response('s1', 1, { idempotencyKey: 'x' }), response('s1', 2), response('s1', 3)], {
      ordered: false,
    });
    await expect(attempt).rejects.toMatchObject({ code: 11000 });
    await expect(ResponseModel.countDocuments()).resolves.toBe(3);
  });

  test('the declared indexes exist with their unique flag', async () => {
    const indexes = await ResponseModel.collection.indexes();
    const byName = new Map(indexes.map((index) => [index.name, index]));
    expect(byName.get('sessionId_1_sequence_1')).toMatchObject({ key: { sessionId: 1, sequence: 1 }, unique: true });
    expect(byName.get('idempotencyKey_1')).toMatchObject({ key: { idempotencyKey: 1 }, unique: true });
  });
});

describe('single-document atomic updates', () => {
  test('findOneAndUpdate with upsert creates the document once, then updates it', async () => {
    const first = await CounterModel.findOneAndUpdate(
      { key: 'school-1' },
      { $inc: { count: 1 }, $setOnInsert: { key: 'school-1' } },
      { upsert: true, new: true },
    );
    const second = await CounterModel.findOneAndUpdate({ key: 'school-1' }, { $inc: { count: 1 } }, { upsert: true, new: true });
    expect(first?.get('count')).toBe(1);
    expect(second?.get('count')).toBe(2);
    expect(String(second?._id)).toBe(String(first?._id));
    await expect(CounterModel.countDocuments()).resolves.toBe(1);
  });

  test('$inc applied by 20 successive updates counts all of them', async () => {
    await CounterModel.create({ key: 'c', count: 0 });
    for (let i = 0; i < 20; i++) await CounterModel.updateOne({ key: 'c' }, { $inc: { count: 1 } });
    const counter = await CounterModel.findOne({ key: 'c' }).lean();
    expect(counter?.count).toBe(20);
  });

  test('on one connection (the pool size used with FerretDB), 50 concurrent $inc count all of them', async () => {
    // useTestDatabase connects with embeddedFerretDbPoolSize on FerretDB; with a larger pool
    // FerretDB 1.24 loses concurrent updates of one document (docs/database.md).
    await CounterModel.create({ key: 'concurrent', count: 0 });
    await Promise.all(Array.from({ length: 50 }, () => CounterModel.updateOne({ key: 'concurrent' }, { $inc: { count: 1 } })));
    const counter = await CounterModel.findOne({ key: 'concurrent' }).lean();
    expect(counter?.count).toBe(50);
  });

  test('of 10 concurrent inserts of the same (session, sequence), exactly one is written', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, attempt) => ResponseModel.create(response('race', 1, { idempotencyKey: `race-${attempt}` }))),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(errorCode(outcome.reason)).toBe(11000);
    }
    await expect(ResponseModel.countDocuments({ sessionId: 'race' })).resolves.toBe(1);
  });

  test('$set on a dotted path, $push, $addToSet, $max and $min update a document', async () => {
    interface Progress {
      _id: string;
      tags: string[];
      log?: number[];
      progress?: { item: number };
      best?: number;
      worst?: number;
    }
    const collection = mongoose.connection.db!.collection<Progress>('probe_updates');
    await collection.insertOne({ _id: 'd', tags: ['a'] });
    await collection.updateOne(
      { _id: 'd' },
      { $set: { 'progress.item': 3 }, $push: { log: 1 }, $addToSet: { tags: 'a' }, $max: { best: 5 }, $min: { worst: 2 } },
    );
    const document = await collection.findOne({ _id: 'd' });
    expect(document).toMatchObject({ progress: { item: 3 }, log: [1], tags: ['a'], best: 5, worst: 2 });
  });
});

describe('queries', () => {
  beforeEach(async () => {
    await ResponseModel.create([response('s1', 1), response('s1', 2), response('s1', 3), response('s2', 1, { classId: 'class-b' })]);
  });

  test('find with $in, $gte, sort on two keys, skip and limit, and a projection', async () => {
    const found = await ResponseModel.find({ sessionId: { $in: ['s1', 's2'] }, sequence: { $gte: 1 } })
      .sort({ sessionId: 1, sequence: -1 })
      .skip(1)
      .limit(2)
      .select({ sessionId: 1, sequence: 1, _id: 0 })
      .lean();
    expect(found).toEqual([
      { sessionId: 's1', sequence: 2 },
      { sessionId: 's1', sequence: 1 },
    ]);
  });

  test('countDocuments and distinct', async () => {
    await expect(ResponseModel.countDocuments({ sessionId: 's1' })).resolves.toBe(3);
    const classes = await ResponseModel.distinct('classId');
    expect([...classes].sort()).toEqual(['class-a', 'class-b']);
  });
});

describe('aggregation stages the application may use', () => {
  beforeEach(async () => {
    await ResponseModel.create([response('s1', 1), response('s1', 2), response('s1', 3), response('s2', 1, { classId: 'class-b' })]);
  });

  test('$match, $group with one $sum accumulator (count or field), $sort, $project', async () => {
    const answered = await ResponseModel.aggregate([
      { $match: { classId: { $in: ['class-a', 'class-b'] } } },
      { $group: { _id: '$sessionId', answered: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(answered).toEqual([
      { _id: 's1', answered: 3 },
      { _id: 's2', answered: 1 },
    ]);
    const scored = await ResponseModel.aggregate([
      { $group: { _id: '$sessionId', totalScore: { $sum: '$score' } } },
      { $sort: { _id: -1 } },
      { $project: { _id: 0, totalScore: 1 } },
    ]);
    expect(scored).toEqual([{ totalScore: 1 }, { totalScore: 2 }]);
    const counted = await ResponseModel.aggregate([{ $group: { _id: '$classId', n: { $count: {} } } }, { $sort: { _id: 1 } }]);
    expect(counted).toEqual([
      { _id: 'class-a', n: 3 },
      { _id: 'class-b', n: 1 },
    ]);
  });

  test('$group on a compound _id, then $sort, $skip, $limit, $count, $addFields/$set, $unset', async () => {
    const grouped = await ResponseModel.aggregate([
      { $group: { _id: { classId: '$classId', correct: '$correct' }, n: { $sum: 1 } } },
      { $sort: { '_id.classId': 1, '_id.correct': 1 } },
    ]);
    expect(grouped).toEqual([
      { _id: { classId: 'class-a', correct: false }, n: 1 },
      { _id: { classId: 'class-a', correct: true }, n: 2 },
      { _id: { classId: 'class-b', correct: true }, n: 1 },
    ]);
    const counted = await ResponseModel.aggregate([{ $match: { sessionId: 's1' } }, { $skip: 1 }, { $limit: 5 }, { $count: 'n' }]);
    expect(counted).toEqual([{ n: 2 }]);
    const reshaped = await ResponseModel.aggregate([
      { $match: { sessionId: 's2' } },
      { $set: { flag: true } },
      { $addFields: { other: 1 } },
      { $unset: ['_id', '__v', 'idempotencyKey', 'correct', 'score'] },
    ]);
    expect(reshaped).toEqual([{ sessionId: 's2', sequence: 1, classId: 'class-b', flag: true, other: 1 }]);
  });

  ferretDbOnly(() => test('FerretDB 1.24: in a $group with several accumulators only the first is computed (the rest are 0)', async () => {
    const rows = await ResponseModel.aggregate([
      { $match: { sessionId: 's1' } },
      { $group: { _id: '$sessionId', answered: { $sum: 1 }, alsoAnswered: { $sum: 1 } } },
    ]);
    expect(rows).toEqual([{ _id: 's1', answered: 3, alsoAnswered: 0 }]);
  }));

  ferretDbOnly(() => test('FerretDB 1.24: $unwind keeps only _id and the unwound field', async () => {
    const collection = mongoose.connection.db!.collection('probe_arrays');
    await collection.insertMany([{ k: 1, values: [1, 2] }, { k: 2, values: [3] }]);
    const unwound = await collection.aggregate([{ $unwind: '$values' }, { $unset: '_id' }, { $sort: { values: 1 } }]).toArray();
    expect(unwound).toEqual([{ values: 1 }, { values: 2 }, { values: 3 }]);
  }));

  ferretDbOnly(() => test('FerretDB 1.24: $project with a field path ("$field") yields the literal string, not the value', async () => {
    const rows = await ResponseModel.aggregate([{ $match: { sessionId: 's2' } }, { $project: { _id: 0, copy: '$classId' } }]);
    expect(rows).toEqual([{ copy: '$classId' }]);
  }));

  ferretDbOnly(() => test.each([
    ['$lookup', { $lookup: { from: 'other', localField: 'sessionId', foreignField: 'sessionId', as: 'joined' } }],
    ['$facet', { $facet: { all: [{ $match: {} }] } }],
    ['$replaceRoot', { $replaceRoot: { newRoot: { s: '$sessionId' } } }],
    ['$bucket', { $bucket: { groupBy: '$sequence', boundaries: [0, 2, 10] } }],
    ['$sortByCount', { $sortByCount: '$sessionId' }],
    ['$group with $avg', { $group: { _id: null, mean: { $avg: '$score' } } }],
    ['$group with $min', { $group: { _id: null, least: { $min: '$score' } } }],
    ['$group with $max', { $group: { _id: null, most: { $max: '$score' } } }],
    ['$group with $first', { $group: { _id: null, first: { $first: '$score' } } }],
    ['$group with $push', { $group: { _id: null, all: { $push: '$score' } } }],
    ['$group with $addToSet', { $group: { _id: null, all: { $addToSet: '$score' } } }],
    ['$group with $cond', { $group: { _id: null, n: { $sum: { $cond: [{ $gt: ['$score', 0] }, 1, 0] } } } }],
    ['$project with $add', { $project: { next: { $add: ['$sequence', 1] } } }],
    ['$project with $size', { $project: { n: { $size: '$tags' } } }],
    ['$match with $expr', { $match: { $expr: { $gt: ['$sequence', 1] } } }],
  ])('FerretDB 1.24 does not support %s (the query fails, it does not silently misbehave)', async (_name, stage) => {
    await expect(ResponseModel.aggregate([stage as mongoose.PipelineStage])).rejects.toThrow(/not implemented/);
  }));
});

describe('features FerretDB 1.24 lacks (design around them)', () => {
  ferretDbOnly(() => test('multi-document transactions are refused', async () => {
    const session = await mongoose.startSession();
    try {
      session.startTransaction();
      await expect(ResponseModel.create([response('t', 1)], { session })).rejects.toThrow();
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    await expect(ResponseModel.countDocuments({ sessionId: 't' })).resolves.toBe(0);
  }));

  ferretDbOnly(() => test('TTL indexes (expireAfterSeconds) and partial indexes are refused', async () => {
    const collection = mongoose.connection.db!.collection('probe_indexes');
    await expect(collection.createIndex({ at: 1 }, { expireAfterSeconds: 60 })).rejects.toThrow(/not implemented/);
    await expect(
      collection.createIndex({ q: 1 }, { unique: true, partialFilterExpression: { q: { $exists: true } } }),
    ).rejects.toThrow(/not implemented/);
  }));

  ferretDbOnly(() => test('$push with $slice ignores the $slice (the array keeps growing)', async () => {
    const collection = mongoose.connection.db!.collection<{ k: number; recent: number[] }>('probe_slice');
    await collection.insertOne({ k: 1, recent: [1, 2] });
    await collection.updateOne({ k: 1 }, { $push: { recent: { $each: [3], $slice: -2 } } });
    const document = await collection.findOne({ k: 1 });
    expect(document?.recent).toEqual([1, 2, 3]);
  }));

  ferretDbOnly(() => test('change streams are refused (live views must push from the write path instead)', async () => {
    const stream = ResponseModel.collection.watch();
    await expect(stream.tryNext()).rejects.toThrow(/not implemented/);
    await stream.close();
  }));
});
