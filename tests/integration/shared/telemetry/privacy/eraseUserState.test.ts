import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { stateTableForFile } from '../../../../helpers/stateTable';
import { eraseUserState, type UserStateErasure } from '../../../../../shared/telemetry/privacy';

/** A user's derived state out of the state table on dynalite: every key naming the pseudonym, nothing else. */
const TABLE = 'vigil-test-detection-state';
const USER = `user:${'a1'.repeat(16)}`;
const OTHER = `user:${'a1'.repeat(15)}b2`;
const state = stateTableForFile(TABLE);

async function put(items: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await state.ddb.send(
      new BatchWriteCommand({ RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
}

async function keys(): Promise<string[]> {
  const out: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await state.ddb.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey }));
    for (const item of page.Items ?? []) out.push(`${item.pk}|${item.sk}`);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out.sort();
}

test("every item keyed by the user goes, in every key shape and past one request's 25; other keys stay", async () => {
  const minutes = Array.from(
    { length: 40 },
    (_, i) => `2026-11-20T${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
  );
  const mine = [
    ...minutes.map((sk) => ({ pk: `app-data-export-anomaly#${USER}`, sk, members: new Set([`${sk}|e|x`]) })),
    { pk: `rollup:app-data-export-anomaly#${USER}`, sk: '2026-11-20T10' },
    { pk: `emitted:app-data-export-anomaly#${USER}`, sk: '2026-11-20T10:10' },
    { pk: `experiment-unit:onboarding_checklist_v3#user:${USER}`, sk: 'v1', variant: 'treatment' },
  ];
  const theirs = [
    { pk: `app-data-export-anomaly#${OTHER}`, sk: '2026-11-20T10:00' },
    { pk: 'experiment-count:onboarding_checklist_v3', sk: 'treatment', count: 3 },
    { pk: 'cognito-auth-failure-burst-per-user#user|111122223333|eu-west-1_Ab|0b5e', sk: '2026-11-20T10:00' },
  ];
  await put([...mine, ...theirs]);
  const progress: UserStateErasure[] = [];
  const erasure = await eraseUserState(state.ddb, TABLE, USER, (p) => progress.push({ ...p }));
  expect(erasure).toEqual({ scanned: mine.length + theirs.length, erased: mine.length });
  expect(progress.at(-1)).toEqual(erasure);
  expect(await keys()).toEqual(theirs.map((i) => `${i.pk}|${i.sk}`).sort());
  // Again: nothing of the user is left to erase.
  expect((await eraseUserState(state.ddb, TABLE, USER)).erased).toBe(0);
});

test('anything but a pseudonym is refused before a key is read: an empty or short filter would match other users', async () => {
  const before = await keys();
  for (const bad of ['', 'user:', 'user:a1a1', USER.toUpperCase(), `${USER}0`]) {
    await expect(eraseUserState(state.ddb, TABLE, bad)).rejects.toMatchObject({ name: 'ErasureError' });
  }
  expect(await keys()).toEqual(before);
});
