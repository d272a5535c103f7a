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
  });
}
