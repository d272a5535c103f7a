import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * How far (event time) the crash check has evaluated: each run starts where the last one stopped, so a
 * slot of event time is evaluated once however often the schedule fires (at least once, or once for
 * a quiet stretch of a replay). Moved by compare-and-set: of two runs racing, one advances it.
 */
export abstract class CheckCursor {
  /** The end (ISO) of the event time evaluated so far; undefined before the first run. */
  abstract position(): Promise<string | undefined>;
  /** Moves the cursor from `from` to `to`; false when another run moved it first. */
  abstract advance(from: string | undefined, to: string): Promise<boolean>;
}

/** pk and sk of the cursor in the DetectionState table. */
export const CHECK_CURSOR_KEY = { pk: 'crash-check#cursor', sk: 'cursor' } as const;

const conditionFailed = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';

export class DynamoCheckCursor extends CheckCursor {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    super();
  }

  async position(): Promise<string | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.table, Key: CHECK_CURSOR_KEY, ConsistentRead: true }));
    return typeof Item?.evaluatedTo === 'string' ? Item.evaluatedTo : undefined;
  }

  async advance(from: string | undefined, to: string): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...CHECK_CURSOR_KEY, evaluatedTo: to },
          ConditionExpression: from === undefined ? 'attribute_not_exists(pk)' : 'evaluatedTo = :from',
          ...(from === undefined ? {} : { ExpressionAttributeValues: { ':from': from } }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}

export class InMemoryCheckCursor extends CheckCursor {
  private at: string | undefined;

  async position(): Promise<string | undefined> {
    return this.at;
  }

  async advance(from: string | undefined, to: string): Promise<boolean> {
    if (this.at !== from) return false;
    this.at = to;
    return true;
  }
}
