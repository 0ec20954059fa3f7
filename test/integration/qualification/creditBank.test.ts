/**
 * The credit ledger in storage, with a controlled clock: banking is idempotent (a session is
 * recorded once however often and however concurrently it is banked), resit policies decide
 * before a sitting (maximum attempts, minimum interval), "best" and "latest" counts, and a
 * result expires after its validity period with a stored entry that explains the change.
 */
import { DAY_MS } from '../../../server/credits/instant';
import { CreditLedgerEntry } from '../../../server/qualification/qualificationRecords';
import { QualificationService } from '../../../server/qualification/qualificationService';
import { useTestDatabase } from '../../support/database';
import { testConfig, testLogger } from '../../support/config';
import { createTestSchool, startApp, type RunningApp, type TestSchool } from '../http/appHarness';
import { fdpQualification, finishedSession } from './qualificationFixtures';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let clock = Date.parse('2026-09-01T09:00:00Z');
const logger = testLogger(testConfig());
const service = new QualificationService({ logger, now: () => new Date(clock) });
const T0 = Date.parse('2026-09-01T09:00:00Z');

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(6);
  await service.catalogue.publish(await fdpQualification('best-q', { counts: 'best', maxAttempts: 2, minIntervalDays: 14, validityDays: 365 }), 'test', new Date(T0));
  await service.catalogue.publish(await fdpQualification('latest-q', { counts: 'latest' }), 'test', new Date(T0));
}, 120_000); // starting the app loads and checks the whole starting bank
afterAll(() => running.close());

function pupil(i: number) {
  return { pupilId: school.pupilIds[i], schoolId: school.schoolId, name: school.pupils[i].name };
}

async function sat(i: number, day: number, grade: string, theta: number) {
  return finishedSession({
    pupilId: school.pupilIds[i], schoolId: school.schoolId, classId: school.classId, moduleId: 'fdp-1',
    startedAt: new Date(T0 + day * DAY_MS), grade, theta,
  });
}

const ledgerRows = (i: number, q: string) => CreditLedgerEntry.find({ ledgerId: `${school.pupilIds[i]}:${q}` }).lean();

test('a session banked many times at once is recorded once', async () => {
  clock = T0 + 1 * DAY_MS;
  const sessionId = await sat(0, 0, '6', 0.9);
  await Promise.all([
    service.bank.bankSession(sessionId), service.bank.bankSession(sessionId),
    service.progress(pupil(0), 'best-q'), service.progress(pupil(0), 'best-q'),
  ]);
  // A second service (another process) banking the same session at the same time.
  const otherProcess = new QualificationService({ logger, now: () => new Date(clock) });
  await Promise.all([otherProcess.bank.bankSession(sessionId), service.bank.bankSession(sessionId)]);
  const rows = await ledgerRows(0, 'best-q');
  expect(rows.filter((r) => r.entry.kind === 'attempt')).toHaveLength(1);
  expect(rows.map((r) => r.entry.kind).sort()).toEqual(['attempt', 'credit']);
  expect(rows.map((r) => r.seq).sort()).toEqual([1, 2]);
  const progress = await service.progress(pupil(0), 'best-q');
  expect(progress.balance).toBe(progress.modules[0].credits);
});

test('resit policy: too soon is refused with the date it opens; a third attempt never', async () => {
  clock = T0 + 2 * DAY_MS;
  await sat(1, 0, '3', -1.0);
  const tooSoon = await service.bank.attemptDecision(school.pupilIds[1], school.schoolId, 'fdp-1', new Date(clock));
  expect(tooSoon).toEqual({ allowed: false, reason: expect.stringContaining(new Date(T0 + 14 * DAY_MS).toISOString()) });
  const later = await service.bank.attemptDecision(school.pupilIds[1], school.schoolId, 'fdp-1', new Date(T0 + 15 * DAY_MS));
  expect(later).toEqual({ allowed: true });

  clock = T0 + 20 * DAY_MS;
  await sat(1, 16, '5', 0.2);
  const third = await service.bank.attemptDecision(school.pupilIds[1], school.schoolId, 'fdp-1', new Date(T0 + 60 * DAY_MS));
  expect(third).toEqual({ allowed: false, reason: expect.stringMatching(/All 2 attempts/) });
  const progress = await service.progress(pupil(1), 'best-q');
  expect(progress.modules[0]).toMatchObject({ attempts: 2, attemptsRemaining: 0, nextAttemptFrom: 'never', status: 'banked' });
});

