import type { SloBucketStore } from '../../../shared/slo';

/** The contract every SloBucketStore keeps, run against each implementation. */
export function describeBucketStore(name: string, make: () => SloBucketStore) {
  describe(`${name}: the SloBucketStore contract`, () => {
    const expiresAt = 2_000_000_000;
    const base = 29_000_000; // an epoch minute (2025-02-19T21:20Z)

    test('records minutes and reads a range back, across hours', async () => {
      const store = make();
      for (let m = base - 70; m <= base; m += 1) await store.record('ep#v', { minute: m, total: 10, bad: m % 2 }, expiresAt);
      const read = await store.read('ep#v', base - 65, base - 1);
      expect(read.map((c) => c.minute).sort((a, b) => a - b)).toEqual(Array.from({ length: 65 }, (_, i) => base - 65 + i));
      expect(read.find((c) => c.minute === base - 3)).toEqual({ minute: base - 3, total: 10, bad: 1 });
    });

    test('the first record of a minute wins: a redelivered or repeated one is not counted again', async () => {
      const store = make();
      expect(await store.record('ep#v', { minute: base, total: 100, bad: 4 }, expiresAt)).toBe(true);
      expect(await store.record('ep#v', { minute: base, total: 100, bad: 4 }, expiresAt)).toBe(false);
      expect(await store.record('ep#v', { minute: base, total: 50, bad: 50 }, expiresAt)).toBe(false);
      expect(await store.read('ep#v', base, base)).toEqual([{ minute: base, total: 100, bad: 4 }]);
    });

    test('series are apart', async () => {
      const store = make();
      await store.record('a#v', { minute: base, total: 1, bad: 1 }, expiresAt);
      expect(await store.read('b#v', base - 10, base + 10)).toEqual([]);
    });

    test('impossible counts are refused', async () => {
      await expect(make().record('ep#v', { minute: base, total: 1, bad: 2 }, expiresAt)).rejects.toThrow(/bad must be/);
    });
  });
}
