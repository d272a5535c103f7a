import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OutboxEntryError } from './errors';
import type { OutboxEntry } from './OutboxEntry';
import type { OutboxStore } from './OutboxStore';
import { byAge } from './order';

/** A delivered entry is kept this long (what was resent, and when), then DynamoDB's TTL removes it. */
const DELIVERED_RETENTION_DAYS = 7;

/**
 * The outbox on the Outbox table: one item per delivery (`outbox#<sink>#<finding>#<operation>…`), its
 * `status` (waiting | checking | failed) in the sparse `status-index`; a delivered entry loses `status`, so the
 * index holds exactly what still waits. The payload is stored as JSON text (the table is encrypted with
 * the stage's table key; the alert and OCSF bodies carry no Restricted field in plaintext).
 * A waiting entry has no TTL: nothing expires out of the outbox undelivered.
 */
export class DynamoOutboxStore implements OutboxStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async enqueue(entry: OutboxEntry): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id: entry.id },
          UpdateExpression:
            'SET sink = :sink, findingId = :finding, #op = :op, payload = if_not_exists(payload, :payload), reason = :reason, ' +
            '#status = :status, enqueuedAt = if_not_exists(enqueuedAt, :at), lastAttemptAt = :last' +
            `${entry.requestId === undefined ? ' REMOVE requestId' : ', requestId = :request'} ADD attempts :attempts`,
          // An entry already delivered is never revived: that delivery succeeded.
          ConditionExpression: 'attribute_not_exists(deliveredAt)',
          ExpressionAttributeNames: { '#op': 'operation', '#status': 'status' },
          ExpressionAttributeValues: {
            ':sink': entry.sink,
            ':finding': entry.findingId,
            ':op': entry.operation,
            ':payload': JSON.stringify(entry.payload),
            ':reason': entry.reason,
            ':status': entry.status,
            ':at': entry.enqueuedAt,
            ':last': entry.lastAttemptAt,
            ':attempts': entry.attempts,
            ...(entry.requestId === undefined ? {} : { ':request': entry.requestId }),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async list(status: OutboxEntry['status'], limit = Number.POSITIVE_INFINITY): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'status-index',
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) entries.push(fromItem(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    // The index has no sort key: the order is made here (an outbox is short; a long one is itself the alarm).
    return entries.sort(byAge).slice(0, limit);
  }

  async recordFailure(id: string, update: { reason: string; attempts: number; at: number; status?: OutboxEntry['status'] }): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression: 'SET reason = :reason, attempts = :attempts, lastAttemptAt = :at, #status = :status',
        ConditionExpression: 'attribute_exists(#status)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':reason': update.reason,
          ':attempts': update.attempts,
          ':at': update.at,
          ':status': update.status ?? 'waiting',
        },
      }),
    );
  }

  async markDelivered(id: string, at: number): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression: 'REMOVE #status SET deliveredAt = :at, expiresAt = :expires',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': at, ':expires': Math.floor(Date.now() / 1000) + DELIVERED_RETENTION_DAYS * 86_400 },
      }),
    );
  }
}

function fromItem(item: Record<string, unknown>): OutboxEntry {
  let payload: OutboxEntry['payload'];
  try {
    payload = JSON.parse(String(item.payload)) as OutboxEntry['payload'];
  } catch (cause) {
    throw new OutboxEntryError(`outbox entry ${String(item.id)} has an unreadable payload`, { cause });
  }
  return {
    id: String(item.id),
    sink: item.sink as OutboxEntry['sink'],
    findingId: String(item.findingId),
    operation: String(item.operation),
    payload,
    reason: String(item.reason),
    attempts: Number(item.attempts),
    status: item.status as OutboxEntry['status'],
    enqueuedAt: Number(item.enqueuedAt),
    lastAttemptAt: Number(item.lastAttemptAt),
    ...(typeof item.requestId === 'string' ? { requestId: item.requestId } : {}),
  };
}
