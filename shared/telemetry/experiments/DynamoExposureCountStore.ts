import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ExposureStoreError } from './errors';
import type { AssignmentChange, ExposureAssignment, ExposureCountStore } from './ExposureCountStore';

/** The assignment of one unit: one item per experiment and unit, so no experiment is a hot partition. */
export const UNIT_PK_PREFIX = 'experiment-unit:';
/** The counts of one experiment: `n:<variant>` attributes, ADDed. */
export const COUNTS_PK_PREFIX = 'experiment-exposures:';
const SK = 'v1';
const COUNT_PREFIX = 'n:';

/**
 * ExposureCountStore in the DetectionState table (infra/resources/tables.yml):
 *   pk `experiment-unit:<experiment>#<unit>`, sk `v1`: the unit's variant, time and event id of its earliest exposure,
 *     written by an UpdateItem conditional on there being none or a later one (ReturnValues ALL_OLD tells the change);
 *   pk `experiment-exposures:<experiment>`, sk `v1`: `n:<variant>` exposed units, changed by ADD.
 * The unit is a pseudonym (`user:user:<hmac>`) or a session id, never a user id.
 */
export class DynamoExposureCountStore implements ExposureCountStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async assign(a: ExposureAssignment, expiresAt: number): Promise<AssignmentChange> {
    try {
      const result = await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `${UNIT_PK_PREFIX}${a.experimentKey}#${a.unit}`, sk: SK },
          UpdateExpression: 'SET #variant = :variant, #time = :time, #eventId = :eventId, #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#time) OR #time > :time OR (#time = :time AND #eventId > :eventId)',
          ExpressionAttributeNames: { '#variant': 'variant', '#time': 'time', '#eventId': 'eventId', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':variant': a.variant, ':time': a.time, ':eventId': a.eventId, ':expiresAt': expiresAt },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = result.Attributes?.variant as string | undefined;
      if (before === undefined) return { added: a.variant };
      return before === a.variant ? {} : { added: a.variant, removed: before };
    } catch (error) {
      // A redelivered or later exposure: the assignment stands, nothing changes.
      if (error instanceof ConditionalCheckFailedException) return {};
      throw new ExposureStoreError(`cannot record an exposure of experiment "${a.experimentKey}"`, { cause: error });
    }
  }

  async add(experimentKey: string, deltas: ReadonlyMap<string, number>, expiresAt: number): Promise<void> {
    const changed = [...deltas].filter(([, delta]) => delta !== 0);
    if (changed.length === 0) return;
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `${COUNTS_PK_PREFIX}${experimentKey}`, sk: SK },
          UpdateExpression: `ADD ${changed.map((_, i) => `#n${i} :n${i}`).join(', ')} SET #expiresAt = :expiresAt`,
          ExpressionAttributeNames: {
            ...Object.fromEntries(changed.map(([variant], i) => [`#n${i}`, `${COUNT_PREFIX}${variant}`])),
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: { ...Object.fromEntries(changed.map(([, delta], i) => [`:n${i}`, delta])), ':expiresAt': expiresAt },
        }),
      );
    } catch (cause) {
      throw new ExposureStoreError(`cannot add to the exposure counts of experiment "${experimentKey}"`, { cause });
    }
  }

  async counts(experimentKey: string): Promise<Map<string, number>> {
    let item: Record<string, unknown> | undefined;
    try {
      item = (
        await this.ddb.send(
          new GetCommand({ TableName: this.table, Key: { pk: `${COUNTS_PK_PREFIX}${experimentKey}`, sk: SK }, ConsistentRead: true }),
        )
      ).Item;
    } catch (cause) {
      throw new ExposureStoreError(`cannot read the exposure counts of experiment "${experimentKey}"`, { cause });
    }
    const counts = new Map<string, number>();
    for (const [name, value] of Object.entries(item ?? {})) {
      if (name.startsWith(COUNT_PREFIX) && typeof value === 'number' && value > 0) counts.set(name.slice(COUNT_PREFIX.length), value);
    }
    return counts;
  }
}
