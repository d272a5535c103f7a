import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { RetryPolicy } from '../../retry';
import { ErasureError } from './errors';

/** A telemetry user's pseudonym (KmsPseudonymizer): what the state keys name, and all an erasure may match. */
const PSEUDONYM = /^user:[0-9a-f]{32}$/;
/** BatchWriteItem's limit. */
const DELETES_PER_REQUEST = 25;

export interface UserStateErasure {
  /** Items of the state table read to find the user's. */
  scanned: number;
  /** Items deleted: every one whose partition key names the user. */
  erased: number;
}

/**
 * Deletes a telemetry user's derived state from the stage's state table: every item whose partition key
 * names the user's pseudonym. Those are the data-export baseline and windows
 * (`app-data-export-anomaly#user:<hmac>`, with `rollup:` and `emitted:` before it) and the units of the
 * live sample-ratio check (`experiment-unit:<experiment>#user:user:<hmac>`); nothing else in the table is
 * keyed by a user. A user exported again later starts a new baseline, as a new user does. A unit deleted
 * from an experiment stays in its variant's count (a count names nobody); a batch of that user redelivered
 * after the erasure would count the unit again.
 *
 * The table has no index by user, so this scans it (the pseudonym as a filter, keys only): an operator's
 * tool, run from a role allowed dynamodb:Scan and dynamodb:BatchWriteItem on it, never from a Lambda.
 * `progress` hears of every page read.
 */
export async function eraseUserState(
  ddb: DynamoDBDocumentClient,
  table: string,
  userPseudonym: string,
  progress: (erasure: UserStateErasure) => void = () => {},
): Promise<UserStateErasure> {
  // A filter on anything shorter would match other users' keys (an empty one, every key).
  if (!PSEUDONYM.test(userPseudonym)) throw new ErasureError('not a telemetry user pseudonym (user:<32 hex>): nothing erased');
  const erasure: UserStateErasure = { scanned: 0, erased: 0 };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'contains(pk, :user)',
        ProjectionExpression: 'pk, sk',
        ExpressionAttributeValues: { ':user': userPseudonym },
        ExclusiveStartKey,
      }),
    );
    erasure.scanned += page.ScannedCount ?? 0;
    const keys = (page.Items ?? []) as Array<{ pk: string; sk: string }>;
    for (let i = 0; i < keys.length; i += DELETES_PER_REQUEST) {
      await deleteAll(ddb, table, keys.slice(i, i + DELETES_PER_REQUEST));
      erasure.erased += Math.min(DELETES_PER_REQUEST, keys.length - i);
    }
    progress(erasure);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return erasure;
}

const UNPROCESSED_RETRY = new RetryPolicy({ retries: 8, baseDelayMs: 50, maxDelayMs: 2_000, jitter: 'full' });

/** One BatchWriteItem of deletes, its unprocessed items sent again (throttling) until none is left. */
async function deleteAll(ddb: DynamoDBDocumentClient, table: string, keys: ReadonlyArray<{ pk: string; sk: string }>): Promise<void> {
  let pending = keys.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
  const run = UNPROCESSED_RETRY.start({});
  for (;;) {
    run.begin();
    const { UnprocessedItems } = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
    if (pending.length === 0) return;
    if (!(await run.next('unprocessed deletes')))
      throw new ErasureError(`${pending.length} state item(s) of the user could not be deleted (throttled)`);
  }
}
