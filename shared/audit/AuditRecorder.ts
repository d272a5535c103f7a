import type { CloudTrailEnvelope } from '../detections';
import type { RetryDeadline } from '../retry';
import type { AuditClassifier } from './classify';
import { type EntryContext, toAuditEntry } from './entry';
import { toOcsfAudit } from './ocsf';
import { partitionOf } from './partition';
import type { AuditKind, StoredAuditRecord } from './record';
import type { AuditPublisher, PublishItem } from './AuditPublisher';
import type { AppendResult, AuditStore, PlacedEntry } from './store/AuditStore';

export interface AuditRecorderOptions {
  classifier: AuditClassifier;
  store: AuditStore;
  publisher: AuditPublisher;
  /** Builds entries: pseudonymises and seals Restricted values. */
  entries: EntryContext;
  shards: number;
  stage: string;
  productVersion: string;
}

/** One input event with the id the caller reports its outcome by (the SQS message id). */
export interface RecorderInput {
  id: string;
  event: CloudTrailEnvelope;
}

export interface RecorderOutcome {
  /** Newly recorded, by kind. */
  recorded: Record<AuditKind, number>;
  /** Recorded before (a redelivery): not recorded again; handed on again only if that had not happened yet. */
  duplicates: number;
  /** Records handed on for the SIEM in this batch. */
  published: number;
  /** Not audit events. */
  skipped: number;
  /** Input ids that failed (not recorded, or recorded but not published): the caller retries them. */
  failed: Map<string, Error>;
  records: StoredAuditRecord[];
}

/**
 * The audit trail's job for one batch: classify each event, record the audit events in their
 * partitions' chains (idempotently), and put their OCSF form on the bus for the router to forward to
 * the SIEM. An input is acknowledged only once both happened: a failure in either fails that input
 * alone, and its redelivery finds the record and publishes it again. Nothing recorded is lost, and
 * nothing is recorded twice.
 */
export class AuditRecorder {
  constructor(private readonly options: AuditRecorderOptions) {}

  async record(inputs: readonly RecorderInput[], deadline: RetryDeadline = {}): Promise<RecorderOutcome> {
    const outcome: RecorderOutcome = {
      recorded: { authentication: 0, operation: 0 },
      duplicates: 0,
      published: 0,
      skipped: 0,
      failed: new Map(),
      records: [],
    };
    const { classifier, shards } = this.options;

    const placed: Array<PlacedEntry & { inputs: string[] }> = [];
    const byEventId = new Map<string, PlacedEntry & { inputs: string[] }>();
    for (const input of inputs) {
      const classification = classifier.classify(input.event);
      if (!classification) {
        outcome.skipped += 1;
        continue;
      }
      // The same event twice in one batch (a redelivery landing beside the original): one entry, both inputs.
      const known = byEventId.get(input.event.id);
      if (known) {
        known.inputs.push(input.id);
        continue;
      }
      try {
        const entry = await toAuditEntry(input.event, classification, this.options.entries);
        const item = { entry, partition: partitionOf(entry, shards), inputs: [input.id] };
        placed.push(item);
        byEventId.set(entry.eventId, item);
      } catch (error) {
        outcome.failed.set(input.id, error as Error);
      }
    }
    if (placed.length === 0) return outcome;

    const appended = await this.options.store.append(placed, deadline.deadline === undefined ? {} : { deadline: deadline.deadline });
    const toPublish: PublishItem[] = [];
    const inputsOf = new Map<string, string[]>();
    for (const item of placed) {
      const result: AppendResult | Error | undefined = appended.get(item.entry.eventId);
      if (result === undefined || result instanceof Error) {
        for (const id of item.inputs) outcome.failed.set(id, result ?? new Error(`event ${item.entry.eventId} was not appended`));
        continue;
      }
      if (result.duplicate) outcome.duplicates += 1;
      else outcome.recorded[result.record.record.kind] += 1;
      outcome.records.push(result.record);
      // A redelivery of an event already handed on is done; one whose first delivery failed to
      // publish (the reason it came back) is published now.
      if (result.published) continue;
      inputsOf.set(item.entry.eventId, item.inputs);
      toPublish.push({ eventId: item.entry.eventId, ocsf: toOcsfAudit(result.record, this.options) });
    }

    let failed: Map<string, string>;
    try {
      failed = (await this.options.publisher.publish(toPublish, deadline)).failed;
    } catch (error) {
      for (const ids of inputsOf.values()) for (const id of ids) outcome.failed.set(id, error as Error);
      return outcome;
    }
    for (const [eventId, reason] of failed) {
      for (const id of inputsOf.get(eventId) ?? [])
        outcome.failed.set(id, new Error(`audit record of event ${eventId} not published: ${reason}`));
    }
    const handedOn = toPublish.map((p) => p.eventId).filter((id) => !failed.has(id));
    outcome.published = handedOn.length;
    await this.options.store.markPublished(handedOn);
    return outcome;
  }
}
