import { AuditQueryError, canonicalJson, InMemoryAuditStore, partitionOf } from '../../../shared/audit';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { entryOf } from './entries';
import { ACCOUNT, OPS_ADMIN_SESSION } from './events';

const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
const role = `arn:aws:iam::${ACCOUNT}:role/ops-admin`;

/** alice's writes at 10:00, 10:30, 11:00 and the ops-admin session's at 10:15 and 10:45, in two shards. */
async function store(): Promise<InMemoryAuditStore> {
  const s = new InMemoryAuditStore();
  const writes: Array<[string, boolean]> = [
    ['10:00:00', false],
    ['10:15:00', true],
    ['10:30:00', false],
    ['10:45:00', true],
    ['11:00:00', false],
  ];
  const placed = [];
  for (const [i, [time, asRole]] of writes.entries()) {
    const event = cloudTrailEvent(
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventTime: `2026-11-20T${time}Z`,
        readOnly: false,
        requestParameters: { name: `t${i}` },
        ...(asRole ? { userIdentity: OPS_ADMIN_SESSION } : {}),
      },
      { id: `q-${i}` },
    );
    const entry = await entryOf(event);
    placed.push({ entry, partition: partitionOf(entry, 2) });
  }
  await s.append(placed);
  return s;
}

describe('query by principal and time', () => {
  it("answers a principal's records within [since, until], bounds included, oldest first", async () => {
    const s = await store();
    const found = await s.query({ principal: alice, since: new Date('2026-11-20T10:00:00Z'), until: new Date('2026-11-20T10:30:00Z') });
    expect(found.map((q) => [q.record.time, q.record.actor.principal, q.intact])).toEqual([
      ['2026-11-20T10:00:00.000Z', alice, true],
      ['2026-11-20T10:30:00.000Z', alice, true],
    ]);
  });

  it("answers a role's ARN with every session of the role (the issuer index)", async () => {
    const s = await store();
    const found = await s.query({ principal: role, since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') });
    expect(found.map((q) => q.record.time)).toEqual(['2026-11-20T10:15:00.000Z', '2026-11-20T10:45:00.000Z']);
    expect(found.every((q) => q.record.actor.principal === OPS_ADMIN_SESSION.arn)).toBe(true);
  });

  it('finds nothing for another principal or another time, and honours the limit', async () => {
    const s = await store();
    const day = { since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') };
    expect(await s.query({ principal: `arn:aws:iam::${ACCOUNT}:user/bob`, ...day })).toEqual([]);
    expect(await s.query({ principal: alice, since: new Date('2026-11-21T00:00:00Z'), until: new Date('2026-11-22T00:00:00Z') })).toEqual(
      [],
    );
    expect(await s.query({ principal: alice, ...day, limit: 2 })).toHaveLength(2);
  });

  it('flags a record whose body no longer matches its hash', async () => {
    const s = await store();
    const [partition, chain] = [...s.items].find(([, c]) => [...c.values()].some((i) => i.index.eventId === 'q-2'))!;
    const [seq, item] = [...chain].find(([, i]) => i.index.eventId === 'q-2')!;
    const record = JSON.parse(item.body) as Record<string, any>;
    record.outcome = { status: 'failure', errorCode: 'AccessDenied' };
    s.items.get(partition)!.set(seq, { ...item, body: canonicalJson(record) });
    const found = await s.query({ principal: alice, since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') });
    expect(found.map((q) => [q.record.eventId, q.intact])).toEqual([
      ['q-0', true],
      ['q-2', false],
      ['q-4', true],
    ]);
  });

  it('refuses a range that ends before it starts', async () => {
    const s = await store();
    await expect(
      s.query({ principal: alice, since: new Date('2026-11-21T00:00:00Z'), until: new Date('2026-11-20T00:00:00Z') }),
    ).rejects.toThrow(AuditQueryError);
  });
});
