import type { AppEventKind, PropertyValue, SentryExceptionValue, SentryThread } from '../../../events/telemetry';
import { parseDoc, type TelemetryItem } from './item';

/**
 * A stored telemetry event as the aggregates read it (crash grouping, experiments, feedback): its
 * identity, its batch's release, and the values that are not Restricted. The user is a pseudonym.
 */
export interface StoredTelemetryEvent {
  eventId: string;
  batchId: string;
  appId: string;
  name: string;
  kind: AppEventKind;
  /** Event time, ISO 8601 UTC. */
  timestamp: string;
  /** When the bus received its batch (event time of the envelope): later than `timestamp` for a crash sent late. */
  receivedAt?: string;
  release: string;
  environment: string;
  platform: string;
  userPseudonym?: string;
  sessionId?: string;
  /** The event's properties, without the Restricted ones. */
  properties: Record<string, PropertyValue>;
  exception?: { values: SentryExceptionValue[] };
  threads?: { values: SentryThread[] } | null;
  fingerprint?: string[] | null;
}

/** The read view of a (not erased) item. */
export function storedEvent(item: TelemetryItem): StoredTelemetryEvent {
  const { event } = parseDoc(item);
  const out: StoredTelemetryEvent = {
    eventId: item.eventId,
    batchId: item.batchId ?? '',
    appId: item.appId ?? '',
    name: item.name ?? '',
    kind: item.kind as AppEventKind,
    timestamp: item.timestamp ?? '',
    release: item.release ?? '',
    environment: item.environment ?? '',
    platform: item.platform ?? '',
    properties: (event.properties ?? {}) as Record<string, PropertyValue>,
  };
  if (item.receivedAt !== undefined) out.receivedAt = item.receivedAt;
  if (item.userPseudonym !== undefined) out.userPseudonym = item.userPseudonym;
  if (item.sessionId !== undefined) out.sessionId = item.sessionId;
  if (event.exception !== undefined) out.exception = event.exception as StoredTelemetryEvent['exception'];
  if (event.threads !== undefined) out.threads = event.threads as StoredTelemetryEvent['threads'];
  if (event.fingerprint !== undefined) out.fingerprint = event.fingerprint as StoredTelemetryEvent['fingerprint'];
  return out;
}
