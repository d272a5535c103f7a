import { randomUUID } from 'node:crypto';
import { AwsServiceError, serializationError, startAwsJsonServer, validationError, type EmbeddedEndpoint } from './awsJsonServer';
import { PUT_EVENTS_MAX_BYTES, PUT_EVENTS_MAX_ENTRIES, putEventsEntrySize } from '../../shared/events/putEventsBatched';

/*
 * Embedded EventBridge endpoint: PutEvents over AWS JSON 1.1 (`X-Amz-Target: AWSEvents.PutEvents`),
 * with the service's own limits and answers, so the unmodified EventBridgeClient (and the code that
 * batches for it) is exercised locally exactly as in production.
 *
 * Behaviour reproduced, and where it was checked:
 * - More than 10 entries: request error ValidationException "1 validation error detected: Value
 *   '[PutEventsRequestEntry(...), ...]' at 'entries' failed to satisfy constraint: Member must have
 *   length less than or equal to 10" (HTTP 400). Responses recorded against AWS in LocalStack's
 *   AWS-validated snapshots (tests/aws/services/events/test_events.snapshot.json, 2024-12).
 * - Entry size as AWS documents it ("Calculating PutEvents event entry size"): Time counts 14 bytes
 *   when present; Source, DetailType, Detail and each Resources element count their UTF-8 bytes
 *   (EventBusName and TraceHeader do not count). The limit is on the total of the request's entries
 *   ("The total entry size must be less than 256KB"), and AWS enforces it on the whole request: one
 *   oversized entry fails the request with ValidationException "Total size of the entries in the
 *   request is over the limit." (HTTP 400), not as a per-entry failure (same snapshots). There is no
 *   per-entry "too large" ErrorCode in the PutEventsResultEntry documentation.
 * - Per-entry failures (HTTP 200, FailedEntryCount, ErrorCode/ErrorMessage at the entry's index):
 *   missing Source/DetailType/Detail: InvalidArgument "Parameter Source is not valid. Reason: Source
 *   is a required argument." (likewise DetailType, Detail); Detail not a JSON object (a string, an
 *   array, malformed JSON): MalformedDetail "Detail is malformed." (same snapshots; also quoted from
 *   a real account in baselime/lambda-node-opentelemetry#1).
 * - An EventBusName that names no bus: AWS accepts the entry (an EventId, FailedEntryCount 0) and the
 *   event goes nowhere (aws/aws-cli#9186, aws/aws-sdk#186, localstack#8264). Reproduced: such
 *   entries are not passed to `onEvents` but to `onUnroutable`, so the runtime can say so.
 * - Retryable per-entry codes for fault injection: ThrottlingException and InternalFailure (the
 *   PutEventsResultEntry reference lists them as the retryable ErrorCodes).
 */

/** The event as an EventBridge target receives it. */
export interface EventBridgeEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, seconds precision, `Z` (as AWS writes it). */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * One accepted entry: the envelope a target would receive, plus the name of the bus it was put on
 * (an ARN in the request is reduced to the bus name). `const { eventBusName, ...event } = entry`
 * gives the envelope alone.
 */
export type PutEventsEntryAccepted = EventBridgeEnvelope & { eventBusName: string };

/** A PutEventsRequestEntry as it arrives on the wire (Time in epoch seconds). */
export interface PutEventsRequestEntryWire {
  Time?: number | string;
  Source?: string;
  Resources?: string[];
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  TraceHeader?: string;
}

export interface PutEventsEntryFailure {
  ErrorCode: string;
  ErrorMessage: string;
}

export interface StartEventBridgeOptions {
  /** Receives the accepted entries of each request, in request order, before the response is sent. */
  onEvents(entries: PutEventsEntryAccepted[]): Promise<void> | void;
  /** Receives entries put on a bus that does not exist (AWS accepts and drops them). */
  onUnroutable?(entries: PutEventsEntryAccepted[]): Promise<void> | void;
  /** Account in envelopes and ARNs (default 123456789012). */
  account?: string;
  /** Region in envelopes and ARNs (default us-east-1). */
  region?: string;
  /** Custom buses that exist besides `default`. */
  buses?: string[];
  /**
   * Fault injection for tests: called for each entry that passed validation; a returned failure is
   * reported for that entry (e.g. `{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }`)
   * and the entry is not delivered.
   */
  failNext?(entry: PutEventsRequestEntryWire, index: number): PutEventsEntryFailure | undefined;
}

