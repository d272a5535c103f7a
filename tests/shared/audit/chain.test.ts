import {
  AuditConflictError,
  AuditInProgressError,
  canonicalJson,
  genesisHash,
  InMemoryAuditStore,
  type RawChainItem,
  recordHash,
  type StoredAuditRecord,
} from '../../../shared/audit';
import { entries, PARTITION, placed } from './entries';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const store = (options = {}) => new InMemoryAuditStore({ now: () => NOW, ...options });

async function filled(n: number): Promise<InMemoryAuditStore> {
  const s = store();
  await s.append(placed(await entries(n)));
  return s;
}

const item = (s: InMemoryAuditStore, seq: number): RawChainItem => s.items.get(PARTITION)!.get(seq)!;

/** Changes a stored record's body the way someone with write access to the table could, keeping it canonical. */
function rewrite(s: InMemoryAuditStore, seq: number, change: (record: Record<string, any>) => void, rehash = false): void {
  const stored = item(s, seq);
  const record = JSON.parse(stored.body) as Record<string, any>;
  change(record);
  const body = canonicalJson(record);
  s.items.get(PARTITION)!.set(seq, { ...stored, body, hash: rehash ? recordHash(body) : stored.hash });
}

describe('canonical serialisation and hashes', () => {
  it('sorts keys, drops undefined, keeps arrays in order, and refuses what two serialisers could write differently', () => {
    expect(canonicalJson({ b: 1, a: ['x', { d: true, c: null }], u: undefined })).toBe('{"a":["x",{"c":null,"d":true}],"b":1}');
    expect(canonicalJson({ é: 'é\n' })).toBe('{"é":"é\\n"}');
    expect(() => canonicalJson({ x: 1.5 })).toThrow(/safe integer/);
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });

  it('gives each partition its own genesis, so a chain moved to another partition does not verify', () => {
    expect(genesisHash('a/b/2026-11-20/0')).not.toBe(genesisHash('a/b/2026-11-20/1'));
    expect(genesisHash(PARTITION)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('building a chain', () => {
  it('gives records seq 1..n, each naming the previous hash, the first the genesis; the chain verifies', async () => {
    const s = await filled(5);
    const records: StoredAuditRecord[] = [];
    for await (const r of s.records(PARTITION)) records.push(r);
    expect(records.map((r) => r.record.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.record.prevHash).toBe(genesisHash(PARTITION));
    for (let i = 1; i < records.length; i++) expect(records[i]!.record.prevHash).toBe(records[i - 1]!.hash);
    for (const r of records) expect(r.hash).toBe(recordHash(r.body));
    const report = await s.verify(PARTITION);
    expect(report).toMatchObject({ intact: true, records: 5, last: { seq: 5, hash: records[4]!.hash }, head: { seq: 5 } });
  });

  it('continues a chain across batches from the tail', async () => {
    const s = store();
    const list = await entries(6);
    await s.append(placed(list.slice(0, 3)));
    await s.append(placed(list.slice(3)));
    expect((await s.verify(PARTITION)).records).toBe(6);
    expect((await s.verify(PARTITION)).intact).toBe(true);
  });

  it('reads past a head that lags (a writer stopped before moving it) and links after the real tail', async () => {
    const s = await filled(3);
    s.heads.set(PARTITION, { seq: 1, hash: item(s, 1).hash, expiresAt: 0 });
    await s.append(placed(await entries(1, 'late')));
    const report = await s.verify(PARTITION);
    expect(report).toMatchObject({ intact: true, records: 4, head: { seq: 4 } });
  });
});

describe('redelivery', () => {
  it('records an event once however often it is delivered, and returns the first record to the redelivery', async () => {
    const s = store();
    const [entry] = await entries(1);
    const first = await s.append(placed([entry!]));
    const again = await s.append(placed([{ ...entry!, recordedAt: '2026-11-20T13:00:00.000Z' }]));
    const firstResult = first.get(entry!.eventId) as { duplicate: boolean; record: StoredAuditRecord };
    const againResult = again.get(entry!.eventId) as { duplicate: boolean; record: StoredAuditRecord };
    expect(firstResult.duplicate).toBe(false);
    expect(againResult).toMatchObject({ duplicate: true, record: { hash: firstResult.record.hash } });
    expect((await s.verify(PARTITION)).records).toBe(1);
  });

  it('records one of the same event twice in one batch, even when a shard count change puts them in two partitions', async () => {
    const s = store();
    const [entry] = await entries(1);
    const outcome = await s.append([...placed([entry!, entry!]), { entry: entry!, partition: `${PARTITION.slice(0, -1)}1` }]);
    expect(outcome.size).toBe(1);
    const report = await s.verifyAll();
    expect(report.records).toBe(1);
  });

  it("answers 'in progress' while another writer's claim is young, and takes over an abandoned one", async () => {
    let now = NOW;
    const s = new InMemoryAuditStore({ now: () => now, leaseMs: 120_000 });
    const [entry] = await entries(1);
    s.claims.set(entry!.eventId, {
      eventId: entry!.eventId,
      partition: PARTITION,
      fromSeq: 0,
      claimedAt: now - 1000,
      state: 'pending',
      expiresAt: 0,
    });
    expect((await s.append(placed([entry!]))).get(entry!.eventId)).toBeInstanceOf(AuditInProgressError);
    now += 200_000;
    const taken = await s.append(placed([entry!]));
    expect(taken.get(entry!.eventId)).toMatchObject({ duplicate: false, record: { record: { seq: 1 } } });
    expect(s.claims.get(entry!.eventId)).toMatchObject({ state: 'recorded', seq: 1 });
  });

  it('finds the record an abandoned writer did place before it stopped, rather than writing a second one', async () => {
    let now = NOW;
    const s = new InMemoryAuditStore({ now: () => now });
    const [entry] = await entries(1);
    await s.append(placed([entry!]));
    // The writer placed its record, then died before marking its claim recorded.
    s.claims.set(entry!.eventId, { ...s.claims.get(entry!.eventId)!, state: 'pending', seq: undefined, claimedAt: now });
    now += 600_000;
    const again = await s.append(placed([entry!]));
    expect(again.get(entry!.eventId)).toMatchObject({ duplicate: true, record: { record: { seq: 1 } } });
    expect((await s.verify(PARTITION)).records).toBe(1);
  });

  it('takes a conditional put that failed on its own retry (applied, then refused) for the success it was', async () => {
    class AmbiguousStore extends InMemoryAuditStore {
      once = true;
      protected override async putRecord(stored: StoredAuditRecord): Promise<boolean> {
        const written = await super.putRecord(stored);
        if (written && this.once) {
          this.once = false;
          return false; // the response was lost; the SDK's retry met its own write
        }
        return written;
      }
    }
    const s = new AmbiguousStore({ now: () => NOW });
    await s.append(placed(await entries(3)));
    const report = await s.verify(PARTITION);
    expect(report).toMatchObject({ intact: true, records: 3 });
  });
});

describe('concurrent writers on one partition', () => {
  it('both land, in one sequence, with no fork and no duplicate', async () => {
    const s = store();
    const [a, b] = [await entries(40, 'a'), await entries(40, 'b')];
    // Each writer appends its own entries one batch at a time, interleaved on the event loop.
    await Promise.all([
      (async () => {
        for (const e of a) await s.append(placed([e]));
      })(),
      (async () => {
        for (const e of b) await s.append(placed([e]));
      })(),
    ]);
    const report = await s.verify(PARTITION);
    expect(report).toMatchObject({ intact: true, records: 80 });
    const ids: string[] = [];
    for await (const r of s.records(PARTITION)) ids.push(r.record.eventId);
    expect(new Set(ids).size).toBe(80);
    expect(ids.filter((id) => id.startsWith('a-'))).toEqual(a.map((e) => e.eventId));
  });

  it('gives up an entry with AuditConflictError after too many lost positions, releasing its claim for the retry', async () => {
    class AlwaysTaken extends InMemoryAuditStore {
      protected override async putRecord(): Promise<boolean> {
        return false;
      }
    }
    const s = new AlwaysTaken({ now: () => NOW, maxAttempts: 3 });
    const [entry] = await entries(1);
    expect((await s.append(placed([entry!]))).get(entry!.eventId)).toBeInstanceOf(AuditConflictError);
    expect(s.claims.get(entry!.eventId)).toMatchObject({ state: 'pending', claimedAt: 0 });
  });

  it('places nothing past the deadline it is given', async () => {
    const s = store();
    const [entry] = await entries(1);
    expect((await s.append(placed([entry!]), { deadline: NOW - 1 })).get(entry!.eventId)).toBeInstanceOf(AuditConflictError);
    expect((await s.verifyAll()).records).toBe(0);
  });
});

describe('tamper evidence: verify names the first broken link', () => {
  it('a changed field: seq k does not hash to its stored hash', async () => {
    const s = await filled(5);
    rewrite(s, 3, (r) => {
      r.actor.principal = 'arn:aws:iam::111122223333:user/someone-else';
    });
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({
      partition: PARTITION,
      seq: 3,
      reason: 'altered',
      found: item(s, 3).hash,
    });
  });

  it('a changed field rehashed: the next record no longer links to it', async () => {
    const s = await filled(5);
    const original = item(s, 3).hash;
    rewrite(s, 3, (r) => (r.outcome.status = 'failure'), true);
    const link = (await s.verify(PARTITION)).brokenLink;
    expect(link).toMatchObject({ seq: 4, reason: 'link', expected: item(s, 3).hash, found: original });
  });

  it('a deleted record: a gap where it was', async () => {
    const s = await filled(5);
    s.items.get(PARTITION)!.delete(2);
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({ seq: 2, reason: 'gap', expected: item(s, 1).hash });
  });

  it('deleted first records: a gap at seq 1, against the genesis hash', async () => {
    const s = await filled(3);
    s.items.get(PARTITION)!.delete(1);
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({ seq: 1, reason: 'gap', expected: genesisHash(PARTITION) });
  });

  it('deleted last records: the chain ends before its head', async () => {
    const s = await filled(5);
    s.items.get(PARTITION)!.delete(5);
    s.items.get(PARTITION)!.delete(4);
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({ seq: 4, reason: 'truncated' });
  });

  it('reordered records: a record stored where another belongs', async () => {
    const s = await filled(5);
    const [two, three] = [item(s, 2), item(s, 3)];
    s.items.get(PARTITION)!.set(2, { ...three, seq: 2 });
    s.items.get(PARTITION)!.set(3, { ...two, seq: 3 });
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({
      seq: 2,
      reason: 'position',
      expected: `${PARTITION} seq 2`,
      found: `${PARTITION} seq 3`,
    });
  });

  it('an index attribute changed to hide a record from a query', async () => {
    const s = await filled(3);
    const stored = item(s, 2);
    s.items.get(PARTITION)!.set(2, { ...stored, index: { ...stored.index, principal: 'arn:aws:iam::111122223333:user/nobody' } });
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({
      seq: 2,
      reason: 'index',
      found: 'arn:aws:iam::111122223333:user/nobody',
    });
  });

  it('a body that is not a canonical record', async () => {
    const s = await filled(2);
    s.items.get(PARTITION)!.set(2, { ...item(s, 2), body: `${item(s, 2).body} ` });
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({ seq: 2, reason: 'corrupt' });
  });

  it('a head rewritten to a hash not in the chain', async () => {
    const s = await filled(3);
    s.heads.set(PARTITION, { seq: 3, hash: 'f'.repeat(64), expiresAt: 0 });
    expect((await s.verify(PARTITION)).brokenLink).toMatchObject({ seq: 3, reason: 'head', found: 'f'.repeat(64) });
  });

  it('records gone from an expired partition are the TTL sweep, not tampering; a changed one still is', async () => {
    const s = await filled(5);
    const later = Math.floor(NOW / 1000) + 400 * 86_400;
    s.items.get(PARTITION)!.delete(1);
    s.items.get(PARTITION)!.delete(3);
    const swept = await s.verify(PARTITION, { nowSeconds: later });
    expect(swept).toMatchObject({ intact: true, expired: true });
    expect(swept.notes.join(' ')).toMatch(/removed by TTL/);
    rewrite(s, 4, (r) => (r.action.operation = 'StartLogging'));
    expect((await s.verify(PARTITION, { nowSeconds: later })).brokenLink).toMatchObject({ seq: 4, reason: 'altered' });
    // Before its expiry, the same deletions are tampering.
    expect((await s.verify(PARTITION)).intact).toBe(false);
  });

  it('verifyAll reports the first broken link over all partitions', async () => {
    const s = await filled(3);
    await s.append(placed(await entries(2, 'other'), '111122223333/eu-west-1/2026-11-20/1'));
    rewrite(s, 2, (r) => (r.region = 'us-east-1'));
    const report = await s.verifyAll();
    // Reading a partition stops at its first broken link: 2 of the first, 2 of the second.
    expect(report).toMatchObject({ intact: false, records: 4, brokenLink: { partition: PARTITION, seq: 2, reason: 'altered' } });
    expect(report.partitions.map((p) => [p.partition, p.intact])).toEqual([
      [PARTITION, false],
      ['111122223333/eu-west-1/2026-11-20/1', true],
    ]);
  });
});