test('best counts: a lower resit changes nothing; latest counts: a failed resit withdraws the credits', async () => {
  clock = T0 + 3 * DAY_MS;
  const first = await sat(2, 0, '7', 1.4);
  await service.progress(pupil(2), 'best-q');
  await service.progress(pupil(2), 'latest-q');
  clock = T0 + 40 * DAY_MS;
  await sat(2, 30, '2', -1.5);

  const best = await service.progress(pupil(2), 'best-q');
  expect(best.modules[0].banked).toMatchObject({ resultId: first, grade: '7' });
  const latest = await service.progress(pupil(2), 'latest-q');
  expect(latest).toMatchObject({ balance: 0, met: false });
  const withdrawal = (await ledgerRows(2, 'latest-q')).map((r) => r.entry).find((e) => e.kind === 'credit' && e.change < 0);
  expect(withdrawal).toMatchObject({ reason: 'latest-attempt-not-passed', resultId: first });
});

test('a banked result expires after its validity period, with an entry explaining it', async () => {
  clock = T0 + 5 * DAY_MS;
  const result = await sat(3, 0, '5', 0.3);
  expect((await service.progress(pupil(3), 'best-q')).modules[0]).toMatchObject({
    status: 'banked', bankedUntil: new Date(T0 + 365 * DAY_MS).toISOString(),
  });
  clock = T0 + 366 * DAY_MS;
  const expired = await service.progress(pupil(3), 'best-q');
  expect(expired).toMatchObject({ balance: 0, met: false });
  const entries = (await ledgerRows(3, 'best-q')).map((r) => r.entry).sort((x, y) => x.seq - y.seq);
  expect(entries.map((e) => (e.kind === 'credit' ? e.reason : 'attempt'))).toEqual(['attempt', 'banked', 'expired']);
  expect(entries[2]).toMatchObject({ resultId: result, at: new Date(clock).toISOString() });
  // Reading again writes nothing more.
  await service.transcript(pupil(3), 'best-q');
  expect(await ledgerRows(3, 'best-q')).toHaveLength(3);
});

test('a cash-in after a better resit issues a new award and keeps the old one', async () => {
  clock = T0 + 6 * DAY_MS;
  await sat(4, 0, '4', -0.5);
  const caller = { userId: school.pupilIds[4], role: 'pupil' as const, schoolId: school.schoolId, name: school.pupils[4].name, staffRoles: [] };
  const first = await service.requestAward(caller, pupil(4), 'best-q', 'award-one-key');
  expect(first).toMatchObject({ outcome: 'issued', award: { number: 1, supersedes: null } });
  await expect(service.requestAward(caller, pupil(4), 'best-q', 'award-again-key')).rejects.toMatchObject({ code: 'CONFLICT' });

  clock = T0 + 30 * DAY_MS;
  const resit = await sat(4, 25, '8', 2.0);
  const second = await service.requestAward(caller, pupil(4), 'best-q', 'award-two-key');
  expect(second.award).toMatchObject({ number: 2, supersedes: first.award.awardId, counted: [expect.objectContaining({ resultId: resit, grade: '8' })] });
  expect(second.award.counted[0].uniformMark).toBeGreaterThan(first.award.counted[0].uniformMark);
  const transcript = await service.transcript(pupil(4), 'best-q');
  expect(transcript.awards.map((a) => [a.number, a.current, a.supersededBy])).toEqual([[1, false, second.award.awardId], [2, true, null]]);
});

test('a result the resit policy refuses (beyond the attempts allowed) is recorded nowhere and banks nothing', async () => {
  clock = T0 + 200 * DAY_MS;
  await sat(5, 0, '2', -1.6);
  await sat(5, 20, '3', -1.1);
  const beyond = await sat(5, 40, '9', 2.6);
  const progress = await service.progress(pupil(5), 'best-q');
  expect(progress).toMatchObject({ balance: 0, met: false });
  expect((await ledgerRows(5, 'best-q')).some((r) => r.entry.resultId === beyond)).toBe(false);
});