export interface EmbeddedEventBridge extends EmbeddedEndpoint {
  account: string;
  region: string;
}

/** 256 KB; the documented rule is that the entries' total "must be less than" it. */
const PUT_EVENTS_MAX_TOTAL_ENTRY_BYTES = PUT_EVENTS_MAX_BYTES;
export { PUT_EVENTS_MAX_ENTRIES, putEventsEntrySize };
/**
 * Bodies above this are refused without parsing. JSON escaping grows a string at most 6-fold, so a
 * body this large can only carry entries under 256 KB if it is padded with members PutEvents does
 * not have; it is answered with the same ValidationException as entries over the limit.
 */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const TOTAL_SIZE_MESSAGE = 'Total size of the entries in the request is over the limit.';

/** EventBusName: NonPartnerEventBusNameOrArn in the EventBridge model. */
const EVENT_BUS_NAME_PATTERN = /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/;
const EVENT_BUS_NAME_PATTERN_TEXT = '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+';

/** `2024-05-01T10:00:00Z` from epoch milliseconds. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Time on the wire: epoch seconds (what the SDK sends), or an ISO string. */
function parseTime(value: unknown, index: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms =
    typeof value === 'number'
      ? value * 1000
      : typeof value === 'string'
        ? /^-?\d+(\.\d+)?$/.test(value)
          ? Number(value) * 1000
          : Date.parse(value)
        : NaN;
  if (!Number.isFinite(ms)) throw serializationError(`Entries[${index}].Time: expected a timestamp.`);
  return ms;
}

function readEntry(raw: unknown, index: number): PutEventsRequestEntryWire {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw serializationError(`Entries[${index}]: expected a structure.`);
  }
  const record = raw as Record<string, unknown>;
  const entry: PutEventsRequestEntryWire = {};
  for (const member of ['Source', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader'] as const) {
    const value = record[member];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw serializationError(`Entries[${index}].${member}: expected a string.`);
    entry[member] = value;
  }
  if (record.Time !== undefined && record.Time !== null) {
    if (typeof record.Time !== 'number' && typeof record.Time !== 'string') {
      throw serializationError(`Entries[${index}].Time: expected a timestamp.`);
    }
    entry.Time = record.Time;
  }
  if (record.Resources !== undefined && record.Resources !== null) {
    if (!Array.isArray(record.Resources) || record.Resources.some((r) => typeof r !== 'string')) {
      throw serializationError(`Entries[${index}].Resources: expected a list of strings.`);
    }
    entry.Resources = record.Resources as string[];
  }
  return entry;
}

/** The Java toString of a request entry, as the service quotes it in its validation message. */
function describeEntry(entry: PutEventsRequestEntryWire): string {
  const orNull = (v: unknown): string => (v === undefined || v === null ? 'null' : String(v));
  const resources = entry.Resources ? `[${entry.Resources.join(', ')}]` : 'null';
  const time = entry.Time === undefined ? 'null' : String(entry.Time);
  return (
    `PutEventsRequestEntry(time=${time}, source=${orNull(entry.Source)}, resources=${resources}, ` +
    `detailType=${orNull(entry.DetailType)}, detail=${orNull(entry.Detail)}, eventBusName=${orNull(entry.EventBusName)}, ` +
    `traceHeader=${orNull(entry.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}

function missing(member: 'Source' | 'DetailType' | 'Detail'): PutEventsEntryFailure {
  return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.` };
}

function parseDetail(detail: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `default`, `my-bus`, or `arn:aws:events:<region>:<account>:event-bus/my-bus` to the bus name. */
export function eventBusNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  const marker = ':event-bus/';
  const at = nameOrArn.startsWith('arn:') ? nameOrArn.indexOf(marker) : -1;
  return at >= 0 ? nameOrArn.slice(at + marker.length) : nameOrArn;
}

