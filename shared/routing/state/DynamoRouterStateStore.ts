import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FindingRouteState, RouterStateStore, SinkProgress } from './RouterStateStore';

/** Route state is kept this long after the first occurrence (a finding's window is at most a day or so). */
const RETENTION_DAYS = 30;

/**
 * The router's state in the Outbox table (items `route#<finding id>` and `set#<key>`). The Outbox table,
 * not DetectionState: this is delivery bookkeeping, read by the router and the drain together (the drain
 * checks a finding's route before resending), the alert router's role can already write it, and these
 * items carry no `status`, so the sparse `status-index` the drain queries holds outbox entries only.
 */
export class DynamoRouterStateStore implements RouterStateStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(findingId: string): Promise<FindingRouteState | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { id: routeKey(findingId) }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { id: _id, expiresAt: _expiresAt, ...state } = Item;
    return state as FindingRouteState;
  }

  async claim(state: FindingRouteState): Promise<boolean> {
    const expiresAt = Math.floor(state.routedAt / 1000) + RETENTION_DAYS * 86_400;
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { id: routeKey(state.findingId), ...state, expiresAt },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async setProgress(findingId: string, progress: Partial<Record<'opsgenie' | 'siem', SinkProgress>>): Promise<void> {
    const sinks = Object.keys(progress) as Array<'opsgenie' | 'siem'>;
    if (sinks.length === 0) return;
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { id: routeKey(findingId) },
        UpdateExpression: `SET ${sinks.map((sink) => `#${sink} = :${sink}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: Object.fromEntries(sinks.map((sink) => [`#${sink}`, sink])),
        ExpressionAttributeValues: Object.fromEntries(sinks.map((sink) => [`:${sink}`, progress[sink]])),
      }),
    );
  }

  async claimUpdate(findingId: string, count: number, at: number, notAfter: number): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id: routeKey(findingId) },
          UpdateExpression: 'SET #count = :count, lastUpdateAt = :at',
          ConditionExpression:
            'attribute_exists(id) AND #count < :count AND (attribute_not_exists(lastUpdateAt) OR lastUpdateAt <= :notAfter)',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':count': count, ':at': at, ':notAfter': notAfter },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async addMember(key: string, member: string, expiresAt: number): Promise<number> {
    const { Attributes } = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { id: `set#${key}` },
        UpdateExpression: 'ADD members :m SET expiresAt = if_not_exists(expiresAt, :e)',
        ExpressionAttributeValues: { ':m': new Set([member]), ':e': expiresAt },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (Attributes?.members as Set<string> | undefined)?.size ?? 1;
  }
}

function routeKey(findingId: string): string {
  return `route#${findingId}`;
}
