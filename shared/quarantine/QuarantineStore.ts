import { createHash } from 'node:crypto';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FieldEncryptor } from '../crypto';

/** An input that failed validation: kept (payload sealed, it may hold Restricted data) with the reason. */
export interface QuarantineEntry {
  /** Which component refused it, e.g. security-detector. */
  component: string;
  reason: string;
  /** The raw input, as received. Never stored in plaintext. */
  payload: string;
  source?: string;
  detailType?: string;
  eventId?: string;
  /** An item inside the input (an app event of a telemetry batch): the input itself was handled, this part of it refused. */
  item?: string;
}

export interface QuarantineStoreOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  encryptor: FieldEncryptor;
  retentionDays?: number;
  now?: () => Date;
}

const SCHEMA_VERSION = 1;
const SEALED_FIELDS = ['payload'];

export class QuarantineStore {
  constructor(private readonly options: QuarantineStoreOptions) {}

  /** Stores the entry; the id is derived from component and payload, so a redelivered input is one entry. */
  async put(entry: QuarantineEntry): Promise<string> {
    const { ddb, table, encryptor } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const id = quarantineEntryId(entry.component, entry.payload);
    const payload = await encryptor.seal(entry.payload, { table, key: id, fields: SEALED_FIELDS, schemaVersion: SCHEMA_VERSION });
    const fields: Record<string, unknown> = {
      component: entry.component,
      reason: entry.reason.slice(0, 2000),
      source: entry.source,
      detailType: entry.detailType,
      eventId: entry.eventId,
      item: entry.item,
      receivedAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + (this.options.retentionDays ?? 30) * 86_400,
      schemaVersion: SCHEMA_VERSION,
      payload,
    };
    const present = Object.entries(fields).filter(([, value]) => value !== undefined);
    // One item per input and component; `deliveries` counts how often it was refused (a poison
    // event redelivered, a duplicate in a replayed capture), atomically, whoever writes it.
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { id },
        UpdateExpression: `SET ${present.map((_, i) => `#f${i} = :f${i}`).join(', ')} ADD deliveries :one`,
        ExpressionAttributeNames: Object.fromEntries(present.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(present.map(([, value], i) => [`:f${i}`, value])), ':one': 1 },
      }),
    );
    return id;
  }
}

export const QUARANTINE_SEALED_FIELDS = SEALED_FIELDS;

/** An entry's id: the same input refused by the same component is one entry, however often it is redelivered. */
export function quarantineEntryId(component: string, payload: string): string {
  return createHash('sha256').update(component).update('\0').update(payload).digest('hex').slice(0, 32);
}
export const QUARANTINE_SCHEMA_VERSION = SCHEMA_VERSION;
