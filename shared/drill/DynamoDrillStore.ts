import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DrillReceipt } from './DrillReceipt';
import type { DrillRunRecord } from './DrillRunRecord';
import type { DrillStore } from './DrillStore';
import { DrillError } from './errors';

/** Receipts are read within minutes of their write; kept a week for a look afterwards. */
const RECEIPT_DAYS = 7;
/** Drill results are evidence that alerting was tested ("all critical alerts tested and verified"): a year. */
const RUN_DAYS = 400;
/** BatchGetItem's limit of keys per request. */
const BATCH_KEYS = 100;

/**
 * Drill traces in the Outbox table, beside the router's state: `drill#receipt#<finding id>` (written by
 * the alert router, whose role already writes this table) and `drill#run#<run id>` with the pointer
 * `drill#latest`. The Outbox table because receipts are delivery bookkeeping the router writes; the
 * items carry no `status`, so the drain's sparse `status-index` never sees them. The body is JSON text,
 * like an outbox entry's payload, so a record reads back exactly as written.
 */
export class DynamoDrillStore implements DrillStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putReceipt(receipt: DrillReceipt): Promise<void> {
    await this.put(`drill#receipt#${receipt.findingId}`, receipt, receipt.routedAt, RECEIPT_DAYS);
  }

  async receipts(findingIds: readonly string[]): Promise<Map<string, DrillReceipt>> {
    const out = new Map<string, DrillReceipt>();
    for (let i = 0; i < findingIds.length; i += BATCH_KEYS) {
      let keys: Array<Record<string, unknown>> | undefined = findingIds
        .slice(i, i + BATCH_KEYS)
        .map((id) => ({ id: `drill#receipt#${id}` }));
      // Unprocessed keys (throttling) are asked again until none is left.
      while (keys && keys.length > 0) {
        const reply: BatchGetCommandOutput = await this.ddb.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'body' } } }),
        );
        for (const item of reply.Responses?.[this.table] ?? []) {
          const receipt = parse<DrillReceipt>(item.body);
          out.set(receipt.findingId, receipt);
        }
        keys = reply.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return out;
  }

  async saveRun(run: DrillRunRecord): Promise<void> {
    await this.put(`drill#run#${run.runId}`, run, run.at, RUN_DAYS);
    await this.put('drill#latest', { runId: run.runId }, run.at, RUN_DAYS);
  }

  async latestRun(): Promise<DrillRunRecord | undefined> {
    const pointer = await this.get('drill#latest');
    if (pointer === undefined) return undefined;
    return this.get(`drill#run#${parse<{ runId: string }>(pointer).runId}`).then((body) => (body === undefined ? undefined : parse(body)));
  }

  private async put(id: string, value: unknown, at: number, days: number): Promise<void> {
    const expiresAt = Math.floor(at / 1000) + days * 86_400;
    await this.ddb.send(new PutCommand({ TableName: this.table, Item: { id, body: JSON.stringify(value), expiresAt } }));
  }

  private async get(id: string): Promise<unknown> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return Item?.body;
  }
}

function parse<T>(body: unknown): T {
  if (typeof body !== 'string') throw new DrillError('a drill item in the Outbox table has no JSON body');
  try {
    return JSON.parse(body) as T;
  } catch (cause) {
    throw new DrillError('a drill item in the Outbox table is not the JSON it was written as', { cause });
  }
}
