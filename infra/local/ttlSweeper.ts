import { type AttributeValue, DeleteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from './dynamo';

/*
 * DynamoDB's TTL, locally. dynalite implements DescribeTimeToLive (always DISABLED) but never expires
 * anything, so retention would go untested. The embedded runtime sweeps every table that has a TTL
 * attribute on event time, once every 6 hours of event time during a replay: DynamoDB documents deletion
 * "within a few days" of expiry, so a 6-hour lag is within what production shows, and items past
 * their TTL that are still there are what DynamoDB readers must already tolerate. (Hourly, measured: the
 * full-table scans cost the five-day benign-week replay 22 s of its 79 s.)
 *
 * As DynamoDB does: only a Number attribute holding epoch seconds counts (another type, or no
 * attribute, never expires); an item's expiry is checked again when it is deleted (a conditional
 * delete), so an item updated meanwhile with a later TTL stays.
 */

export interface TtlTable {
  table: string;
  /** The key attributes (what DeleteItem needs). */
  keys: string[];
  ttlAttribute: string;
}

/** The tables of a tables.yml with TTL enabled. */
export function ttlTables(definitions: readonly TableDefinition[]): TtlTable[] {
  return definitions.flatMap(({ properties: p }) => {
    const ttl = p.TimeToLiveSpecification;
    if (!ttl?.Enabled || !ttl.AttributeName || typeof p.TableName !== 'string') return [];
    return [{ table: p.TableName, keys: (p.KeySchema ?? []).map((k) => String(k.AttributeName)), ttlAttribute: ttl.AttributeName }];
  });
}

const SWEEP_INTERVAL_SECONDS = 6 * 3600;

export class TtlSweeper {
  private lastBucket?: number;
  /** Items deleted, per table. */
  readonly deleted: Record<string, number> = {};

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: readonly TtlTable[],
    private readonly intervalSeconds = SWEEP_INTERVAL_SECONDS,
  ) {}

  /** Sweeps when event time entered a new interval since the last sweep; returns the items deleted (0 when not due). */
  async sweepIfDue(eventTime: Date): Promise<number> {
    const now = Math.floor(eventTime.getTime() / 1000);
    if (!Number.isFinite(now)) return 0;
    const bucket = Math.floor(now / this.intervalSeconds);
    if (this.lastBucket !== undefined && bucket <= this.lastBucket) return 0;
    this.lastBucket = bucket;
    return this.sweep(eventTime);
  }

  /** Deletes every item whose TTL is at or before `eventTime`. */
  async sweep(eventTime: Date): Promise<number> {
    const now = String(Math.floor(eventTime.getTime() / 1000));
    let total = 0;
    for (const { table, keys, ttlAttribute } of this.tables) {
      const names = { '#ttl': ttlAttribute, ...Object.fromEntries(keys.map((k, i) => [`#k${i}`, k])) };
      let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.client.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: '#ttl <= :now',
            ProjectionExpression: keys.map((_k, i) => `#k${i}`).join(', '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':now': { N: now } },
            ExclusiveStartKey,
          }),
        );
        for (const key of page.Items ?? []) {
          try {
            await this.client.send(
              new DeleteItemCommand({
                TableName: table,
                Key: key,
                ConditionExpression: '#ttl <= :now',
                ExpressionAttributeNames: { '#ttl': ttlAttribute },
                ExpressionAttributeValues: { ':now': { N: now } },
              }),
            );
            total += 1;
            this.deleted[table] = (this.deleted[table] ?? 0) + 1;
          } catch (error) {
            // Updated meanwhile with a later expiry (or gone): DynamoDB would keep it too.
            if ((error as Error)?.name !== 'ConditionalCheckFailedException') throw error;
          }
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    return total;
  }
}
