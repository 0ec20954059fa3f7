import { mayCreate, mayRead, planAction, versionInProgress, type BankAction, type BankActor, type VersionState } from '../../../server/bank/itemLifecycle';
import type { ItemStatus } from '../../../server/scoring/itemDocument';

const author: BankActor = { userId: 'rivera', staffRoles: ['teacher'] };
const colleague: BankActor = { userId: 'jones', staffRoles: ['teacher'] };
const reviewer: BankActor = { userId: 'shah', staffRoles: ['teacher', 'reviewer'] };
const authorReviewer: BankActor = { userId: 'rivera', staffRoles: ['teacher', 'reviewer'] };
const standards: BankActor = { userId: 'adeyemi', staffRoles: ['standards-manager'] };
const sampling: BankActor = { userId: 'sam', staffRoles: ['sampling-administrator'] };

const one = (status: ItemStatus): VersionState[] => [{ version: 1, status, authorId: 'rivera' }];

describe('status actions from every state', () => {
  // [action, actor, status of the only version, expected new status or refusal code]
  const table: [BankAction, string, BankActor, ItemStatus, ItemStatus | 'FORBIDDEN' | 'CONFLICT'][] = [
    ['submit', 'author', author, 'draft', 'in-review'],
    ['submit', 'a colleague', colleague, 'draft', 'FORBIDDEN'],
    ['submit', 'a reviewer', reviewer, 'draft', 'FORBIDDEN'],
    ['submit', 'author', author, 'in-review', 'CONFLICT'],
    ['submit', 'author', author, 'approved', 'CONFLICT'],
    ['approve', 'reviewer', reviewer, 'in-review', 'approved'],
    ['approve', 'the author who is a reviewer', authorReviewer, 'in-review', 'FORBIDDEN'],
    ['approve', 'a teacher', colleague, 'in-review', 'FORBIDDEN'],
    ['approve', 'a standards manager', standards, 'in-review', 'FORBIDDEN'],
    ['approve', 'reviewer', reviewer, 'draft', 'CONFLICT'],
    ['approve', 'reviewer', reviewer, 'approved', 'CONFLICT'],
    ['return', 'reviewer', reviewer, 'in-review', 'draft'],
    ['return', 'the author who is a reviewer', authorReviewer, 'in-review', 'FORBIDDEN'],
    ['return', 'a teacher', colleague, 'in-review', 'FORBIDDEN'],
    ['return', 'reviewer', reviewer, 'draft', 'CONFLICT'],
    ['publish', 'reviewer', reviewer, 'approved', 'live'],
    ['publish', 'standards manager', standards, 'approved', 'live'],
    ['publish', 'the author (teacher only)', author, 'approved', 'FORBIDDEN'],
    ['publish', 'sampling administrator', sampling, 'approved', 'FORBIDDEN'],
    ['publish', 'reviewer', reviewer, 'in-review', 'CONFLICT'],
    ['publish', 'reviewer', reviewer, 'draft', 'CONFLICT'],
    ['retire', 'reviewer', reviewer, 'live', 'retired'],
    ['retire', 'standards manager', standards, 'live', 'retired'],
    ['retire', 'a teacher', author, 'live', 'FORBIDDEN'],
  ];
  test.each(table)('%s by %s when %s → %s', (action, _who, actor, status, expected) => {
    const plan = planAction(one(status), action, actor, 1);
    if (expected === 'FORBIDDEN' || expected === 'CONFLICT') {
      expect(plan).toMatchObject({ ok: false, code: expected });
      if (!plan.ok) expect(plan.reason.length).toBeGreaterThan(10);
    } else {
      expect(plan).toEqual({ ok: true, kind: 'status', changes: [{ version: 1, from: status, to: expected }] });
    }
  });

  test('retiring a retired or draft version is refused', () => {
    expect(planAction(one('retired'), 'retire', reviewer, 1)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(planAction(one('draft'), 'retire', reviewer)).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('an unknown item or version is NOT_FOUND', () => {
    expect(planAction([], 'submit', author)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(planAction(one('draft'), 'submit', author, 7)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('content loaded from files (no author) can be reviewed by any reviewer but submitted by nobody', () => {
    const loaded: VersionState[] = [{ version: 1, status: 'in-review' }];
    expect(planAction(loaded, 'approve', authorReviewer)).toMatchObject({ ok: true });
    expect(planAction([{ version: 1, status: 'draft' }], 'submit', author)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('versions', () => {
  test('publishing a new version retires the live one', () => {
    const versions: VersionState[] = [{ version: 1, status: 'live', authorId: 'x' }, { version: 2, status: 'approved', authorId: 'rivera' }];
    expect(planAction(versions, 'publish', reviewer)).toEqual({
      ok: true, kind: 'status', changes: [{ version: 2, from: 'approved', to: 'live' }, { version: 1, from: 'live', to: 'retired' }],
    });
  });

  test('editing a draft by its author changes it in place; another teacher is refused', () => {
    const versions: VersionState[] = [{ version: 1, status: 'live', authorId: 'x' }, { version: 2, status: 'draft', authorId: 'rivera' }];
    expect(planAction(versions, 'edit', author)).toEqual({ ok: true, kind: 'update', version: 2 });
    expect(planAction(versions, 'edit', colleague)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('editing a live item starts a new draft version; the live one is untouched', () => {
    expect(planAction(one('live'), 'edit', colleague)).toEqual({ ok: true, kind: 'new-version', from: 1, version: 2 });
  });

  test('editing an approved version starts a new draft from it', () => {
    const versions: VersionState[] = [{ version: 1, status: 'retired' }, { version: 2, status: 'live' }, { version: 3, status: 'approved', authorId: 'x' }];
    expect(planAction(versions, 'edit', author)).toEqual({ ok: true, kind: 'new-version', from: 3, version: 4 });
  });

  test('an item in review or retired cannot be edited; a non-teacher cannot edit', () => {
    expect(planAction(one('in-review'), 'edit', author)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(planAction(one('retired'), 'edit', author)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(planAction(one('live'), 'edit', standards)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('the version in progress is the newest unfinished one', () => {
    expect(versionInProgress([{ version: 1, status: 'live' }, { version: 2, status: 'in-review' }])?.version).toBe(2);
    expect(versionInProgress([{ version: 1, status: 'live' }])).toBeUndefined();
  });
});

describe('who may create and read', () => {
  test('only the teacher duty creates', () => {
    expect(mayCreate(author)).toBe(true);
    expect(mayCreate(standards)).toBe(false);
    expect(mayCreate(sampling)).toBe(false);
  });

  test('drafts and items in review: author, reviewers and standards managers only', () => {
    for (const status of ['draft', 'in-review'] as const) {
      const [v] = one(status);
      expect([mayRead(author, v), mayRead(reviewer, v), mayRead(standards, v), mayRead(colleague, v)]).toEqual([true, true, true, false]);
    }
  });

  test('live, approved and retired versions: any member of staff', () => {
    for (const status of ['live', 'approved', 'retired'] as const) expect(mayRead(colleague, one(status)[0])).toBe(true);
  });
});
