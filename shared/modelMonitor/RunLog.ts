import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A monitoring run that arrived, whatever its outcome: what the missing-run check looks for. */
export interface RunArrival {
  readonly schedule: string;
  /** The end of the run's data window (ISO). */
  readonly runTime: string;
  readonly job: string;
  readonly model: string;
}

/**
 * The runs that arrived per schedule: written by the model monitor, read by the scheduled check
 * (functions/model-monitor-check). A put is an idempotent overwrite keyed by schedule and runTime.
 */
export interface RunLog {
  record(arrival: RunArrival, expiresAt: number): Promise<void>;
  /** Arrivals of the schedule with fromTime <= runTime <= toTime (ISO). */
  arrivals(schedule: string, fromTime: string, toTime: string): Promise<RunArrival[]>;
  /** The schedule's earliest recorded run: windows before it are not expected (the schedule did not exist yet). */
  first(schedule: string): Promise<RunArrival | undefined>;
}

/** In the DetectionState table, in a key space of its own: pk `model-monitor-run#<schedule>`, sk the runTime. */
export class DynamoRunLog implements RunLog {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(arrival: RunArrival, expiresAt: number): Promise<void> {
    await this.ddb.send(
      new PutCommand({ TableName: this.table, Item: { pk: partitionKey(arrival.schedule), sk: arrival.runTime, ...arrival, expiresAt } }),
    );
  }

  async arrivals(schedule: string, fromTime: string, toTime: string): Promise<RunArrival[]> {
    const out: RunArrival[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': partitionKey(schedule), ':from': fromTime, ':to': toTime },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) out.push({ schedule, runTime: item.runTime, job: item.job, model: item.model });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  async first(schedule: string): Promise<RunArrival | undefined> {
    const page = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey(schedule) },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const item = page.Items?.[0];
    return item ? { schedule, runTime: item.runTime, job: item.job, model: item.model } : undefined;
  }
}

export class InMemoryRunLog implements RunLog {
  private readonly rows = new Map<string, RunArrival>();

  async record(arrival: RunArrival): Promise<void> {
    this.rows.set(`${arrival.schedule}\n${arrival.runTime}`, { ...arrival });
  }

  async arrivals(schedule: string, fromTime: string, toTime: string): Promise<RunArrival[]> {
    return [...this.rows.values()].filter((r) => r.schedule === schedule && r.runTime >= fromTime && r.runTime <= toTime);
  }

  async first(schedule: string): Promise<RunArrival | undefined> {
    return [...this.rows.values()].filter((r) => r.schedule === schedule).sort((a, b) => (a.runTime < b.runTime ? -1 : 1))[0];
  }
}

function partitionKey(schedule: string): string {
  return `model-monitor-run#${schedule}`;
}
