import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HourlyRollup } from '../baseline';
import { MAX_MEMBERS_PER_BUCKET, type DetectionStateStore, type RollupUpdate, type StateUpdate } from './DetectionStateStore';

/**
 * The DetectionState table (infra/resources/tables.yml): pk `<detection id>#<group key>`, sk the
 * event-time minute, `members` a string set, `expiresAt` the TTL. A batch's members for one bucket
 * go in with one `ADD`, atomic and idempotent: a redelivered event adds a member already there.
 * Baseline rollups share the table: pk `rollup:<detection id>#<group key>`, sk the hour
 * `YYYY-MM-DDTHH`, with `total`, `count` and `attributes`; an UpdateItem with a condition on `count`
 * (the same permission as the buckets' ADD) replaces one only with a fuller one.
 */
export class DynamoDetectionStateStore implements DetectionStateStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(update: StateUpdate): Promise<boolean> {
    if (update.members.length === 0) return true;
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: partitionKey(update.stream, update.key), sk: update.bucket },
          UpdateExpression: 'ADD #members :members SET #expiresAt = :expiresAt',
          // The bound: a full bucket refuses the write, and a refused write changes nothing.
          ConditionExpression: 'attribute_not_exists(#members) OR size(#members) < :max',
          ExpressionAttributeNames: { '#members': 'members', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':members': new Set(update.members.slice(0, MAX_MEMBERS_PER_BUCKET)),
            ':expiresAt': update.expiresAt,
            ':max': MAX_MEMBERS_PER_BUCKET,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async read(stream: string, key: string, fromBucket: string, toBucket: string): Promise<string[]> {
    const members: string[] = [];
    // The batch's own ADDs must be visible to the decision that follows them: a consistent read.
    for await (const item of this.queryRange(partitionKey(stream, key), fromBucket, toBucket, 'members', {}, true)) {
      const set = item.members as Set<string> | undefined;
      if (set) members.push(...set);
    }
    return members;
  }

  async putRollup(update: RollupUpdate): Promise<void> {
    const { rollup } = update;
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: rollupPartitionKey(update.stream, update.key), sk: rollup.hour },
          UpdateExpression: 'SET #total = :total, #count = :count, #attributes = :attributes, #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :count',
          ExpressionAttributeNames: { '#total': 'total', '#count': 'count', '#attributes': 'attributes', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':total': rollup.total,
            ':count': rollup.count,
            ':attributes': [...rollup.attributes],
            ':expiresAt': update.expiresAt,
          },
        }),
      );
    } catch (error) {
      // The stored rollup is as full or fuller (another batch or Lambda got there first): nothing to do.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async readRollups(stream: string, key: string, fromHour: string, toHour: string): Promise<HourlyRollup[]> {
    const rollups: HourlyRollup[] = [];
    const names = { '#total': 'total', '#count': 'count', '#attributes': 'attributes' };
    for await (const item of this.queryRange(rollupPartitionKey(stream, key), fromHour, toHour, 'sk, #total, #count, #attributes', names)) {
      rollups.push({
        hour: String(item.sk),
        total: Number(item.total ?? 0),
        count: Number(item.count ?? 0),
        attributes: Array.isArray(item.attributes) ? item.attributes.map(String) : [],
      });
    }
    return rollups;
  }

  /** Every item of one partition with sk between from and to (inclusive), page after page. */
  private async *queryRange(
    pk: string,
    from: string,
    to: string,
    projection: string,
    names: Record<string, string>,
    consistent = false,
  ): AsyncGenerator<Record<string, unknown>> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ProjectionExpression: projection,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ConsistentRead: consistent,
          ExclusiveStartKey,
        }),
      );
      yield* page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

function rollupPartitionKey(stream: string, key: string): string {
  return `rollup:${stream}#${key}`;
}

function partitionKey(stream: string, key: string): string {
  return `${stream}#${key}`;
}