/** Starts the embedded EventBridge endpoint on 127.0.0.1 (ephemeral port). */
export async function startEventBridge(options: StartEventBridgeOptions): Promise<EmbeddedEventBridge> {
  const account = options.account ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const buses = new Set(['default', ...(options.buses ?? [])]);

  const busExists = (nameOrArn: string | undefined): boolean => {
    if (nameOrArn?.startsWith('arn:')) {
      const parts = nameOrArn.split(':');
      // arn:partition:events:region:account:event-bus/name: a bus in another region or account is not one of ours.
      if (parts[3] !== region || parts[4] !== account) return false;
    }
    return buses.has(eventBusNameOf(nameOrArn));
  };

  async function putEvents(input: Record<string, unknown>): Promise<unknown> {
    const rawEntries = input.Entries;
    if (rawEntries === undefined || rawEntries === null) {
      throw validationError("Value null at 'entries' failed to satisfy constraint: Member must not be null");
    }
    if (!Array.isArray(rawEntries)) throw serializationError('Entries: expected a list.');
    const entries = rawEntries.map(readEntry);
    if (entries.length < 1) {
      throw validationError("Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (entries.length > PUT_EVENTS_MAX_ENTRIES) {
      throw validationError(
        `Value '[${entries.map(describeEntry).join(', ')}]' at 'entries' failed to satisfy constraint: ` +
          `Member must have length less than or equal to ${PUT_EVENTS_MAX_ENTRIES}`,
      );
    }
    entries.forEach((entry, i) => {
      const name = entry.EventBusName;
      if (name !== undefined && (name.length < 1 || name.length > 1600 || !EVENT_BUS_NAME_PATTERN.test(name))) {
        throw validationError(
          `Value '${name}' at 'entries.${i + 1}.member.eventBusName' failed to satisfy constraint: ` +
            `Member must satisfy regular expression pattern: ${EVENT_BUS_NAME_PATTERN_TEXT}`,
        );
      }
    });
    const times = entries.map((entry, i) => parseTime(entry.Time, i));
    const total = entries.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0);
    if (total >= PUT_EVENTS_MAX_TOTAL_ENTRY_BYTES) throw totalSizeError();

    const now = Date.now();
    const results: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }> = [];
    const delivered: Array<{ index: number; accepted: PutEventsEntryAccepted }> = [];
    const unroutable: PutEventsEntryAccepted[] = [];

    entries.forEach((entry, index) => {
      const { Source, DetailType, Detail } = entry;
      const detail = Detail === undefined ? undefined : parseDetail(Detail);
      let failure: PutEventsEntryFailure | undefined;
      if (!Source) failure = missing('Source');
      else if (!DetailType) failure = missing('DetailType');
      else if (Detail === undefined) failure = missing('Detail');
      else if (!detail) failure = { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      else failure = options.failNext?.(entry, index);
      if (failure || !Source || !DetailType || !detail) {
        const { ErrorCode, ErrorMessage } = failure ?? { ErrorCode: 'InternalFailure', ErrorMessage: '' };
        results.push({ ErrorCode, ErrorMessage });
        return;
      }

      const id = randomUUID();
      const accepted: PutEventsEntryAccepted = {
        version: '0',
        id,
        'detail-type': DetailType,
        source: Source,
        account,
        time: isoSeconds(times[index] ?? now),
        region,
        resources: [...(entry.Resources ?? [])],
        detail,
        eventBusName: eventBusNameOf(entry.EventBusName),
      };
      results.push({ EventId: id });
      if (busExists(entry.EventBusName)) delivered.push({ index, accepted });
      else unroutable.push(accepted);
    });

    if (delivered.length > 0) {
      try {
        await options.onEvents(delivered.map((d) => d.accepted));
      } catch (err) {
        // The in-process consumer failed: report those entries as InternalFailure (retryable), as AWS
        // reports an entry it could not take, rather than acknowledging events that went nowhere.
        const message = `Local delivery failed: ${err instanceof Error ? err.message : String(err)}`;
        for (const { index } of delivered) results[index] = { ErrorCode: 'InternalFailure', ErrorMessage: message };
      }
    }
    if (unroutable.length > 0) await options.onUnroutable?.(unroutable);

    return {
      FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length,
      Entries: results,
    };
  }

  const server = await startAwsJsonServer({
    targetPrefix: 'AWSEvents',
    operations: { PutEvents: putEvents },
    maxBodyBytes: MAX_BODY_BYTES,
    bodyTooLarge: () => totalSizeError(),
  });
  return { ...server, account, region };
}

function totalSizeError(): AwsServiceError {
  return new AwsServiceError('ValidationException', TOTAL_SIZE_MESSAGE);
}
