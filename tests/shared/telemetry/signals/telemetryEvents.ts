import type { ClassifiedTelemetryEvent } from '../../../../shared/telemetry';

let serial = 0;

/**
 * An accepted telemetry event as the app signals read it (name, kind, the event's own fields, its batch's app and
 * environment); the classification is left out, no signal reads it.
 */
export function acceptedEvent(
  name: string,
  kind: string,
  fields: { timestamp: string; userId?: string; sessionId?: string; properties: Record<string, unknown> },
  app = 'com.example.vigilbank',
): ClassifiedTelemetryEvent {
  serial += 1;
  const eventId = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
  return {
    batch: {
      envelopeId: 'envelope',
      receivedAt: fields.timestamp,
      schemaVersion: 2,
      batchId: 'batch',
      app: { id: app, platform: 'ios', version: '4.12.0', build: '4120031' },
      sentAt: fields.timestamp,
      release: `${app}@4.12.0+4120031`,
      environment: 'production',
      fields: [],
    },
    eventId,
    name,
    kind: kind as ClassifiedTelemetryEvent['kind'],
    event: { eventId, name, kind, sessionId: fields.sessionId ?? 'session-1', ...fields },
    fields: [],
    unexpected: [],
  } as ClassifiedTelemetryEvent;
}
