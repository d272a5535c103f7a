import { InMemoryDetectionStateStore } from '../../../../shared/detections';
import { describeStateStore } from './stateStoreContract';

describeStateStore('InMemoryDetectionStateStore', () => new InMemoryDetectionStateStore());

test('it records every write, for tests that count them', async () => {
  const store = new InMemoryDetectionStateStore();
  await store.add({ stream: 'det', key: 'k', bucket: '2026-11-20T10:00', members: ['a'], expiresAt: 1 });
  expect(store.writes).toEqual([{ stream: 'det', key: 'k', bucket: '2026-11-20T10:00', members: ['a'], expiresAt: 1 }]);
});
