import { ApiError, requestJson } from '../../../client/src/shared/api';

type FetchReply = { status: number; body: unknown };

/** Replaces fetch with a script of replies and records each call. */
function scriptFetch(replies: FetchReply[]): { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  global.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    return { ok: reply.status < 400, status: reply.status, json: async () => reply.body } as Response;
  }) as typeof fetch;
  return { calls };
}

const busy: FetchReply = { status: 503, body: { error: { code: 'BUSY', message: 'Busy.', details: [], retryAfterMs: 1 } } };
const realFetch = global.fetch;
afterEach(() => { global.fetch = realFetch; });

test('a BUSY refusal is sent again, with the same body and CSRF header, until it is answered', async () => {
  const { calls } = scriptFetch([busy, busy, { status: 200, body: { user: { id: 'p1' } } }]);
  await expect(requestJson('POST', '/api/auth/pupil', { schoolCode: 'DEMO01', pin: '482913' })).resolves.toEqual({ user: { id: 'p1' } });
  expect(calls).toHaveLength(3);
  for (const call of calls) {
    expect(call.init.body).toBe(JSON.stringify({ schoolCode: 'DEMO01', pin: '482913' }));
    expect((call.init.headers as Record<string, string>)['X-Waymark-CSRF']).toBe('1');
  }
});

test('after four resends the BUSY refusal reaches the caller; other errors are never resent', async () => {
  const busyCalls = scriptFetch([busy]).calls;
  const refused = await requestJson('POST', '/api/auth/pupil', {}).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ApiError);
  expect((refused as ApiError).error.code).toBe('BUSY');
  expect(busyCalls).toHaveLength(5);

  const conflictCalls = scriptFetch([{ status: 409, body: { error: { code: 'CONFLICT', message: 'No.', details: [] } } }]).calls;
  await expect(requestJson('POST', '/api/x', {})).rejects.toMatchObject({ status: 409 });
  expect(conflictCalls).toHaveLength(1);
});
