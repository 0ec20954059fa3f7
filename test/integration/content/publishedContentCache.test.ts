/**
 * The published-content cache against the real database: content is read once, kept while
 * nothing is published, renewed at once by a publish in this process, and renewed by another
 * process's publish (the stored counter moved) at the next revalidation, not before.
 */
import { ContentGeneration } from '../../../server/db/models/contentGeneration';
import { PublishedContentCache, markContentPublished } from '../../../server/content/publishedContentCache';
import { useTestDatabase } from '../../support/database';

useTestDatabase();

function countingCache(revalidateMs: number) {
  const reads: string[] = [];
  let version = 1;
  const cache = new PublishedContentCache(async (key) => {
    reads.push(key);
    return `${key}@${version}`;
  }, revalidateMs);
  return { cache, reads, setVersion: (v: number) => { version = v; } };
}

test('content is read once while nothing is published, however often it is asked for', async () => {
  const { cache, reads } = countingCache(30_000);
  const t0 = 1_000_000;
  expect(await cache.get('fdp-1', t0)).toBe('fdp-1@1');
  expect(await cache.get('fdp-1', t0 + 10)).toBe('fdp-1@1');
  // Past the revalidation time the stored counter is compared; unchanged, nothing is re-read.
  expect(await cache.get('fdp-1', t0 + 60_000)).toBe('fdp-1@1');
  expect(await cache.get('fdp-1', t0 + 120_000)).toBe('fdp-1@1');
  expect(reads).toEqual(['fdp-1']);
  // Keys are cached separately.
  expect(await cache.get('alg-1', t0)).toBe('alg-1@1');
  expect(reads).toEqual(['fdp-1', 'alg-1']);
});

test('a publish by this process renews the content at the next ask, before any revalidation time', async () => {
  const { cache, reads, setVersion } = countingCache(30_000);
  const t0 = 2_000_000;
  expect(await cache.get('fdp-1', t0)).toBe('fdp-1@1');
  setVersion(2);
  await markContentPublished();
  expect(await cache.get('fdp-1', t0 + 1)).toBe('fdp-1@2');
  expect(reads).toEqual(['fdp-1', 'fdp-1']);
  const stored = await ContentGeneration.findById('published').lean<{ generation: number }>();
  expect(stored?.generation).toBeGreaterThanOrEqual(1);
});

test("another process's publish (the stored counter moved) is seen at the next revalidation, not before", async () => {
  const { cache, reads, setVersion } = countingCache(30_000);
  const t0 = 3_000_000;
  expect(await cache.get('geo-1', t0)).toBe('geo-1@1');
  setVersion(2);
  // What markContentPublished does in another server process: only the stored counter moves here.
  await ContentGeneration.updateOne({ _id: 'published' }, { $inc: { generation: 1 } }, { upsert: true });
  expect(await cache.get('geo-1', t0 + 29_999)).toBe('geo-1@1');
  expect(await cache.get('geo-1', t0 + 30_000)).toBe('geo-1@2');
  expect(await cache.get('geo-1', t0 + 30_001)).toBe('geo-1@2');
  expect(reads).toEqual(['geo-1', 'geo-1']);
});

test('a failed read is not kept: the next ask reads again', async () => {
  let fail = true;
  const cache = new PublishedContentCache(async (key) => {
    if (fail) throw new Error('database unavailable');
    return key;
  });
  await expect(cache.get('num-1', 1)).rejects.toThrow('database unavailable');
  fail = false;
  expect(await cache.get('num-1', 2)).toBe('num-1');
});
