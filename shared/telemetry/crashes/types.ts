import type { SentryExceptionValue, SentryThread } from '../../../events/telemetry';

/*
 * What crash grouping and the crash aggregates read of a stored telemetry event: a structural subset
 * of the telemetry store's StoredTelemetryEvent (and of what a capture's batch gives, see
 * bin/commands/crashes.ts), so either source fits. `userPseudonym` is the keyed pseudonym, never
 * the user id; `properties` hold no Restricted value.
 */
export interface CrashEventInput {
  readonly eventId: string;
  readonly name: string;
  readonly kind: string;
  /** ISO 8601 event time. */
  readonly timestamp: string;
  /**
   * When the bus received the event's batch (ISO 8601, event time), when known: a crash uploaded at the app's
   * next launch arrives hours after its timestamp (the crash check re-judges the windows it lands in).
   */
  readonly receivedAt?: string | null;
  readonly release: string;
  /** The Sentry platform (javascript, java, cocoa, go, python...) or the app's (ios, android, web). */
  readonly platform?: string | null;
  readonly userPseudonym?: string | null;
  readonly sessionId?: string | null;
  readonly properties?: Readonly<Record<string, unknown>> | null;
  readonly exception?: { readonly values: readonly SentryExceptionValue[] } | null;
  readonly threads?: { readonly values: readonly SentryThread[] } | null;
  readonly fingerprint?: readonly string[] | null;
}

/** Crash and error events are these kinds; the others only count towards sessions and users. */
export const CRASH_KINDS: ReadonlySet<string> = new Set(['crash', 'error']);
