/**
 * How long to wait before sending a request again after the server answered BUSY (its queues
 * were full and it wrote nothing): the server's hint, doubled per refusal up to 15 s, times a
 * random factor in [0.5, 1) so a classroom of players does not come back in step (exponential
 * backoff with jitter). `random` is a draw in [0, 1).
 */
export function busyRetryDelayMs(refusals: number, retryAfterMs: number | undefined, random: number): number {
  const hint = typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 1000;
  const ceiling = Math.min(15_000, hint * 2 ** Math.min(refusals, 10));
  return Math.floor(ceiling * (0.5 + random / 2));
}
