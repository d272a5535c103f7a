import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { byRunTime, type DriftHistoryQuery, type DriftHistoryStore, type DriftScore, inRange } from './DriftHistoryStore';

/**
 * Drift history in the DetectionState table (infra/resources/tables.yml: KMS-encrypted, TTL on
 * `expiresAt`, point-in-time recovery), in a key space of its own: pk `drift-history#<model>`, sk
 * `<feature>#<runTime>#<job>` (the feature URI-encoded, so a `#` in a name cannot reach another
 * feature's rows). One more table would add a resource, a key policy grant and an alarm per stage
 * for rows that are this table's kind already: small, per key, expiring.
 */
export class DynamoDriftHistoryStore implements DriftHistoryStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(scores: readonly DriftScore[], expiresAt: number): Promise<void> {
    // One PutItem per feature (a run has tens): an overwrite of the same row when a run is redelivered.
    for (const score of scores) {
      await this.ddb.send(
        new PutCommand({ TableName: this.table, Item: { pk: partitionKey(score.model), sk: sortKey(score), ...score, expiresAt } }),
      );
    }
  }

  async query(model: string, query: DriftHistoryQuery = {}): Promise<DriftScore[]> {
    const out: DriftScore[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    const prefix = query.feature === undefined ? undefined : `${encodeURIComponent(query.feature)}#`;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': partitionKey(model), ...(prefix === undefined ? {} : { ':prefix': prefix }) },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...score } = item;
        if (inRange(score as DriftScore, query)) out.push(score as DriftScore);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out.sort(byRunTime);
  }
}

function partitionKey(model: string): string {
  return `drift-history#${model}`;
}

function sortKey(score: DriftScore): string {
  return `${encodeURIComponent(score.feature)}#${score.runTime}#${score.job}`;
}
