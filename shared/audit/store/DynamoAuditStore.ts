import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ChainTail, indexAttributesOf, type RawChainItem } from '../chain';
import type { StoredAuditRecord } from '../record';
import { type AuditIndex, AuditStore, type AuditStoreOptions, type EventClaim } from './AuditStore';

/**
 * The AuditTrail table (infra/resources/tables.yml): pk (S), sk (N).
 *   chain#<partition>, sk 0    the partition's head: { seq, hash } (a hint, moved only forward)
 *   chain#<partition>, sk n    record n: { body (the canonical record), hash, and copies for the indexes
 *                              and the TTL: eventId, eventTime, principal, issuer, expiresAt }
 *   event#<event id>, sk 0     the event's claim: { state, partition, fromSeq, claimedAt, seq, published }
 * principal-index (principal, eventTime) and issuer-index (issuer, eventTime) hold records only
 * (sparse: heads and claims have neither attribute). Every item has `expiresAt`, the TTL.
 * Every write is conditional; reads of the chain are consistent. No Scan but in listPartitions (the
 * CLI's verify of a whole table), no DeleteItem anywhere: the recorder's role has neither.
 */

const CHAIN = 'chain#';
const EVENT = 'event#';

export const AUDIT_INDEXES: Readonly<Record<AuditIndex, string>> = { principal: 'principal-index', issuer: 'issuer-index' };

function isConditionFailure(error: unknown): boolean {
  // By name too: the class of another copy of the SDK (a bundle, a test's own client) is another class.
  return error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

function rawItem(item: Record<string, unknown>): RawChainItem {
  const index: RawChainItem['index'] = {};
  if (typeof item.eventId === 'string') index.eventId = item.eventId;
  if (typeof item.eventTime === 'string') index.eventTime = item.eventTime;
  if (typeof item.expiresAt === 'number') index.expiresAt = item.expiresAt;
  if (typeof item.principal === 'string') index.principal = item.principal;
  if (typeof item.issuer === 'string') index.issuer = item.issuer;
  return { seq: Number(item.sk), body: String(item.body ?? ''), hash: String(item.hash ?? ''), index };
}

export class DynamoAuditStore extends AuditStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    readonly table: string,
    options: AuditStoreOptions = {},
  ) {
    super(options);
  }

  protected async getHead(partition: string): Promise<ChainTail | undefined> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: CHAIN + partition, sk: 0 }, ConsistentRead: true }),
    );
    if (!Item || typeof Item.seq !== 'number' || typeof Item.hash !== 'string') return undefined;
    return { seq: Item.seq, hash: Item.hash };
  }

  protected async advanceHead(partition: string, head: ChainTail, expiresAt: number): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: CHAIN + partition, sk: 0 },
          UpdateExpression: 'SET #seq = :seq, #hash = :hash, #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#seq) OR #seq < :seq',
          ExpressionAttributeNames: { '#seq': 'seq', '#hash': 'hash', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash, ':expiresAt': expiresAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  protected async *readChain(partition: string, afterSeq: number): AsyncIterable<RawChainItem> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk > :after',
          ExpressionAttributeValues: { ':pk': CHAIN + partition, ':after': afterSeq },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) yield rawItem(item);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  protected async getRecord(partition: string, seq: number): Promise<RawChainItem | undefined> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: CHAIN + partition, sk: seq }, ConsistentRead: true }),
    );
    return Item ? rawItem(Item) : undefined;
  }

  protected async putRecord(stored: StoredAuditRecord): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: CHAIN + stored.record.partition,
            sk: stored.record.seq,
            body: stored.body,
            hash: stored.hash,
            ...indexAttributesOf(stored.record),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  protected async putClaim(claim: EventClaim): Promise<EventClaim | undefined> {
    try {
      await this.ddb.send(
        new PutCommand({ TableName: this.table, Item: claimItem(claim), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: EVENT + claim.eventId, sk: 0 }, ConsistentRead: true }),
    );
    // Gone meanwhile (it cannot be: nothing deletes claims before their TTL): claim again on the next delivery.
    if (!Item) return { ...claim, claimedAt: claim.claimedAt };
    return {
      eventId: claim.eventId,
      partition: String(Item.partition),
      fromSeq: Number(Item.fromSeq ?? 0),
      claimedAt: Number(Item.claimedAt ?? 0),
      state: Item.state === 'recorded' ? 'recorded' : 'pending',
      ...(typeof Item.seq === 'number' ? { seq: Item.seq } : {}),
      ...(Item.published === true ? { published: true } : {}),
      expiresAt: Number(Item.expiresAt ?? claim.expiresAt),
    };
  }

  protected async replaceClaim(claim: EventClaim, expectedClaimedAt: number): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: claimItem(claim),
          ConditionExpression: '#claimedAt = :expected AND #state = :pending',
          ExpressionAttributeNames: { '#claimedAt': 'claimedAt', '#state': 'state' },
          ExpressionAttributeValues: { ':expected': expectedClaimedAt, ':pending': 'pending' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  protected async markRecorded(eventId: string, seq: number): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: EVENT + eventId, sk: 0 },
        UpdateExpression: 'SET #state = :recorded, #seq = :seq',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state', '#seq': 'seq' },
        ExpressionAttributeValues: { ':recorded': 'recorded', ':seq': seq },
      }),
    );
  }

  protected async markClaimPublished(eventId: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: EVENT + eventId, sk: 0 },
        UpdateExpression: 'SET #published = :yes',
        ConditionExpression: '#state = :recorded',
        ExpressionAttributeNames: { '#published': 'published', '#state': 'state' },
        ExpressionAttributeValues: { ':yes': true, ':recorded': 'recorded' },
      }),
    );
  }

  protected async listPartitions(): Promise<string[]> {
    const partitions = new Set<string>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new ScanCommand({
          TableName: this.table,
          ProjectionExpression: 'pk',
          FilterExpression: 'begins_with(pk, :chain)',
          ExpressionAttributeValues: { ':chain': CHAIN },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) partitions.add(String(item.pk).slice(CHAIN.length));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return [...partitions];
  }

  protected async *queryIndex(index: AuditIndex, value: string, since: string, until: string): AsyncIterable<RawChainItem> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: AUDIT_INDEXES[index],
          KeyConditionExpression: '#key = :value AND eventTime BETWEEN :since AND :until',
          ExpressionAttributeNames: { '#key': index },
          ExpressionAttributeValues: { ':value': value, ':since': since, ':until': until },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) yield rawItem(item);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

function claimItem(claim: EventClaim): Record<string, unknown> {
  return {
    pk: EVENT + claim.eventId,
    sk: 0,
    state: claim.state,
    partition: claim.partition,
    fromSeq: claim.fromSeq,
    claimedAt: claim.claimedAt,
    expiresAt: claim.expiresAt,
    ...(claim.seq === undefined ? {} : { seq: claim.seq }),
  };
}
