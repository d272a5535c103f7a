import { ByReferenceTelemetryEventStore } from '../../bench/byReferenceTelemetryEventStore';
import { InMemoryTelemetryEventStore, type TelemetryItem } from '../../shared/telemetry/store';

/** The bench's store is the in-memory store without the copies: the same saves and reads, the very items. */
const item = (eventId: string): TelemetryItem => ({
  eventId,
  v: 1,
  name: 'screen_view',
  timestamp: '2026-11-20T09:11:02.114Z',
  expiresAt: 1,
  rev: 1,
});

test('keeps and hands back the saved item itself; a second save of the same event writes nothing', async () => {
  const store = new ByReferenceTelemetryEventStore();
  const saved = item('e-1');
  expect(await store.save([saved, item('e-2')])).toEqual({ stored: 2, duplicates: 0 });
  expect(await store.save([item('e-1')])).toEqual({ stored: 0, duplicates: 1 });
  expect(await store.item('e-1')).toBe(saved);
});

test('the test store it is built on still copies in and out', async () => {
  const store = new InMemoryTelemetryEventStore();
  const saved = item('e-1');
  await store.save([saved]);
  const read = await store.item('e-1');
  expect(read).toEqual(saved);
  expect(read).not.toBe(saved);
  expect(store.rawItems()[0]).not.toBe(saved);
});
