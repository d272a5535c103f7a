import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { AUDIT_RECORDS_DETAIL_TYPE, AUDIT_RECORDS_SOURCE, MAX_AUDIT_RECORDS_PER_EVENT } from '../../events/schemas/auditRecords';
import { PUT_EVENTS_MAX_BYTES, putEventsBatched } from '../events/putEventsBatched';
import type { RetryDeadline } from '../retry';
import type { OcsfAuditEvent } from './ocsf';

export interface AuditPublisherOptions {
  eventBridge: EventBridgeClient;
  busName: string;
  /** Per bus event; default MAX_AUDIT_RECORDS_PER_EVENT. */
  maxRecordsPerEvent?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A record to publish, with the event id of the audit record behind it (what a failure is reported by). */
export interface PublishItem {
  eventId: string;
  ocsf: OcsfAuditEvent;
}

/** Leave room under the 256 KB entry limit for the envelope members that count (source, detail-type). */
const MAX_DETAIL_BYTES = PUT_EVENTS_MAX_BYTES - 4 * 1024;

/**
 * Puts OCSF audit events on the Vigil bus as "Vigil Audit Records" for the alert router, which owns
 * delivery to the SIEM (its sink, retries and, later, its outbox). Records are packed many to a bus
 * event (within the count and the 256 KB entry limit), so one sign-in is not one router invocation.
 * Returns the event ids whose records were not published: the caller fails those messages, and their
 * redelivery publishes them again (the chain append is idempotent; the SIEM dedups on metadata.uid).
 */
export class AuditPublisher {
  constructor(private readonly options: AuditPublisherOptions) {}

  async publish(items: readonly PublishItem[], deadline: RetryDeadline = {}): Promise<{ published: number; failed: Map<string, string> }> {
    const failed = new Map<string, string>();
    if (items.length === 0) return { published: 0, failed };
    const groups = this.pack(items, failed);
    const byEntry = new Map<PutEventsRequestEntry, PublishItem[]>();
    const entries = groups.map((group) => {
      const entry: PutEventsRequestEntry = {
        EventBusName: this.options.busName,
        Source: AUDIT_RECORDS_SOURCE,
        DetailType: AUDIT_RECORDS_DETAIL_TYPE,
        Time: new Date(Math.max(...group.map((i) => i.ocsf.time))),
        Detail: JSON.stringify({ records: group.map((i) => i.ocsf) }),
      };
      byEntry.set(entry, group);
      return entry;
    });
    const outcome = await putEventsBatched(this.options.eventBridge, entries, {
      sleep: this.options.sleep,
      signal: deadline.signal,
      deadline: deadline.deadline,
    });
    let published = 0;
    const failedEntries = new Set(outcome.failed.map((f) => f.entry));
    for (const [entry, group] of byEntry) {
      if (!failedEntries.has(entry)) {
        published += group.length;
        continue;
      }
      const reason = outcome.failed.find((f) => f.entry === entry);
      for (const item of group) failed.set(item.eventId, `${reason?.errorCode}: ${reason?.errorMessage}`);
    }
    return { published, failed };
  }

  /** Groups records into bus events of at most maxRecordsPerEvent records and MAX_DETAIL_BYTES. */
  private pack(items: readonly PublishItem[], failed: Map<string, string>): PublishItem[][] {
    const max = this.options.maxRecordsPerEvent ?? MAX_AUDIT_RECORDS_PER_EVENT;
    const groups: PublishItem[][] = [];
    let current: PublishItem[] = [];
    let bytes = 0;
    for (const item of items) {
      const size = Buffer.byteLength(JSON.stringify(item.ocsf), 'utf8') + 1;
      if (size > MAX_DETAIL_BYTES) {
        failed.set(item.eventId, `record is ${size} bytes, over the bus event limit`);
        continue;
      }
      if (current.length > 0 && (current.length >= max || bytes + size > MAX_DETAIL_BYTES)) {
        groups.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += size;
    }
    if (current.length > 0) groups.push(current);
    return groups;
  }
}
