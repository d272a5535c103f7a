import { stateTableForFile } from '../../../../helpers/stateTable';
import { DynamoCheckCursor, DynamoCrashIssueStore } from '../../../../../shared/telemetry/crashes';

/** The issue state and the cursor on dynalite: every write conditional, so racing writers cannot both win. */
const TABLE = 'vigil-test-detection-state';
const state = stateTableForFile(TABLE);

const G = 'a'.repeat(32);

test('first sight: of racing writers the first wins, and every one of them reads the same issue', async () => {
  const store = new DynamoCrashIssueStore(state.ddb, TABLE);
  const sights = Array.from({ length: 8 }, (_, i) => ({
    groupId: G,
    firstSeen: `2026-11-20T10:0${i}:00.000Z`,
    firstRelease: `app@1.0.${i}`,
    title: `T${i}`,
  }));
  const issues = await Promise.all(sights.map((s) => store.seen(s)));
  expect(new Set(issues.map((i) => JSON.stringify(i))).size).toBe(1);
  expect(issues[0]).toMatchObject({ groupId: G, status: 'unresolved' });
  expect(await store.issue(G)).toEqual(issues[0]);
});

test('resolve, then racing regressions: exactly one changes the status; ignore removes the resolution', async () => {
  const store = new DynamoCrashIssueStore(state.ddb, TABLE);
  const resolved = await store.resolve(G, new Date('2026-11-20T12:00:00Z'));
  expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-20T12:00:00.000Z' });
  const wins = await Promise.all(
    Array.from({ length: 6 }, () => store.regressed(G, '2026-11-20T12:00:00.000Z', '2026-11-20T13:00:00.000Z')),
  );
  expect(wins.filter(Boolean)).toHaveLength(1);
  const after = await store.issue(G);
  expect(after).toMatchObject({ status: 'unresolved', regressedAt: '2026-11-20T13:00:00.000Z' });
  expect(after?.resolvedAt).toBeUndefined();
  // A regression of another resolution than the one stored changes nothing.
  await store.resolve(G, new Date('2026-11-21T12:00:00Z'));
  expect(await store.regressed(G, '2026-11-20T12:00:00.000Z', '2026-11-21T13:00:00.000Z')).toBe(false);
  expect((await store.ignore(G)).status).toBe('ignored');
  expect((await store.issue(G))?.resolvedAt).toBeUndefined();
  await expect(store.resolve('b'.repeat(32), new Date())).rejects.toThrow(/no known crash group/);
});

test('the cursor moves by compare-and-set', async () => {
  const cursor = new DynamoCheckCursor(state.ddb, TABLE);
  expect(await cursor.position()).toBeUndefined();
  const first = await Promise.all([
    cursor.advance(undefined, '2026-11-20T10:00:00.000Z'),
    cursor.advance(undefined, '2026-11-20T10:15:00.000Z'),
  ]);
  expect(first.filter(Boolean)).toHaveLength(1);
  const at = (await cursor.position())!;
  expect(await cursor.advance('2026-11-19T00:00:00.000Z', '2026-11-20T11:00:00.000Z')).toBe(false);
  expect(await cursor.advance(at, '2026-11-20T11:00:00.000Z')).toBe(true);
  expect(await cursor.position()).toBe('2026-11-20T11:00:00.000Z');
});
