import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MINUTE_MS, type MinuteCount, validateMinuteCount } from '../../../slo/minuteCounts';
import { AppSignalStoreError } from '../errors';
import type { LatencyBucketStore } from './LatencyBucketStore';

export const LATENCY_PK_PREFIX = 'app-latency:';

/**
 * The buckets in the DetectionState table: pk `app-latency:<series>`, sk the bucket's first minute
 * (`YYYY-MM-DDTHH:MM`), `total` and `bad` ADDed, and `batches`, the string set of the batches that added to it. One
 * UpdateItem per series and bucket per batch, `ADD total, bad, batches` conditional on the batch not being in the
 * set: atomic and idempotent in one write (no transactions needed). The set bounds a bucket at about 10 000 batches
 * (36-byte ids, 400 KB items) per series in 5 minutes, some 30 batches a second from one app; past that, shard the
 * series. The 3-day window reads 864 small items.
 */
export class DynamoLatencyBucketStore implements LatencyBucketStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(series: string, count: MinuteCount, contributor: string, expiresAt: number): Promise<boolean> {
    validateMinuteCount(count);
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: LATENCY_PK_PREFIX + series, sk: label(count.minute) },
          UpdateExpression: 'ADD #total :total, #bad :bad, #batches :batch SET #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#batches) OR NOT contains(#batches, :id)',
          ExpressionAttributeNames: { '#total': 'total', '#bad': 'bad', '#batches': 'batches', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':total': count.total,
            ':bad': count.bad,
            ':batch': new Set([contributor]),
            ':id': contributor,
            ':expiresAt': expiresAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new AppSignalStoreError(`cannot add to latency bucket ${label(count.minute)} of "${series}"`, { cause: error });
    }
  }

  async read(series: string, fromMinute: number, toMinute: number): Promise<MinuteCount[]> {
    const counts: MinuteCount[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.ddb.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': LATENCY_PK_PREFIX + series, ':from': label(fromMinute), ':to': label(toMinute) },
            ProjectionExpression: 'sk, #total, #bad',
            ExpressionAttributeNames: { '#total': 'total', '#bad': 'bad' },
            // The batch's own additions must be seen by the evaluation that follows them.
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          counts.push({
            minute: Date.parse(`${item.sk as string}:00Z`) / MINUTE_MS,
            total: Number(item.total ?? 0),
            bad: Number(item.bad ?? 0),
          });
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    } catch (error) {
      throw new AppSignalStoreError(`cannot read the latency buckets of "${series}"`, { cause: error });
    }
    return counts;
  }
}

const label = (minute: number) => new Date(minute * MINUTE_MS).toISOString().slice(0, 16);
