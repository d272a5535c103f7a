import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CrashIssue, CrashIssueStore, type FirstSight, type StatusChange, type StatusExpectation } from './CrashIssueStore';

/** The issues' key space in the DetectionState table: pk `crash-issue#<groupId>`, sk `issue`. */
export const crashIssueKey = (groupId: string) => ({ pk: `crash-issue#${groupId}`, sk: 'issue' });

const conditionFailed = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';

/** The known crash groups in the DetectionState table (AWS SDK v3 document client), every write one conditional UpdateItem. */
export class DynamoCrashIssueStore extends CrashIssueStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    super();
  }

  protected async createIfAbsent(first: FirstSight): Promise<CrashIssue> {
    // One atomic write: each attribute is set only where it is absent, so the first sight wins and
    // the stored issue comes back whoever wrote it.
    const { Attributes } = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: crashIssueKey(first.groupId),
        UpdateExpression:
          'SET groupId = :g, firstSeen = if_not_exists(firstSeen, :fs), firstRelease = if_not_exists(firstRelease, :fr), ' +
          'title = if_not_exists(title, :t), #status = if_not_exists(#status, :u)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':g': first.groupId,
          ':fs': first.firstSeen,
          ':fr': first.firstRelease,
          ':t': first.title,
          ':u': 'unresolved',
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return issueOf(Attributes!);
  }

  protected async getIssue(groupId: string): Promise<CrashIssue | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: crashIssueKey(groupId), ConsistentRead: true }));
    return Item ? issueOf(Item) : undefined;
  }

  protected async updateIf(groupId: string, change: StatusChange, expected: StatusExpectation): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':s': change.status };
    const set = ['#status = :s'];
    const conditions = ['attribute_exists(pk)'];
    if (change.resolvedAt !== undefined) {
      set.push('resolvedAt = :r');
      values[':r'] = change.resolvedAt;
    }
    if (change.regressedAt !== undefined) {
      set.push('regressedAt = :g');
      values[':g'] = change.regressedAt;
    }
    if (expected.status !== undefined) {
      conditions.push('#status = :es');
      values[':es'] = expected.status;
    }
    if (expected.resolvedAt !== undefined) {
      conditions.push('resolvedAt = :er');
      values[':er'] = expected.resolvedAt;
    }
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: crashIssueKey(groupId),
          UpdateExpression: `SET ${set.join(', ')}${change.resolvedAt === undefined ? ' REMOVE resolvedAt' : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}

function issueOf(item: Record<string, unknown>): CrashIssue {
  const issue: CrashIssue = {
    groupId: item.groupId as string,
    status: item.status as CrashIssue['status'],
    firstSeen: item.firstSeen as string,
    firstRelease: item.firstRelease as string,
    title: item.title as string,
    ...(typeof item.resolvedAt === 'string' ? { resolvedAt: item.resolvedAt } : {}),
    ...(typeof item.regressedAt === 'string' ? { regressedAt: item.regressedAt } : {}),
  };
  return issue;
}
