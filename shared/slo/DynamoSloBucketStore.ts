import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SloStoreError } from './errors';
import { MINUTE_MS, type MinuteCount, validateMinuteCount } from './minuteCounts';
import type { SloBucketStore } from './SloBucketStore';

/**
 * SLO minutes in the DetectionState table (infra/resources/tables.yml): one item per series and hour of event
 * time, pk `slo:<series>`, sk `YYYY-MM-DDTHH`, one attribute per recorded minute (`m00` .. `m59`, {total, bad}),
 * and the hour's sums `total` and `bad`. A minute goes in with one UpdateItem, `SET m<minute> ... ADD total, bad`,
 * conditional on that minute's attribute not existing: atomic, and the first record of a minute wins, so a
 * redelivered record changes nothing (neither the minute nor the hour's sums). The 3-day window reads 73 items
 * (not 4 320 minute items), each at most 60 small attributes.
 */
export const SLO_PK_PREFIX = 'slo:';

export class DynamoSloBucketStore implements SloBucketStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(series: string, count: MinuteCount, expiresAt: number): Promise<boolean> {
    validateMinuteCount(count);
    const { hour, attribute } = position(count.minute);
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: SLO_PK_PREFIX + series, sk: hour },
          UpdateExpression: 'SET #minute = :minute, #expiresAt = :expiresAt ADD #total :total, #bad :bad',
          ConditionExpression: 'attribute_not_exists(#minute)',
          ExpressionAttributeNames: { '#minute': attribute, '#expiresAt': 'expiresAt', '#total': 'total', '#bad': 'bad' },
          ExpressionAttributeValues: {
            ':minute': { total: count.total, bad: count.bad },
            ':expiresAt': expiresAt,
            ':total': count.total,
            ':bad': count.bad,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new SloStoreError(`could not record minute ${count.minute} of "${series}"`, { cause: error });
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
            ExpressionAttributeValues: {
              ':pk': SLO_PK_PREFIX + series,
              ':from': position(fromMinute).hour,
              ':to': position(toMinute).hour,
            },
            // The record just written must be seen by the evaluation that follows it.
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const hourStart = Date.parse(`${item.sk as string}:00:00Z`) / MINUTE_MS;
          for (const [name, value] of Object.entries(item)) {
            const match = /^m(\d\d)$/.exec(name);
            if (!match) continue;
            const minute = hourStart + Number(match[1]);
            const { total, bad } = value as { total: number; bad: number };
            if (minute >= fromMinute && minute <= toMinute) counts.push({ minute, total, bad });
          }
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    } catch (error) {
      throw new SloStoreError(`could not read the minutes of "${series}"`, { cause: error });
    }
    return counts;
  }
}

/** The hour item (`YYYY-MM-DDTHH`) and the attribute (`mMM`) of an epoch minute. */
function position(minute: number): { hour: string; attribute: string } {
  const iso = new Date(minute * MINUTE_MS).toISOString();
  return { hour: iso.slice(0, 13), attribute: `m${iso.slice(14, 16)}` };
}
