import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_MEMBERS_PER_BUCKET, type DetectionStateStore, type StateUpdate } from './DetectionStateStore';

/**
 * The DetectionState table (infra/resources/tables.yml): pk `<detection id>#<group key>`, sk the
 * event-time minute, `members` a string set, `expiresAt` the TTL. A batch's members for one bucket
 * go in with one `ADD`, atomic and idempotent: a redelivered event adds a member already there.
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
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': partitionKey(stream, key), ':from': fromBucket, ':to': toBucket },
          ProjectionExpression: 'members',
          // The batch's own ADDs must be visible to the decision that follows them.
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const set = item.members as Set<string> | undefined;
        if (set) members.push(...set);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return members;
  }
}

function partitionKey(stream: string, key: string): string {
  return `${stream}#${key}`;
}
