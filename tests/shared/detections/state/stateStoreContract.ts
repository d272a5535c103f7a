import { MAX_MEMBERS_PER_BUCKET, type DetectionStateStore } from '../../../../shared/detections';

/** The behaviour both state stores share, run against each (not a test file itself). */
export function describeStateStore(name: string, makeStore: () => DetectionStateStore): void {
  describe(name, () => {
    const update = (bucket: string, members: string[], key = 'user:alice') => ({
      stream: 'det',
      key,
      bucket,
      members,
      expiresAt: 2_000_000_000,
    });

    test('adding the same members again changes nothing; new members join the set', async () => {
      const store = makeStore();
      await store.add(update('2026-11-20T10:00', ['m1', 'm2']));
      await store.add(update('2026-11-20T10:00', ['m2', 'm1']));
      await store.add(update('2026-11-20T10:00', ['m3']));
      expect((await store.read('det', 'user:alice', '2026-11-20T10:00', '2026-11-20T10:00')).sort()).toEqual(['m1', 'm2', 'm3']);
    });

    test('a read covers the bucket range inclusive, for that stream and key only', async () => {
      const store = makeStore();
      await store.add(update('2026-11-20T09:59', ['before']));
      await store.add(update('2026-11-20T10:00', ['first']));
      await store.add(update('2026-11-20T10:14', ['last']));
      await store.add(update('2026-11-20T10:15', ['after']));
      await store.add(update('2026-11-20T10:05', ['bob'], 'user:bob'));
      await store.add({ ...update('2026-11-20T10:05', ['other-stream']), stream: 'det2' });
      expect((await store.read('det', 'user:alice', '2026-11-20T10:00', '2026-11-20T10:14')).sort()).toEqual(['first', 'last']);
      expect(await store.read('det', 'user:carol', '2026-11-20T00:00', '2026-11-21T00:00')).toEqual([]);
    });

    test('a full bucket takes no more members and says so', async () => {
      const store = makeStore();
      const full = Array.from({ length: MAX_MEMBERS_PER_BUCKET }, (_, i) => `m${String(i).padStart(4, '0')}`);
      expect(await store.add(update('2026-11-20T10:00', full))).toBe(true);
      expect(await store.add(update('2026-11-20T10:00', ['one-more']))).toBe(false);
      const members = await store.read('det', 'user:alice', '2026-11-20T10:00', '2026-11-20T10:00');
      expect(members).toHaveLength(MAX_MEMBERS_PER_BUCKET);
      expect(members).not.toContain('one-more');
    });

    const rollup = (hour: string, total: number, count: number, attributes: string[] = ['10.0.0.1']) => ({
      stream: 'det',
      key: 'principal:role/etl',
      rollup: { hour, total, count, attributes },
      expiresAt: 2_000_000_000,
    });

    test('a rollup is replaced only by one holding more events, and reads come back by hour, in order', async () => {
      const store = makeStore();
      await store.putRollup(rollup('2026-11-20T10', 500, 5));
      await store.putRollup(rollup('2026-11-20T10', 300, 3)); // an older recomputation, arriving late: ignored
      await store.putRollup(rollup('2026-11-20T10', 500, 5, ['10.0.0.9'])); // as full: ignored too
      await store.putRollup(rollup('2026-11-20T09', 100, 1));
      await store.putRollup(rollup('2026-11-20T11', 700, 7, ['10.0.0.1', '10.0.0.2']));
      await store.putRollup(rollup('2026-11-20T12', 900, 9));
      await store.putRollup({ ...rollup('2026-11-20T10', 1, 99), key: 'principal:role/other' });
      expect(await store.readRollups('det', 'principal:role/etl', '2026-11-20T10', '2026-11-20T11')).toEqual([
        { hour: '2026-11-20T10', total: 500, count: 5, attributes: ['10.0.0.1'] },
        { hour: '2026-11-20T11', total: 700, count: 7, attributes: ['10.0.0.1', '10.0.0.2'] },
      ]);
      await store.putRollup(rollup('2026-11-20T10', 800, 8));
      expect((await store.readRollups('det', 'principal:role/etl', '2026-11-20T10', '2026-11-20T10'))[0]).toMatchObject({ total: 800 });
    });

    test('rollups and minute buckets of one key do not see each other', async () => {
      const store = makeStore();
      await store.add({ ...update('2026-11-20T10:00', ['m1']), key: 'principal:role/etl' });
      await store.putRollup(rollup('2026-11-20T10', 500, 5));
      expect(await store.read('det', 'principal:role/etl', '2026-11-20T00:00', '2026-11-20T23:59')).toEqual(['m1']);
      expect(await store.readRollups('det', 'principal:role/etl', '2026-11-20T00', '2026-11-20T23')).toHaveLength(1);
    });
  });
}
