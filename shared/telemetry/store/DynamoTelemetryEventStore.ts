import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TelemetryItem } from './item';
import { type ItemLookup, TelemetryEventStore } from './TelemetryEventStore';

/** The TelemetryEvents table's indexes (infra/resources/tables.yml): each sorted by event time. */
export const TELEMETRY_INDEXES = {
  kind: 'kind-index',
  name: 'name-index',
  user: 'user-index',
  /** Sparse: only items with a retention step left (stripDay, nextStripAt). */
  strip: 'strip-index',
} as const;

const INDEX_KEYS = { kind: 'kind', name: 'name', user: 'userPseudonym' } as const;

const conditionFailed = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';

/** The telemetry event store on DynamoDB (AWS SDK v3 document client): conditional puts, index queries, conditional rewrites. */
export class DynamoTelemetryEventStore extends TelemetryEventStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    readonly table: string,
  ) {
    super();
  }

  protected async putIfAbsent(item: TelemetryItem): Promise<boolean> {
    try {
      await this.ddb.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(eventId)' }));
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  protected async getItem(eventId: string): Promise<TelemetryItem | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { eventId }, ConsistentRead: true }));
    return Item ? toItem(Item) : undefined;
  }

  protected async *findItems(lookup: ItemLookup): AsyncIterable<TelemetryItem> {
    const range = timeRange(lookup.from, lookup.to);
    if (lookup.index === 'all') {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.ddb.send(
          new ScanCommand({
            TableName: this.table,
            FilterExpression: ['attribute_not_exists(erased)', ...(range.condition ? [range.condition] : [])].join(' AND '),
            // DynamoDB refuses an empty map: names and values only with a time range.
            ...(range.condition ? { ExpressionAttributeNames: range.names, ExpressionAttributeValues: range.values } : {}),
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) yield toItem(item);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return;
    }
    yield* this.queryIndex({
      TableName: this.table,
      IndexName: TELEMETRY_INDEXES[lookup.index],
      KeyConditionExpression: ['#k = :k', ...(range.condition ? [range.condition] : [])].join(' AND '),
      ExpressionAttributeNames: { '#k': INDEX_KEYS[lookup.index], ...range.names },
      ExpressionAttributeValues: { ':k': lookup.value, ...range.values },
    });
  }

  protected async *dueItems(day: string, until: number): AsyncIterable<TelemetryItem> {
    yield* this.queryIndex({
      TableName: this.table,
      IndexName: TELEMETRY_INDEXES.strip,
      KeyConditionExpression: 'stripDay = :d AND nextStripAt <= :u',
      ExpressionAttributeValues: { ':d': day, ':u': until },
    });
  }

  protected async replaceItem(item: TelemetryItem, expectedRev: number): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: '#rev = :rev',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': expectedRev },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  private async *queryIndex(input: QueryCommandInput): AsyncIterable<TelemetryItem> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      for (const item of page.Items ?? []) yield toItem(item);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

function timeRange(from: string | undefined, to: string | undefined) {
  const names = { '#t': 'timestamp' };
  if (from !== undefined && to !== undefined) return { condition: '#t BETWEEN :from AND :to', names, values: { ':from': from, ':to': to } };
  if (from !== undefined) return { condition: '#t >= :from', names, values: { ':from': from } };
  if (to !== undefined) return { condition: '#t <= :to', names, values: { ':to': to } };
  return { condition: undefined, names: {}, values: {} };
}

/** Binary attributes come back as Uint8Array already; the rest is the item as written. */
function toItem(raw: Record<string, unknown>): TelemetryItem {
  return raw as unknown as TelemetryItem;
}
