/**
 * Caches of published content that stay right across server processes without rescanning.
 *
 * Published content changes only through publishing (items going live or retired, module
 * versions, cut scores, calibration, qualification rules), and every such path calls
 * markContentPublished(). This process's caches see that at once (a counter in memory); other
 * processes see it through a stored counter (ContentGeneration), read by `_id` once every
 * `revalidateMs` per cached key. Only when the counter moved is the content read again: on
 * FerretDB 1.x reading a module's pool is two collection scans of the items (0.5–0.7 s each at
 * 2,000 pupils), and re-reading it every 30 s held up every sitting start and finish queued
 * behind it on the one database connection.
 */
import { ContentGeneration } from '../db/models/contentGeneration';

const GENERATION_ID = 'published';
let localGeneration = 0;

/** Call after every write that changes published content (and await it). */
export async function markContentPublished(): Promise<void> {
  localGeneration += 1;
  await ContentGeneration.updateOne({ _id: GENERATION_ID }, { $inc: { generation: 1 } }, { upsert: true });
}

/** Changes whenever this process calls markContentPublished. */
export function localContentGeneration(): number {
  return localGeneration;
}

async function storedContentGeneration(): Promise<number> {
  const row = await ContentGeneration.findById(GENERATION_ID, { generation: 1 }).lean<{ generation: number }>();
  return row?.generation ?? 0;
}

interface Entry<V> {
  local: number;
  /** The stored counter as read before `value` was read. */
  stored: Promise<number>;
  checkedAt: number;
  value: Promise<V>;
}

export class PublishedContentCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly read: (key: string) => Promise<V>,
    private readonly revalidateMs = 30_000,
  ) {}

  get(key: string, nowMs = Date.now()): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.local === localGeneration) {
      if (nowMs - entry.checkedAt < this.revalidateMs) return entry.value;
      const stored = storedContentGeneration();
      const value = Promise.all([stored, entry.stored]).then(([now, then]) => (now === then ? entry.value : this.read(key)));
      return this.remember(key, { local: localGeneration, stored, checkedAt: nowMs, value });
    }
    // The counter is read before the content, so a publish in between is seen next time.
    const stored = storedContentGeneration();
    const value = stored.then(() => this.read(key));
    return this.remember(key, { local: localGeneration, stored, checkedAt: nowMs, value });
  }

  private remember(key: string, entry: Entry<V>): Promise<V> {
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }
}
